package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSkipTokenIsByteLoop checks the eight-bytes-at-a-time skipToken
// against the byte loop, from every position of random texts of ASCII
// words, punctuation, letters and separators beyond ASCII, and invalid
// UTF-8.
func TestSkipTokenIsByteLoop(t *testing.T) {
	pieces := []string{"a", "Z", "q", "0", "9", "_", " ", ".", "-", "'", "\n", "é", "ß", "Ω", "–", "’", "—", "\xff", "\xc3", "naïve", "GPT-4", "x\u00a0y"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(40) {
			p := pieces[r.IntN(len(pieces))]
			b.WriteString(strings.Repeat(p, 1+r.IntN(12)))
		}
		s := b.String()
		for i := range len(s) + 1 {
			if got, want := skipToken(s, i), skipTokenBytes(s, i); got != want {
				t.Fatalf("skipToken(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
}
