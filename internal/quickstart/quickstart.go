// Package quickstart makes the process's start cheaper. Import it from
// package main only; call Done first thing in main, and Settle where the
// program goes on to run for a while.
//
// Before main runs, the libraries' package initialization allocates
// about 6 MB, most of it chroma (which glamour imports to colour code)
// decoding all its lexers' and styles' XML. With Go's defaults that heap
// is mapped 4 KB at a time, a page fault each (10 to 20 µs on a virtual
// machine), and the garbage collector runs several times over data that
// is all still live: on the 2-core VM precis is measured on, that was
// over a third of `precis list` on the embedded corpus.
//
// Since Go 1.21, packages with no dependency between them are
// initialized in import-path order, and this package's path sorts before
// every library's, so its init runs before theirs (TestQuickstartInitFirst
// in package main checks it; this package and internal/hugeheap import
// only what is initialized before the libraries). It:
//   - allocates a 24 MB ballast, address space only, never touched. The
//     runtime's first goal is 4 MB, so this allocation starts a
//     collection here, while the heap is all but empty, and the
//     reservation below runs another (this init takes 4 to 9 ms by
//     GODEBUG=inittrace, most of it setting up the first collection,
//     which the program would pay wherever that ran); after them the goal
//     is twice the ballast or more, and no collection runs while the
//     libraries initialize (runtime/debug, which could turn the collector
//     off, is initialized after the libraries). With a 16 MB ballast the
//     reservation's 16 MB reached the first collection's goal and started
//     a third;
//   - reserves the next 16 MB of heap in huge pages (internal/hugeheap),
//     which the libraries' initialization then fills, a fault per 2 MB
//     where the kernel gives them.
//
// Done drops the ballast: a one-shot command on a small corpus then
// usually ends before the collector would have had work. Settle collects
// at once, off the caller's goroutine, so that a long-running reader
// gets the collector's usual pacing back.
package quickstart

import (
	"runtime"

	"codeberg.org/precis/precis/internal/hugeheap"
)

const (
	// ballastSize sets the collector's goal after init (twice the
	// ballast), above what initialization and a one-shot command on a
	// small corpus allocate, and above what the reservation below adds
	// (at 16 MB, that started a third collection). It is not larger
	// because its pages, once freed, count as used: the runtime clears
	// them when it hands them out again. A large corpus's
	// hugeheap.Reserve, whose allocations take them first, marks them
	// for huge pages beforehand (hugeheap.Reuse), so that clearing them
	// faults once per 2 MB, not per 4 KB.
	ballastSize = 24 << 20
	// startHeap is the heap reserved in huge pages: what initialization
	// and a small corpus's load use, with room to spare.
	startHeap = 16 << 20
)

// ballast is allocated before anything is freed, so it is fresh memory
// the runtime need not clear: it is never touched, and costs no RSS.
var ballast []byte

func init() {
	ballast = make([]byte, ballastSize)
	hugeheap.Reserve(startHeap)
	// A large corpus's load reuses the ballast's memory first: see
	// ballastSize.
	hugeheap.Reuse(ballast)
}

// Done drops the ballast. The collector's goal stays where the ballast
// put it until the next collection (Settle, or a large corpus's
// hugeheap.Reserve).
func Done() {
	ballast = nil
}

// Settle starts a collection in the background, which frees the ballast
// and sets the collector's goal from what is really live.
func Settle() {
	go runtime.GC()
}
