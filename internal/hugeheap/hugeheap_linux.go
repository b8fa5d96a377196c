package hugeheap

import (
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

const (
	hugePage = 2 << 20
	// chunk is the size of the allocations that grow the heap. The
	// runtime clears an allocation that begins in memory the heap used
	// before, and the first page faults then come 4 KB at a time: in
	// chunks, at most the first one or two are cleared, not the whole
	// reservation.
	chunk = 8 << 20

	// arena is the size and alignment of the Go heap's arenas on 64-bit
	// Linux (Reserve does nothing on 32-bit systems).
	arena = 64 << 20

	madvHugePage = 14 // MADV_HUGEPAGE
)

var (
	mu       sync.Mutex
	reserved int64
)

// Reserve makes sure that at least n bytes of heap are marked for huge
// pages, growing the heap by the difference, and runs a garbage
// collection to hand that space back. If the kernel refuses, the heap is
// as it would have been.
func Reserve(n int64) {
	if unsafe.Sizeof(uintptr(0)) < 8 {
		return // the heap is not in 64 MB arenas of its own
	}
	mu.Lock()
	defer mu.Unlock()
	if n <= reserved {
		return
	}
	var keep [][]byte
	lo, hi := ^uintptr(0), uintptr(0)
	for got := reserved; got < n; got += chunk {
		b := make([]byte, chunk)
		p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		lo, hi = min(lo, p), max(hi, p+chunk)
		keep = append(keep, b)
	}
	// The chunks are in one run of address space, save for any that
	// found room lower down. The heap's free pages below them are used
	// first: mark from the start of the 64 MB heap arena they begin in.
	// The part of it the heap has not mapped is skipped (the kernel
	// then says ENOMEM, having marked the rest); heap in use that is
	// marked too is harmless.
	start := lo &^ (arena - 1)
	end := hi &^ (hugePage - 1)
	if start < end {
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugePage)
		if errno == 0 || errno == syscall.ENOMEM {
			reserved = n
		}
	}
	runtime.KeepAlive(keep)
	keep = nil
	// Free the chunks now: the load's allocations then take their pages.
	runtime.GC()
}
