//go:build unix

package mapfile

import (
	"os"
	"syscall"
)

// mapFile maps size bytes of f read-only; ok is false when it cannot.
func mapFile(f *os.File, size int) ([]byte, bool) {
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE|mapPopulate)
	if err != nil {
		return nil, false
	}
	return data, true
}

func unmap(data []byte) error { return syscall.Munmap(data) }
