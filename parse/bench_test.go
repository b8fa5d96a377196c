package parse_test

import (
	"sync"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

var (
	genOnce  sync.Once
	gen10k   []byte
	gen100k  []byte
	genMutex sync.Mutex
)

// generated returns a generated corpus of n summaries, made once per
// benchmark process. Large sizes run only under -bench.
func generated(b *testing.B, n int) []byte {
	b.Helper()
	genMutex.Lock()
	defer genMutex.Unlock()
	genOnce.Do(func() {})
	switch n {
	case 10_000:
		if gen10k == nil {
			gen10k = corpusgen.Generate(n, 1)
		}
		return gen10k
	case 100_000:
		if gen100k == nil {
			gen100k = corpusgen.Generate(n, 1)
		}
		return gen100k
	}
	return corpusgen.Generate(n, 1)
}

func benchParse(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := parse.Bytes(data, "bench.txt"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.Run("seed", func(b *testing.B) { benchParse(b, seeds.Corpus) })
	b.Run("10k", func(b *testing.B) { benchParse(b, generated(b, 10_000)) })
	b.Run("100k", func(b *testing.B) { benchParse(b, generated(b, 100_000)) })
}
