package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

var sink []byte

// garbage allocates n MB of garbage, 64 KB at a time, and returns how
// many collections ran meanwhile.
func garbage(n int) uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	n0 := ms.NumGC
	for range n * 16 {
		sink = make([]byte, 64<<10)
		sink[0] = 1
	}
	runtime.ReadMemStats(&ms)
	return ms.NumGC - n0
}

func TestPauseStopsCollectionsUntilResume(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	if Pause(MinCorpus - 1) { // a small corpus: nothing changes
		t.Fatal("Pause for a small corpus reports the collector paused")
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("Pause for a small corpus set the GC percent to %d", p)
	}
	if n := garbage(64); n == 0 {
		t.Fatal("no collection over 64 MB of garbage with the defaults: the test proves nothing")
	}

	if !Pause(MinCorpus) {
		t.Fatal("Pause for a large corpus reports the collector running")
	}
	// A second Pause, as the reader's index after its load, changes
	// nothing, whatever its size, and says the collector is paused.
	if !Pause(MinCorpus - 1) {
		t.Fatal("a second Pause reports the collector running")
	}
	if l := debug.SetMemoryLimit(-1); l != pauseLimit {
		t.Errorf("memory limit %d MB while paused, want %d MB", l>>20, pauseLimit>>20)
	}
	if n := garbage(128); n != 0 {
		t.Errorf("%d collections over 128 MB of garbage while paused", n)
	}
	runtime.GC() // the program may still collect when it asks

	Resume()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after Resume the GC percent is %d, want 100 as before Pause", p)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("after Resume the memory limit is %d, want none as before Pause", l)
	}
	if n := garbage(64); n == 0 {
		t.Error("no collection over 64 MB of garbage after Resume")
	}
	Resume() // a second Resume changes nothing
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after a second Resume the GC percent is %d", p)
	}
}

func TestBackstop(t *testing.T) {
	for _, c := range []struct {
		corpus, before, want int64
	}{
		{64 << 20, math.MaxInt64, pauseLimit},
		{400 << 20, math.MaxInt64, 600 << 20},
		{400 << 20, 500 << 20, 500 << 20}, // GOMEMLIMIT=500MiB stays
		{400 << 20, 100 << 20, 100 << 20},
	} {
		if got := backstop(c.corpus, c.before); got != c.want {
			t.Errorf("backstop(%d MB, %d) = %d MB, want %d MB", c.corpus>>20, c.before, got>>20, c.want>>20)
		}
	}
}

func TestPercentFor(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{32 << 20, 100},
		{64 << 20, 100},
		{128 << 20, 50},
		{256 << 20, 25},
		{1 << 30, 25},
	} {
		if got := percentFor(c.live); got != c.want {
			t.Errorf("percentFor(%d MB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}

// TestLimitFor: the soft limit is nine tenths of the corpus, less what
// the reader maps besides it (a cache of its indexes), and never below
// 1.25 times what is live or 64 MB above what the runtime holds.
func TestLimitFor(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		corpus, mapped int64
		live, held     uint64
		want           int64
	}{
		{400 * mb, 0, 100 * mb, 150 * mb, 360 * mb},
		{400 * mb, 130 * mb, 100 * mb, 150 * mb, 230 * mb},
		{400 * mb, 130 * mb, 200 * mb, 150 * mb, 250 * mb},
		{400 * mb, 130 * mb, 100 * mb, 200 * mb, 264 * mb},
		// A small corpus: what the runtime holds decides.
		{64 * mb, 0, 22 * mb, 57 * mb, 121 * mb},
		{64 * mb, 40 * mb, 22 * mb, 35 * mb, 99 * mb},
		{400 * mb, 500 * mb, 10 * mb, 30 * mb, 94 * mb},
	} {
		if got := limitFor(c.corpus, c.mapped, c.live, c.held); got != c.want {
			t.Errorf("limitFor(%d MB, %d MB mapped, %d MB live, %d MB held) = %d MB, want %d MB", c.corpus/mb, c.mapped/mb, c.live/mb, c.held/mb, got/mb, c.want/mb)
		}
	}
}

// TestTightenDoesNotThrash: after Tighten, a program that makes a little
// garbage now and then does not collect on every allocation: the limit
// is above what the runtime holds.
func TestTightenDoesNotThrash(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	keep := make([]byte, 2<<20) // live: less than the runtime holds besides
	for i := range keep {
		keep[i] = 1
	}
	runtime.GC()
	// A cache mapped as large as the corpus leaves nothing of nine
	// tenths of it: what is live, and what the runtime holds, decide.
	Tighten(MinCorpus, MinCorpus)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	// Idle as a reader is: a little garbage now and then (a frame).
	var sink []byte
	for range 200 {
		sink = make([]byte, 16<<10)
		time.Sleep(time.Millisecond)
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(sink)
	t.Logf("gcs %d held %d MB live %d MB limit %d MB", after.NumGC-before.NumGC, (after.Sys-after.HeapReleased)>>20, after.HeapAlloc>>20, debug.SetMemoryLimit(-1)>>20)
	if n := after.NumGC - before.NumGC; n > 1 {
		t.Fatalf("%d collections for 3 MB of garbage after Tighten", n)
	}
	runtime.KeepAlive(keep)
}
