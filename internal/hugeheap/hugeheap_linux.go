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
	// before (touching it, page by page, before it is marked): in chunks,
	// only the first one or two are cleared, not the whole reservation.
	chunk = 8 << 20

	// arena is the size and alignment of the Go heap's arenas on 64-bit
	// Linux (Reserve does nothing on 32-bit systems).
	arena = 64 << 20

	madvHugePage   = 14 // MADV_HUGEPAGE
	madvNoHugePage = 15 // MADV_NOHUGEPAGE
)

var (
	mu       sync.Mutex
	reserved int64        // bytes reserved since the last Release
	marked   [][2]uintptr // the ranges marked since the last Release
	reuse    [2]uintptr   // a range the next Reserve marks first (see Reuse)
	refused  bool         // the kernel has no huge pages, or GODEBUG says not to use them
)

// Reserve makes sure that at least n bytes of heap are marked for huge
// pages, growing the heap by the difference, and runs a garbage
// collection to hand that space back. It does nothing on a 32-bit
// system, with GODEBUG=disablethp=1 (the runtime's switch to keep the
// heap out of huge pages), or once the kernel has refused.
func Reserve(n int64) {
	if unsafe.Sizeof(uintptr(0)) < 8 {
		return // the heap is not in 64 MB arenas of its own
	}
	mu.Lock()
	defer mu.Unlock()
	if refused || n <= reserved {
		return
	}
	if thpDisabled() {
		refused = true
		return
	}
	if r := reuse; r[0] < r[1] {
		// Marked before the chunks are allocated, which clears it.
		reuse = [2]uintptr{}
		if madvise(r[0], r[1]-r[0], madvHugePage) == syscall.EINVAL {
			refused = true
			return
		}
		marked = append(marked, r)
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
	// found room lower down. The heap's free pages below them are
	// allocated first, so the range starts at the 64 MB arena the lowest
	// chunk is in: that also marks heap in use (which khugepaged may
	// then gather into huge pages; Release ends that) and address space
	// the runtime has reserved but not yet mapped.
	start := lo &^ (arena - 1)
	end := hi &^ (hugePage - 1)
	if start < end {
		switch errno := madvise(start, end-start, madvHugePage); errno {
		case 0:
			reserved = n
			marked = append(marked, [2]uintptr{start, end})
		case syscall.EINVAL:
			refused = true // a kernel without transparent huge pages
		}
	}
	runtime.KeepAlive(keep)
	keep = nil
	// Free the chunks now: the load's allocations then take their pages.
	runtime.GC()
}

// Reuse says that the heap will reuse b's memory once b is freed, as it
// does quickstart's ballast: the next Reserve marks that memory for huge
// pages before it allocates. The runtime clears memory the heap used
// before when it hands it out again, touching it page by page; in 4 KB
// pages, a page fault each, Reserve spent 20 to 90 ms of the 100k
// corpus's load clearing the ballast's 24 MB, which no one had touched.
// (The reader also keeps the ballast until the reservation's own
// collection, so that the reservation takes fresh address space and
// clears nothing.)
func Reuse(b []byte) {
	if len(b) == 0 {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	mu.Lock()
	reuse = [2]uintptr{p &^ (hugePage - 1), (p + uintptr(len(b)) + hugePage - 1) &^ (hugePage - 1)}
	mu.Unlock()
}

func madvise(addr, n uintptr, advice int) syscall.Errno {
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, uintptr(advice))
	return errno
}

// Release ends what Reserve asked for: once the heavy allocation is over,
// the kernel's khugepaged may otherwise fill a 2 MB page around any 4 KB
// page still in use, taking back memory the runtime has returned. Pages
// already huge stay so until the runtime returns part of one.
func Release() {
	mu.Lock()
	defer mu.Unlock()
	for _, r := range marked {
		madvise(r[0], r[1]-r[0], madvNoHugePage)
	}
	marked, reserved, reuse = nil, 0, [2]uintptr{}
}

// thpDisabled reports whether GODEBUG sets disablethp=1 (the last
// setting of it counts, as for the runtime). The package imports only
// what is initialized before the libraries (see internal/quickstart), so
// no strings.Split here.
func thpDisabled() bool {
	v, _ := syscall.Getenv("GODEBUG")
	disabled := false
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == ',' {
			kv := v[start:i]
			if len(kv) > len("disablethp=") && kv[:len("disablethp=")] == "disablethp=" {
				disabled = kv[len("disablethp="):] == "1"
			}
			start = i + 1
		}
	}
	return disabled
}
