package parse_test

import (
	"sync"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

var (
	gen10kOnce, gen100kOnce sync.Once
	gen10k, gen100k         []byte
)

// Generated corpora are made once per benchmark process, and only when a
// benchmark that needs them runs: a plain go test never makes them.
func corpus10k() []byte {
	gen10kOnce.Do(func() { gen10k = corpusgen.Generate(10_000, 1) })
	return gen10k
}

func corpus100k() []byte {
	gen100kOnce.Do(func() { gen100k = corpusgen.Generate(100_000, 1) })
	return gen100k
}

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
