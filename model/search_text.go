package model

import (
	"unicode"
	"unicode/utf8"
)

// Text folding and tokenizing for search. Every rune folds to exactly one
// rune, so rune positions in folded text are rune positions in the
// original (the highlighter relies on it).

// foldRune lowercases r and folds typographic quotes and dashes to ASCII
// and common accented Latin letters to their base letter.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '⁃':
		return '-'
	case '\u00a0', '\u2007', '\u2009', '\u202f':
		return ' '
	}
	if r >= 0xC0 && r <= 0x17F {
		if f, ok := latinFold[r]; ok {
			return f
		}
	}
	return unicode.ToLower(r)
}

var latinFold = func() map[rune]rune {
	m := map[rune]rune{}
	add := func(base rune, rs string) {
		for _, r := range rs {
			m[r] = base
			m[unicode.ToUpper(r)] = base
		}
	}
	add('a', "àáâãäåāăą")
	add('c', "çćĉċč")
	add('d', "ďđ")
	add('e', "èéêëēĕėęě")
	add('g', "ĝğġģ")
	add('i', "ìíîïĩīĭįı")
	add('n', "ñńņňŉ")
	add('o', "òóôõöøōŏő")
	add('s', "śŝşš")
	add('u', "ùúûüũūŭůűų")
	add('y', "ýÿŷ")
	add('z', "źżž")
	add('l', "ĺļľŀł")
	add('r', "ŕŗř")
	add('t', "ţťŧ")
	return m
}()

// isWordRune reports whether a folded rune belongs to a search token.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// maxTokenBytes bounds a token; longer runs (hashes, base64) are cut.
const maxTokenBytes = 48

// tokenizer splits text into folded tokens without allocating per token.
type tokenizer struct {
	buf []byte
}

// each calls fn with every token of s (folded, valid only during the
// call), its rune offset in s and its length in runes.
func (t *tokenizer) each(s string, fn func(tok []byte, runeStart, runeLen int)) {
	b := t.buf[:0]
	start, n, pos := 0, 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		if c < utf8.RuneSelf {
			r = rune(c)
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			i++
		} else {
			var w int
			r, w = utf8.DecodeRuneInString(s[i:])
			r = foldRune(r)
			i += w
		}
		if isWordRune(r) {
			if n == 0 {
				start = pos
			}
			if len(b)+utf8.RuneLen(r) <= maxTokenBytes {
				b = utf8.AppendRune(b, r)
			}
			n++
		} else if n > 0 {
			fn(b, start, n)
			b, n = b[:0], 0
		}
		pos++
	}
	if n > 0 {
		fn(b, start, n)
	}
	t.buf = b
}

// tokens returns the folded tokens of s as strings.
func tokens(s string) []string {
	var t tokenizer
	var out []string
	t.each(s, func(tok []byte, _, _ int) { out = append(out, string(tok)) })
	return out
}

// squash folds s and keeps only its word runes: "Switch-Transformer" ->
// "switchtransformer". Anchored matches (^x, x$) compare squashed text.
func squash(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		r = foldRune(r)
		if isWordRune(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// squashedHasPrefix reports whether squash(s) starts with p (p squashed),
// reading only as much of s as needed.
func squashedHasPrefix(s, p string) bool {
	j := 0
	for _, r := range s {
		if j >= len(p) {
			return true
		}
		r = foldRune(r)
		if !isWordRune(r) {
			continue
		}
		pr, w := utf8.DecodeRuneInString(p[j:])
		if pr != r {
			return false
		}
		j += w
	}
	return j >= len(p)
}

// squashedHasSuffix reports whether squash(s) ends with p (p squashed),
// reading s from its end.
func squashedHasSuffix(s, p string) bool {
	j := len(p)
	for i := len(s); i > 0; {
		if j <= 0 {
			return true
		}
		r, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
		r = foldRune(r)
		if !isWordRune(r) {
			continue
		}
		pr, pw := utf8.DecodeLastRuneInString(p[:j])
		if pr != r {
			return false
		}
		j -= pw
	}
	return j <= 0
}
