package model

import (
	"math/rand/v2"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestRelWordAt checks the related index's word scanner, which reads ASCII
// eight bytes at a time, against a rune-at-a-time reading: the same word
// end, and the hash of the word read whole (relWordHash), for words that
// end at ASCII punctuation, at a non-ASCII letter or space, at the end of
// the text, and at every offset in an eight-byte word.
func TestRelWordAt(t *testing.T) {
	pieces := []string{"a", "Z", "9", "BERT", "word2vec", "transformers", "Kilcher", "é", "ß", "日本", "x\u0301",
		" ", "-", ".", "'", "’", "\u00a0", "\u2003", "\n", "\t", "(", "_", "@", "`", "[", "{", "\x7f", "\xff"}
	ref := func(text string, i int) int {
		j := i
		for j < len(text) {
			r, w := utf8.DecodeRuneInString(text[j:])
			if r < utf8.RuneSelf && !relIsASCIIAlnum(byte(r)) || r >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += w
		}
		return j
	}
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[uint64]string{}
	for n := range 20_000 {
		var text string
		for range 1 + rng.IntN(12) {
			text += pieces[rng.IntN(len(pieces))]
		}
		for i := 0; i < len(text); i++ {
			if ref(text, i) == i {
				continue // not at a word
			}
			j, h := relWordAt(text, i)
			if want := ref(text, i); j != want {
				t.Fatalf("case %d: relWordAt(%q, %d) ends at %d, want %d", n, text, i, j, want)
			}
			if want := relWordHash(text[i:j]); h != want {
				t.Fatalf("case %d: relWordAt(%q, %d) hash %#x, want relWordHash(%q) = %#x", n, text, i, h, text[i:j], want)
			}
			if w, ok := seen[h]; ok && w != text[i:j] {
				t.Fatalf("%q and %q share the hash %#x", w, text[i:j], h)
			}
			seen[h] = text[i:j]
		}
	}
	if len(seen) < 1000 {
		t.Fatalf("only %d distinct words tried", len(seen))
	}
}
