package parse_test

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// refHashID is the definition of an id, written plainly: bookmarks store
// ids, so HashID must always agree with it.
func refHashID(text string) string {
	var b strings.Builder
	space, started := false, false
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			space = started
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			started = true
			b.WriteString(text[i : i+w])
		}
		i += w
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:6])
}

func TestSeedIDsPinned(t *testing.T) {
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	// Users' bookmarks hold these: they must never change.
	pinned := map[int]string{1: "b9db8abb79a8", 3: "f14a40bccb34"}
	for n, want := range pinned {
		if got := ss[n-1].ID; got != want {
			t.Errorf("summary %d: id %s, want %s", n, got, want)
		}
	}
	for i, s := range ss {
		if want := refHashID(s.Text); s.ID != want {
			t.Errorf("summary %d: id %s, reference %s", i+1, s.ID, want)
		}
	}
}

func TestHashIDMatchesReference(t *testing.T) {
	cases := []string{
		"", " ", "a", " a", "a ", "a  b", "a\tb", "a\nb", "a\r\nb", "a b",
		"a\u00a0b", "a\u0085b", "a\u2009b", "a\u3000b", "a\u1680b", "a\u205fb",
		"a\u202fb", "a\u2028b", "\u00a0a", "a\u00a0", "quote \u2019s fine",
		"\xe2\x80", "a\xe2 b", "a\xc2", "a\x1fb", "a\x7fb",
		"exactly8 and sixteen bytes here", "12345678 12345678 ",
		"1234567  12345678", "12345678\t1234567",
	}
	pieces := []string{"a", "bc", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2019", "\u2003", "é", "\xff", "\u3000", "word", "\x00", "\v"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		if got, want := parse.HashID(c), refHashID(c); got != want {
			t.Fatalf("HashID(%q) = %s, reference %s", c, got, want)
		}
	}
}

func TestAppendHashIDAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	text := strings.TrimSpace(strings.Repeat("A summary of a paper, with “quotes”. ", 100))
	buf := make([]byte, 0, parse.IDLen)
	if n := testing.AllocsPerRun(100, func() { buf = parse.AppendHashID(buf[:0], text) }); n != 0 {
		t.Errorf("AppendHashID allocates %.0f times, want 0", n)
	}
	folded := strings.Repeat("A summary\nof  a paper. ", 100)
	if n := testing.AllocsPerRun(100, func() { buf = parse.AppendHashID(buf[:0], folded) }); n != 0 {
		t.Errorf("AppendHashID on unfolded text allocates %.0f times, want 0", n)
	}
}

func BenchmarkHashID(b *testing.B) {
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(seeds.Corpus)))
	b.ReportAllocs()
	buf := make([]byte, 0, parse.IDLen)
	for b.Loop() {
		for i := range ss {
			buf = parse.AppendHashID(buf[:0], ss[i].Text)
		}
	}
}
