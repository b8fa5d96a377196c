package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SentenceEnd returns the index just after the first sentence end at
// or after pos (including its closing quote or bracket), or len(t).
func SentenceEnd(t string, pos int) int {
	for i := pos; i < len(t); i++ {
		c := t[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(t) && (t[j] == ')' || t[j] == '"' || t[j] == '\'') {
			j++
		}
		if strings.HasPrefix(t[j:], "”") || strings.HasPrefix(t[j:], "’") {
			j += 3
		}
		if j == len(t) {
			return j
		}
		if t[j] != ' ' || c == '.' && abbreviation(t[:i]) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(t[j:], " "))
		if unicode.IsLower(r) {
			continue
		}
		return j
	}
	return len(t)
}

// abbreviation reports whether the word ending t (before a '.') is an
// abbreviation or an initial rather than a sentence end.
func abbreviation(t string) bool {
	w := t[strings.LastIndexByte(t, ' ')+1:]
	w = strings.TrimLeft(w, "(\"“")
	if len(w) <= 1 || strings.IndexByte(w, '.') >= 0 {
		return true // "A.", "e.g.", "i.e."
	}
	switch strings.ToLower(w) {
	case "vs", "al", "fig", "eq", "cf", "approx", "etc", "resp", "ca", "dr", "mr", "ms", "no":
		return true
	}
	return false
}

// FirstSentence is the first sentence of text, without its paragraph
// structure.
func FirstSentence(text string) string {
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	if len(text) > 600 {
		text = text[:600]
	}
	return strings.TrimSpace(text[:SentenceEnd(text, 0)])
}
