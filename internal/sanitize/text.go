// Package sanitize keeps text from a corpus from reaching the terminal as
// anything but printable characters.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Text returns s as valid UTF-8 with every control character removed:
// C0 controls other than newline and tab, DEL, C1 controls (U+0080 to
// U+009F) and the bidirectional overrides and isolates that can reorder
// what is shown. Invalid UTF-8 becomes U+FFFD. When s is already clean it
// is returned as is, without copying.
func Text(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c >= 0x20 && c != 0x7f || c == '\n' || c == '\t' {
				b.WriteByte(c)
			}
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteRune(utf8.RuneError)
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports the non-ASCII runes Text removes.
func unsafeRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f || // C1 controls
		r >= 0x202a && r <= 0x202e || // LRE RLE PDF LRO RLO
		r >= 0x2066 && r <= 0x2069 || // LRI RLI FSI PDI
		r == 0x200e || r == 0x200f || r == 0x061c // LRM RLM ALM
}

// firstUnsafe returns the byte offset of the first byte Text would change,
// or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
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
