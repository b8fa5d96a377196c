//go:build unix

package mapfile

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
)

var (
	file100kOnce sync.Once
	file100k     string
)

// corpusFile writes a generated 100k-summary corpus (411 MB) once per
// benchmark process.
func corpusFile(b *testing.B) string {
	file100kOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mapfile-bench")
		if err != nil {
			b.Fatal(err)
		}
		file100k = filepath.Join(dir, "100k.txt")
		if err := corpusgen.WriteFile(file100k, 100_000, 1); err != nil {
			b.Fatal(err)
		}
	})
	return file100k
}

// BenchmarkReadFile100k compares making a 411 MB corpus file present in
// memory with os.ReadFile and with ReadFile (a populated mapping). The
// file is in the page cache after the first run; os.ReadFile's memory is
// returned to the system between runs, as a fresh process starts without it.
func BenchmarkReadFile100k(b *testing.B) {
	path := corpusFile(b)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("os.ReadFile", func(b *testing.B) {
		b.SetBytes(fi.Size())
		for range b.N {
			if _, err := os.ReadFile(path); err != nil {
				b.Fatal(err)
			}
			// Give the memory back, so that the next read faults its
			// pages in as a fresh process does.
			b.StopTimer()
			debug.FreeOSMemory()
			b.StartTimer()
		}
	})
	b.Run("mapfile", func(b *testing.B) {
		b.SetBytes(fi.Size())
		for range b.N {
			data, mapped, err := ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			if mapped {
				syscall.Munmap(data)
			}
		}
	})
}
