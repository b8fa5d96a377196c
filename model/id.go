package model

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"
)

// HashID returns the stable id of a summary text: the first 12 hex digits
// of the SHA-256 of the text with runs of white space folded to one space
// and the ends trimmed, so re-wrapping or CRLF line ends keep the id.
func HashID(text string) string {
	h := sha256.New()
	var buf [4096]byte
	b := buf[:0]
	space, started := false, false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				space = started
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			started = true
			b = append(b, c)
		} else {
			r, w := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				i += w
				space = started
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			started = true
			b = append(b, text[i:i+w]...)
			i += w
		}
		if len(b) >= len(buf)-8 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:6])
}
