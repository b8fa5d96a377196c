package model_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/internal/hugeheap"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
)

var searchBenchSizes = []int{164, 10_000, 100_000}

var searchBenchCorpora = map[int][]model.Summary{}

// searchBenchSummaries returns n summaries: the seed corpus for 164, else a
// generated corpus (internal/corpusgen varies the seed summaries).
func searchBenchSummaries(b *testing.B, n int) []model.Summary {
	b.Helper()
	if ss, ok := searchBenchCorpora[n]; ok {
		return ss
	}
	var ss []model.Summary
	if n == 164 {
		ss = slices.Clone(searchSeedCorpus(b).All())
	} else {
		var err error
		data := corpusgen.Generate(n, 1)
		hugeheap.ForCorpus(int64(len(data))) // as the program's load does
		ss, _, err = parse.Bytes(data, "gen")
		if err != nil {
			b.Fatal(err)
		}
	}
	searchBenchCorpora[n] = ss
	return ss
}

func searchBenchCorpus(b *testing.B, n int) *model.Corpus {
	ss := searchBenchSummaries(b, n)
	c := model.NewCorpus("bench", slices.Clone(ss))
	c.BuildSearchIndex()
	// As the reader does once its indexes are built: collect the
	// build's garbage now, not in the middle of the queries timed.
	debug.FreeOSMemory()
	return c
}

var searchBenchQueries = []string{"switch transformer", "cylcegan", "fed avg", "reinforcement learning reward", "mnasnt", "vqvae", "gan !cyclegan"}

// BenchmarkSearch is one query, as `precis search` runs it: the top 10
// with title highlights and snippets. Consecutive queries do not refine
// one another, so no result is reused.
func BenchmarkSearch(b *testing.B) {
	for _, n := range searchBenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			c := searchBenchCorpus(b, n)
			cpu0 := corpusgen.ProcessCPU()
			for i := 0; b.Loop(); i++ {
				c.Search(searchBenchQueries[i%len(searchBenchQueries)], 10)
			}
			b.ReportMetric(float64((corpusgen.ProcessCPU()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkKeystroke types queries one character at a time, as the
// reader's filter sees them, asking for every hit (limit 0); it reports
// the mean and the worst time per keystroke.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range searchBenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			c := searchBenchCorpus(b, n)
			var worst time.Duration
			var worstQ string
			keys := 0
			cpu0 := corpusgen.ProcessCPU()
			for b.Loop() {
				for _, q := range searchBenchQueries {
					c.Search("", 1)
					for _, p := range searchTyped(q) {
						t0 := time.Now()
						if _, err := c.SearchContext(context.Background(), p, 0); err != nil {
							b.Fatal(err)
						}
						if d := time.Since(t0); d > worst {
							worst, worstQ = d, p
						}
						keys++
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(keys)/1e6, "ms/key")
			b.ReportMetric(float64((corpusgen.ProcessCPU()-cpu0).Nanoseconds())/float64(keys)/1e6, "cpu-ms/key")
			b.ReportMetric(float64(worst.Nanoseconds())/1e6, "worst-ms/key")
			b.Logf("worst keystroke %q", worstQ)
		})
	}
}

// BenchmarkBuildSearchIndex builds the index and reports its heap size.
func BenchmarkBuildSearchIndex(b *testing.B) {
	for _, n := range searchBenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ss := searchBenchSummaries(b, n)
			textBytes := 0
			for _, s := range ss {
				textBytes += len(s.Text)
			}
			var heap uint64
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				c := model.NewCorpus("bench", slices.Clone(ss))
				runtime.GC()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				b.StartTimer()
				cpu0 := corpusgen.ProcessCPU()
				c.BuildSearchIndex()
				cpu += corpusgen.ProcessCPU() - cpu0
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&m1)
				heap = m1.HeapAlloc - m0.HeapAlloc
				runtime.KeepAlive(c)
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(len(ss))/1e3, "cpu-us/summary")
			b.ReportMetric(float64(heap)/(1<<20), "index-MB")
			b.ReportMetric(float64(textBytes)/(1<<20), "text-MB")
		})
	}
}

// BenchmarkSearchOnce is a one-shot query as `precis search` answers it
// once the corpus is loaded: ExpectQueries, then the search, which
// builds an index of only the terms the query can match.
func BenchmarkSearchOnce(b *testing.B) {
	for _, n := range searchBenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			c := model.NewCorpus("bench", slices.Clone(searchBenchSummaries(b, n)))
			cpu0 := corpusgen.ProcessCPU()
			for i := 0; b.Loop(); i++ {
				model.SearchExpecting(c, searchBenchQueries[i%len(searchBenchQueries)], 10)
			}
			b.ReportMetric(float64((corpusgen.ProcessCPU()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
