package sanitize

import "github.com/charmbracelet/x/ansi"

// StripANSI removes every escape sequence from s. PLACEHOLDER until the
// output sanitizer lands.
func StripANSI(s string) string { return Text(ansi.Strip(s)) }

// Rendered keeps only SGR sequences (and sanitized OSC 8 links) of
// rendered output. PLACEHOLDER until the output sanitizer lands.
func Rendered(s string) string { return s }
