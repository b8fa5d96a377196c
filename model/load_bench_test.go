package model_test

import (
	"runtime"
	"testing"
	"time"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/internal/hugeheap"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// Generated corpora are made once per process, and only when a benchmark
// that needs them runs: a plain go test never makes them.
func corpus10k() []byte  { return corpusgen.Cached(10_000) }
func corpus100k() []byte { return corpusgen.Cached(100_000) }

// benchLoad measures parse + NewCorpus and reports the heap in use after
// the load (file buffer included, after a GC) in MB and as a multiple of
// the file's size.
func benchLoad(b *testing.B, data []byte) {
	hugeheap.ForCorpus(int64(len(data))) // as the program's load does
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var c *model.Corpus
	cpu := corpusgen.ProcessCPU()
	for b.Loop() {
		c = nil
		ss, _, err := parse.Bytes(data, "bench.txt")
		if err != nil {
			b.Fatal(err)
		}
		c = model.NewCorpus("bench.txt", ss)
	}
	b.StopTimer()
	b.ReportMetric(float64(corpusgen.ProcessCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	// The file buffer is live before and after; count it once, as part
	// of what a load holds.
	loaded := float64(after.HeapInuse) - float64(before.HeapInuse) + float64(len(data))
	b.ReportMetric(loaded/(1<<20), "heap-MB")
	b.ReportMetric(loaded/float64(len(data)), "heap/file")
	runtime.KeepAlive(c)
}

func BenchmarkLoadSeed(b *testing.B) { benchLoad(b, seeds.Corpus) }
func BenchmarkLoad10k(b *testing.B)  { benchLoad(b, corpus10k()) }
func BenchmarkLoad100k(b *testing.B) { benchLoad(b, corpus100k()) }

// benchLoadCached measures parse + NewCorpusFromCache: a load whose
// titles and search index come from the corpus's cache (written once,
// before the timer), as a command's second run on a large file. It also
// reports the cache's size.
func benchLoadCached(b *testing.B, data []byte) {
	ss, _, err := parse.Bytes(data, "bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	cache := writeCache(b, model.NewCorpus("bench.txt", ss))
	b.SetBytes(int64(len(data)))
	cpu := corpusgen.ProcessCPU()
	for b.Loop() {
		ss, _, err := parse.Bytes(data, "bench.txt")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := model.NewCorpusFromCache("bench.txt", ss, cache, testTag); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(corpusgen.ProcessCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(len(cache))/(1<<20), "cache-MB")
}

func BenchmarkLoadCached10k(b *testing.B)  { benchLoadCached(b, corpus10k()) }
func BenchmarkLoadCached100k(b *testing.B) { benchLoadCached(b, corpus100k()) }

// benchRelatedCached measures UseRelatedCache: checking a related cache
// (written once, before the timer) against a corpus made from its cache
// and taking it, as a second run on a large file does. It also reports
// the cache's size.
func benchRelatedCached(b *testing.B, data []byte) {
	ss, _, err := parse.Bytes(data, "bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	c := model.NewCorpus("bench.txt", ss)
	cache, related := writeCache(b, c), writeRelatedCache(b, c)
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		ss, _, err := parse.Bytes(data, "bench.txt")
		if err != nil {
			b.Fatal(err)
		}
		fresh, err := model.NewCorpusFromCache("bench.txt", ss, cache, testTag)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := corpusgen.ProcessCPU()
		if err := fresh.UseRelatedCache(related, testTag); err != nil {
			b.Fatal(err)
		}
		cpu += corpusgen.ProcessCPU() - cpu0
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(len(related))/(1<<20), "cache-MB")
}

func BenchmarkRelatedCached10k(b *testing.B)  { benchRelatedCached(b, corpus10k()) }
func BenchmarkRelatedCached100k(b *testing.B) { benchRelatedCached(b, corpus100k()) }
