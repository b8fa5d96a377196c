package parse

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"codeberg.org/precis/precis/internal/swar"
)

// IDLen is the length of an id made by HashID.
const IDLen = 12

// HashID returns the stable id of a summary text: the first 12 hex digits
// of the SHA-256 of the text with runs of white space folded to one space
// and the ends trimmed, so re-wrapping or CRLF line ends keep the id.
//
// Ids are what bookmarks store: the definition must never change.
func HashID(text string) string {
	var buf [IDLen]byte
	return string(AppendHashID(buf[:0], text))
}

// AppendHashID appends the id HashID(text) to dst. It does not allocate
// when dst has room for IDLen more bytes.
func AppendHashID(dst []byte, text string) []byte {
	var sum [sha256.Size]byte
	if normalized(text) {
		// The common case: hash the text in place.
		sum = sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	} else {
		sum = foldedSum(text)
	}
	const digits = "0123456789abcdef"
	for _, c := range sum[:IDLen/2] {
		dst = append(dst, digits[c>>4], digits[c&15])
	}
	return dst
}

// normalized reports whether text is its own white-space-folded form: no
// white space at the ends, no white space but single ASCII spaces. It
// looks at 8 bytes at a time and is exact (never true for a text the
// folding would change).
func normalized(text string) bool {
	n := len(text)
	if n == 0 {
		return true
	}
	if isSpaceAt(text, 0) || isSpaceBefore(text, n) {
		return false
	}
	var prevSpace uint64 // 1 when the byte before the current word is ' '
	i := 0
	for ; i+8 <= n; i += 8 {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(text[i:]), 8))
		// Controls (< 0x20, which covers \t \n \v \f \r): exact test for
		// "some byte below 0x20" on the ASCII bytes.
		if (x-0x20*swar.Ones)&^x&swar.Highs != 0 {
			return false
		}
		// Spaces: an exact per-byte mask of bytes equal to ' '.
		y := x ^ (0x20 * swar.Ones)
		sp := ^(((y &^ swar.Highs) + 0x7f*swar.Ones) | y | 0x7f*swar.Ones) // high bit of each zero byte of y
		if sp&(sp>>8|prevSpace<<7) != 0 {
			return false // two spaces in a row
		}
		prevSpace = sp >> 63
		if x&swar.Highs != 0 && !asciiSpacesOnly(text, i, i+8) {
			return false
		}
	}
	for ; i < n; i++ {
		c := text[i]
		if c < 0x20 || c == ' ' && prevSpace == 1 {
			return false
		}
		prevSpace = 0
		if c == ' ' {
			prevSpace = 1
		}
		if c >= utf8.RuneSelf && !asciiSpacesOnly(text, i, i+1) {
			return false
		}
	}
	return true
}

// asciiSpacesOnly reports whether no rune starting in text[from:to] is a
// non-ASCII white space character. Those are U+0085, U+00A0 (lead byte
// 0xC2), U+1680 (0xE1), U+2000 to U+205F (0xE2) and U+3000 (0xE3).
func asciiSpacesOnly(text string, from, to int) bool {
	for j := from; j < to; j++ {
		switch text[j] {
		case 0xC2, 0xE1, 0xE2, 0xE3:
			if r, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}

func isSpaceAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r)
}

func isSpaceBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

var foldBufs = sync.Pool{New: func() any { return new([]byte) }}

// foldedSum is the SHA-256 of text with white space folded, for texts
// that are not already folded.
func foldedSum(text string) [sha256.Size]byte {
	bp := foldBufs.Get().(*[]byte)
	b := (*bp)[:0]
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
			continue
		}
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
	sum := sha256.Sum256(b)
	if cap(b) <= 1<<20 {
		*bp = b
		foldBufs.Put(bp)
	}
	return sum
}
