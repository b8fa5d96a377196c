package parse_test

import (
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// Generated corpora are made once per process, and only when a benchmark
// that needs them runs: a plain go test never makes them.
func corpus10k() []byte  { return corpusgen.Cached(10_000) }
func corpus100k() []byte { return corpusgen.Cached(100_000) }

func benchParse(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := corpusgen.ProcessCPU()
	for b.Loop() {
		if _, _, err := parse.Bytes(data, "bench.txt"); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time per parse, all cores: robust to a busy machine.
	b.ReportMetric(float64(corpusgen.ProcessCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkParse measures parse.Bytes (MB/s) on the seed corpus (660 KB)
// and on generated corpora of 10k (41 MB) and 100k (411 MB) summaries.
func BenchmarkParse(b *testing.B) {
	b.Run("seed", func(b *testing.B) { benchParse(b, seeds.Corpus) })
	b.Run("10k", func(b *testing.B) { benchParse(b, corpus10k()) })
	b.Run("100k", func(b *testing.B) { benchParse(b, corpus100k()) })
}
