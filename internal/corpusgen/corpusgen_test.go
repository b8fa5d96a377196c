package corpusgen_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

func TestGenerateParses(t *testing.T) {
	for _, n := range []int{1, 7, 300, 1500} {
		data := corpusgen.Generate(n, 42)
		ss, warns, err := parse.Bytes(data, "gen.txt")
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if len(warns) > 0 {
			t.Errorf("n=%d: warnings: %v", n, warns)
		}
		if len(ss) != n {
			t.Fatalf("n=%d: parsed %d summaries", n, len(ss))
		}
		ids := make(map[string]int, n)
		comments := 0
		for i, s := range ss {
			if j, dup := ids[s.ID]; dup {
				t.Fatalf("n=%d: summaries %d and %d share id %s", n, j+1, i+1, s.ID)
			}
			ids[s.ID] = i
			if s.Comments > 0 {
				comments++
			}
		}
		if n >= 300 && comments == 0 {
			t.Errorf("n=%d: no summary has a comments trailer", n)
		}
		if n >= 1500 {
			avg := len(data) / n
			if avg < 3000 || avg > 5500 {
				t.Errorf("n=%d: average size %d bytes, want about 4 KB", n, avg)
			}
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a := corpusgen.Generate(300, 7)
	b := corpusgen.Generate(300, 7)
	if !bytes.Equal(a, b) {
		t.Fatal("same n and seed gave different corpora")
	}
	if c := corpusgen.Generate(300, 8); bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same corpus")
	}
	// A prefix of a larger corpus is the smaller one.
	if d := corpusgen.Generate(700, 7); !bytes.HasPrefix(d, a) {
		t.Fatal("Generate(300) is not a prefix of Generate(700)")
	}
}

func TestGenerateVaries(t *testing.T) {
	ss, _, err := parse.Bytes(corpusgen.Generate(1000, 3), "gen.txt")
	if err != nil {
		t.Fatal(err)
	}
	seed, _, err := parse.Bytes(seeds.Corpus, "seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	same := make(map[string]bool)
	for _, s := range seed {
		same[s.Text] = true
	}
	for _, s := range ss {
		if same[s.Text] {
			t.Fatalf("summary %d is a verbatim seed summary", s.Line)
		}
	}
}

func TestWriteFileMatchesGenerate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	defer corpusgen.SetWriteBatch(100)()
	const n = 350 // several batches
	if err := corpusgen.WriteFile(path, n, 5); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, corpusgen.Generate(n, 5)) {
		t.Fatal("WriteFile output differs from Generate")
	}
}

func TestGenerateValidUTF8(t *testing.T) {
	data := corpusgen.Generate(1500, 11)
	if !utf8.Valid(data) {
		t.Fatal("generated corpus is not valid UTF-8")
	}
}

func BenchmarkGenerate10k(b *testing.B) {
	b.SetBytes(int64(len(corpusgen.Generate(10_000, 1))))
	for b.Loop() {
		corpusgen.Generate(10_000, 1)
	}
}
