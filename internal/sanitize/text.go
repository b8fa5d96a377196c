// Package sanitize keeps text from a corpus from reaching the terminal as
// anything but printable characters.
//
// Three functions cover the three places text reaches the terminal:
//
//   - Text, for text as found in a corpus (summaries, titles, status
//     lines): every control character goes, an ESC is made visible.
//   - Rendered, for glamour's output: only SGR styling and OSC 8 links
//     to sanitized http(s) targets survive; every other escape sequence
//     is removed whole.
//   - StripANSI, for --plain output: every escape sequence is removed.
//
// SafeURL decides which link targets may be shown as links or handed to
// the system opener. All four return their input unchanged, without
// allocating, when it is already clean.
package sanitize

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// VisibleESC is what Text shows in place of an ESC byte (U+241B SYMBOL
// FOR ESCAPE): a reader sees that a summary carried an escape sequence,
// and the terminal sees only printable text.
const VisibleESC = "\u241b"

// Text returns s as valid UTF-8 that a terminal can only print:
//
//   - ESC (0x1b) becomes VisibleESC, so "\x1b]52;c;…" shows as "␛]52;c;…";
//   - the other C0 controls except newline and tab, and DEL, are removed;
//   - C1 controls (U+0080 to U+009F, among them the 8-bit CSI U+009B)
//     become U+FFFD, as do the bytes of invalid UTF-8;
//   - the bidirectional overrides, embeddings, isolates and marks that can
//     reorder what is shown are removed.
//
// When s is already clean it is returned as is, without copying. Text is
// idempotent.
func Text(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 0x20 && c != 0x7f || c == '\n' || c == '\t':
				b.WriteByte(c)
			case c == 0x1b:
				b.WriteString(VisibleESC)
			}
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == utf8.RuneError && w == 1, isC1(r):
			b.WriteRune(utf8.RuneError)
		case isBidi(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isC1 reports the C1 control characters.
func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// isBidi reports the bidirectional formatting characters Text removes.
func isBidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || // LRE RLE PDF LRO RLO
		r >= 0x2066 && r <= 0x2069 || // LRI RLI FSI PDI
		r == 0x200e || r == 0x200f || r == 0x061c // LRM RLM ALM
}

// unsafeRune reports the non-ASCII runes no output may contain.
func unsafeRune(r rune) bool { return isC1(r) || isBidi(r) }

// firstUnsafe returns the byte offset of the first byte Text would change,
// or -1.
func firstUnsafe(s string) int {
	const lo8, hi8 = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(s); {
		// Skip 8 bytes at a time while they are all printable ASCII: a
		// byte below 0x20, DEL or a non-ASCII byte sets its high bit in
		// the test (borrows can flag clean bytes too; the byte loop below
		// then decides).
		for ; i+8 <= len(s); i += 8 {
			x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
			y := x ^ 0x7f*lo8
			if (x|(x-0x20*lo8)|(y-lo8)&^y)&hi8 != 0 {
				break
			}
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 || unsafeRune(r) {
			return i
		}
		i += w
	}
	return -1
}
