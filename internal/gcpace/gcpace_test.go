package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
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

// TestLimitFor: the heap's soft limit is nine tenths of the corpus, less
// what the reader maps besides it (a cache of its indexes), and never
// below 1.25 times what is live.
func TestLimitFor(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		corpus, mapped int64
		live           uint64
		want           int64
	}{
		{400 * mb, 0, 100 * mb, 360 * mb},
		{400 * mb, 130 * mb, 100 * mb, 230 * mb},
		{400 * mb, 130 * mb, 200 * mb, 250 * mb},
		{400 * mb, 500 * mb, 10 * mb, 25 * mb / 2},
	} {
		if got := limitFor(c.corpus, c.mapped, c.live); got != c.want {
			t.Errorf("limitFor(%d MB, %d MB mapped, %d MB live) = %d MB, want %d MB", c.corpus/mb, c.mapped/mb, c.live/mb, got/mb, c.want/mb)
		}
	}
}
