package parse

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The word tests of the title deriver are checked against references
// written a rune at a time with package unicode, as they were before
// their ASCII fast paths (nameLike against nameLikeRunes, its own rune
// path), on random words built from the pieces where the two could
// differ.
var wordPieces = []string{"a", "z", "A", "Z", "0", "9", "e", "Net", "GAN", "s", "'s", "’s", "-", ".", "..", ",", ":", "(", ")",
	"[", "]", "{", "}", "=", "+", "/", "\\", "…", "”", "“", "\"", "'", "@", "`", "_", "~", "é", "É", "ß", "Σ", "σ", "日",
	"٣", "\u00a0", "\xff", "\xe2", "\xe2\x80", "ǅ"}

func randomWord(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(6) {
		b.WriteString(wordPieces[r.IntN(len(wordPieces))])
	}
	return b.String()
}

func refTrimWordAt(raw string) (core string, at int, lead, trail bool) {
	start, end := 0, len(raw)
	for start < end {
		r, w := utf8.DecodeRuneInString(raw[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		start += w
		lead = true
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(raw[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		end -= w
		trail = true
	}
	return raw[start:end], start, lead, trail
}

func refOddWord(w string) bool {
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '(', ')', '[', ']', '{', '}', '=', '+', '/', '\\':
			return true
		case '.':
			if i+1 < len(w) && w[i+1] == '.' {
				return true
			}
		case 0xE2:
			if strings.HasPrefix(w[i:], "…") {
				return true
			}
		}
	}
	return false
}

func TestWordHelpersMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	words := []string{""}
	for c := range 256 {
		words = append(words, string([]byte{byte(c)}), "X"+string([]byte{byte(c)})+"y")
	}
	for range 200_000 {
		words = append(words, randomWord(r))
	}
	hits := [3]int{}
	for _, w := range words {
		if got, want := nameLike(w), nameLikeRunes(w); got != want {
			t.Fatalf("nameLike(%q) = %v, want %v", w, got, want)
		} else if got {
			hits[0]++
		}
		c, at, lead, trail := trimWordAt(w)
		rc, rat, rlead, rtrail := refTrimWordAt(w)
		if c != rc || at != rat || lead != rlead || trail != rtrail {
			t.Fatalf("trimWordAt(%q) = %q %d %v %v, want %q %d %v %v", w, c, at, lead, trail, rc, rat, rlead, rtrail)
		}
		if c != w {
			hits[1]++
		}
		if got, want := oddWord(w), refOddWord(w); got != want {
			t.Fatalf("oddWord(%q) = %v, want %v", w, got, want)
		} else if got {
			hits[2]++
		}
	}
	// Both answers occur often, so the comparison means something.
	for k, n := range hits {
		if n < len(words)/20 || n > len(words)*19/20 {
			t.Fatalf("check %d true for %d of %d words", k, n, len(words))
		}
	}
}

// TestIsStopCap checks the stop word table against the map it is made
// from: every stop word, and words that differ from one by a letter's
// case, a letter more or fewer, or a plural.
func TestIsStopCap(t *testing.T) {
	n := 0
	for w := range stopCap {
		if !isStopCap(w) {
			t.Fatalf("isStopCap(%q) = false", w)
		}
		for _, v := range []string{strings.ToLower(w), strings.ToUpper(w), w + "s", w[:len(w)-1], "X" + w, w + w} {
			if got, want := isStopCap(v), stopCap[v]; got != want {
				t.Fatalf("isStopCap(%q) = %v, want %v", v, got, want)
			}
			n++
		}
	}
	for _, w := range []string{"", "Transformer", "BERT", "Interestingly,", "InterestinglyX"} {
		if got, want := isStopCap(w), stopCap[w]; got != want {
			t.Fatalf("isStopCap(%q) = %v, want %v", w, got, want)
		}
	}
	if n < 1000 {
		t.Fatalf("only %d variants tried", n)
	}
}
