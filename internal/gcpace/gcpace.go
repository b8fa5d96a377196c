// Package gcpace paces the garbage collector around a large corpus: off
// while it loads and is indexed, tight once it is.
//
// A corpus's load and search index allocate little garbage beside what
// they keep: the summaries, the title deriver's tables (dropped at once
// when the titles are made), the index's postings. With Go's defaults
// the collector runs each time the heap doubles, some twenty times over
// the 100k corpus's load and index, and each time marks all that is
// live, the title deriver's candidates included: 140 to 240 ms of CPU
// on the 2-core VM precis is measured on, for almost nothing freed. Pause turns
// it off for that work, with a memory limit as a backstop, and Resume
// back on.
//
// Corpora under MinCorpus keep the defaults throughout.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"sync"

	"codeberg.org/precis/precis/internal/hugeheap"
)

// MinCorpus is the corpus size from which the collector is paced here.
const MinCorpus = hugeheap.MinCorpus

// pauseLimit is the least memory limit while paused: the backstop is
// one and a half times the corpus's size or this, whichever is more, so
// that a corpus whose summaries hold more heap than text (very many,
// very short ones) does not collect without end. One and a half: the
// huge-page reservation (internal/hugeheap) allocates as much heap as
// the corpus, and the load and the index fill two thirds of that at
// most (270 MB at 100k summaries, for a 411 MB file).
const pauseLimit = 256 << 20

// backstop is the memory limit while a corpus of corpusBytes is paused
// for: never above a limit the program (or GOMEMLIMIT) set before.
func backstop(corpusBytes int64, before int64) int64 {
	return min(before, max(corpusBytes*3/2, pauseLimit))
}

var (
	mu      sync.Mutex
	paused  bool
	percent int   // the GC percent before Pause
	limit   int64 // the memory limit before Pause
)

// Pause turns the collector off for the load and the indexing of a
// corpus of corpusBytes, until Resume: the heap is then collected only if
// it reaches the backstop (see pauseLimit), or when the program asks
// (runtime.GC). For a corpus under MinCorpus, or when already paused, it
// changes nothing. It reports whether the collector is paused, by this
// call or an earlier one.
//
// The pause may span several steps (the reader's load, then its search
// index): the collector off, the runtime also keeps the memory freed in
// between (the title deriver's tables) rather than hand it back to the
// kernel, and the next step reuses it rather than touch as much afresh.
func Pause(corpusBytes int64) bool {
	mu.Lock()
	defer mu.Unlock()
	if paused || corpusBytes < MinCorpus {
		return paused
	}
	paused = true
	limit = debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(backstop(corpusBytes, limit))
	percent = debug.SetGCPercent(-1)
	return true
}

// Resume turns the collector back on as it was before Pause, if paused.
func Resume() {
	mu.Lock()
	defer mu.Unlock()
	if !paused {
		return
	}
	paused = false
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
}

// Tighten keeps a large corpus's reader within about twice the corpus in
// memory, once its indexes are built. Go's default lets the heap reach
// twice what is live before collecting and returns freed memory slowly:
// at 100k summaries (about 300 MB live beside a 400 MB file) the reader
// held 2.5 times the file while it built its indexes. The garbage
// allowed becomes a quarter of what is live (at least 64 MB), and the
// Go heap's soft limit nine tenths of the corpus's size (or 1.25 times
// what is live, if more), which also makes the runtime hand freed memory
// back at once. Memory the reader maps besides the corpus (mapped: a
// cache of its indexes, model.NewCorpusFromCache) comes off that limit.
// The limit leaves at least 64 MB above what the runtime holds now: a
// limit at what it holds would have it collect without end (60 times a
// second, idle, for a 64 MB corpus). For a corpus under MinCorpus it
// does nothing.
func Tighten(corpusBytes, mapped int64) {
	if corpusBytes < MinCorpus {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetGCPercent(percentFor(ms.HeapAlloc))
	debug.SetMemoryLimit(limitFor(corpusBytes, mapped, ms.HeapAlloc, ms.Sys-ms.HeapReleased))
}

// limitFor is Tighten's soft limit for the Go runtime's memory, with
// live bytes of heap and held bytes of memory held by the runtime.
func limitFor(corpusBytes, mapped int64, live, held uint64) int64 {
	const headroom = 64 << 20
	return max(corpusBytes*9/10-mapped, int64(live)*5/4, int64(held)+headroom)
}

// percentFor is the GOGC that allows max(live/4, 64 MB) of garbage.
func percentFor(live uint64) int {
	const floor = 64 << 20
	if live == 0 {
		return 100
	}
	return int(min(100, max(25, 100*floor/live)))
}
