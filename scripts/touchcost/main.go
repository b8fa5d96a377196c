//go:build linux

// Command touchcost measures what memory costs the first time a process
// touches it (BENCHMARKS.md, sixth session): it maps 256 MB, touches a
// byte per 4 KB page, unmaps it, and does that again, with the mapping
// marked for huge pages (MADV_HUGEPAGE) and not. On the 2-core VM
// precis is measured on, memory the machine has not handed out for a
// while cost 1.3 to 2.7 ms per MB in huge pages and 3.2 to 4.2 ms per MB
// in 4 KB pages; memory just freed by the process cost 0.07 ms per MB
// in huge pages.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
	"unsafe"
)

const (
	size      = 256 << 20
	hugePage  = 2 << 20
	madvHuge  = 14 // MADV_HUGEPAGE
	pageBytes = 4096
)

// touch maps size bytes (aligned to a huge page), touches every page and
// unmaps them, and returns how long the touching took.
func touch(huge bool) (time.Duration, error) {
	m, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return 0, err
	}
	defer syscall.Munmap(m)
	p := uintptr(unsafe.Pointer(&m[0]))
	b := m[(p+hugePage-1)&^(hugePage-1)-p:][:size]
	if huge {
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(unsafe.Pointer(&b[0])), size, madvHuge); errno != 0 {
			return 0, errno
		}
	}
	t0 := time.Now()
	for i := 0; i < size; i += pageBytes {
		b[i] = 1
	}
	return time.Since(t0), nil
}

func main() {
	for round := 1; round <= 3; round++ {
		for _, huge := range []bool{true, false} {
			d, err := touch(huge)
			if err != nil {
				fmt.Fprintln(os.Stderr, "touchcost:", err)
				os.Exit(1)
			}
			fmt.Printf("round %d, huge pages %-5v: %4d MB in %v, %.2f ms/MB\n", round, huge, size>>20, d.Round(time.Millisecond), float64(d.Microseconds())/1000/float64(size>>20))
		}
	}
}
