package model

import "strings"

// EscapeMarkdown makes s (a title, a reason) read as itself inside
// markdown: every character that could start markup, an HTML entity or
// glamour's strikethrough is backslash-escaped.
func EscapeMarkdown(s string) string {
	const special = "\\`*_[]<>#|&~"
	if !strings.ContainsAny(s, special) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if strings.ContainsRune(special, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
