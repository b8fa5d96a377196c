package sanitize

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "plain “quoted” text — fine\n\tindented", "plain “quoted” text — fine\n\tindented"},
		{"esc visible", "a\x1b]52;c;aGk=\x07b", "a␛]52;c;aGk=b"},
		{"csi visible", "\x1b[2Jcleared", "␛[2Jcleared"},
		{"c0 removed", "a\x00b\x07c\x08d\re\x0bf\x0cg\x7fh", "abcdefgh"},
		{"c1 replaced", "a\u009b2Jb\u0085c", "a\uFFFD2Jb\uFFFDc"},
		{"raw 8-bit csi", "a\x9b2J", "a\uFFFD2J"},
		{"invalid utf8", "x\xff\xfey\xe2\x82", "x\uFFFD\uFFFDy\uFFFD\uFFFD"},
		{"surrogate", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"bidi removed", "invoice\u202Etxt.exe \u2066a\u2069\u200f\u061c", "invoicetxt.exe a"},
		{"keeps other unicode", "naïve 日本語 🙂 \u200b", "naïve 日本語 🙂 \u200b"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRendered(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean text", "hello\n\tworld", "hello\n\tworld"},
		{"keeps sgr", "\x1b[38;5;252mhi\x1b[0m \x1b[38:2::1:2:3m\x1b[m", "\x1b[38;5;252mhi\x1b[0m \x1b[38:2::1:2:3m\x1b[m"},
		{"drops osc 52 bel", "a\x1b]52;c;cm0K\x07b", "ab"},
		{"drops osc 0 st", "a\x1b]0;title\x1b\\b", "ab"},
		{"drops osc 2 c1 st", "a\x1b]2;title\u009cb", "ab"},
		{"drops osc 11 query", "a\x1b]11;?\x07b", "ab"},
		{"drops clear", "a\x1b[2J\x1b[Hb", "ab"},
		{"drops alt screen", "a\x1b[?1049hb", "ab"},
		{"drops key mode ending in m", "a\x1b[>4;2mb", "ab"},
		{"drops sgr with intermediate", "a\x1b[1 mb", "ab"},
		{"drops dsr", "a\x1b[6nb", "ab"},
		{"drops dcs", "a\x1bP+q544e\x1b\\b", "ab"},
		{"drops apc pm sos", "a\x1b_x\x1b\\b\x1b^y\x07c\x1bXz\x1b\\d", "abcd"},
		{"drops ris", "a\x1bcb", "ab"},
		{"drops charset", "a\x1b(0b", "ab"},
		{"drops lone esc", "a\x1b", "a"},
		{"drops esc before control", "a\x1b\x07b", "ab"},
		{"drops esc before esc", "a\x1b\x1b[1mb", "a\x1b[1mb"},
		{"unterminated osc ends at line", "a\x1b]0;title\nnext", "a\nnext"},
		{"unterminated osc ends at esc", "a\x1b]0;title\x1b[0mb", "a\x1b[0mb"},
		{"malformed csi", "a\x1b[12\x07b", "ab"},
		{"8-bit csi", "a\u009b2Jb", "ab"},
		{"8-bit osc", "a\u009d0;title\u009cb", "ab"},
		{"raw 8-bit csi byte", "a\x9b2Jb", "a\uFFFD2Jb"},
		{"c1 other", "a\u0085b", "ab"},
		{"c0", "a\x00\x07\x08\rb\x7f", "ab"},
		{"bidi", "a\u202eb\u2067c", "abc"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"keeps https link", "\x1b]8;;https://arxiv.org/abs/1\x1b\\x\x1b]8;;\x1b\\", "\x1b]8;;https://arxiv.org/abs/1\x1b\\x\x1b]8;;\x1b\\"},
		{"keeps link with id bel", "\x1b]8;id=1;http://a.b/c?d=e\x07x\x1b]8;;\x07", "\x1b]8;id=1;http://a.b/c?d=e\x07x\x1b]8;;\x07"},
		{"drops file link", "\x1b]8;;file:///etc/passwd\x07x\x1b]8;;\x07", "x\x1b]8;;\x07"},
		{"drops js link", "\x1b]8;;javascript:alert(1)\x1b\\x", "x"},
		{"drops link with space", "\x1b]8;;https://a.b/ c\x07x", "x"},
		{"drops link with non-ascii", "\x1b]8;;https://a.b/é\x07x", "x"},
		{"drops link by 8-bit st", "\x1b]8;;https://a.b/\u009cx", "x"},
		{"drops 8-bit osc 8", "\u009d8;;https://a.b/\x07x", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Rendered(tt.in); got != tt.want {
				t.Errorf("Rendered(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStripANSI(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "hello\nworld", "hello\nworld"},
		{"sgr", "\x1b[1;31mred\x1b[0m", "red"},
		{"link", "\x1b]8;;https://a.b/\x1b\\x\x1b]8;;\x1b\\", "x"},
		{"osc 52", "a\x1b]52;c;cm0K\x07b", "ab"},
		{"lone esc", "a\x1b", "a"},
		{"c1 csi", "a\u009b2Jb", "ab"},
		{"visible mark kept", "a␛[2J", "a␛[2J"},
		{"controls and bidi", "a\x07\u202eb\xff", "ab\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := StripANSI(tt.in)
			if got != tt.want {
				t.Errorf("StripANSI(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.IndexByte(got, 0x1b) >= 0 {
				t.Errorf("StripANSI(%q) kept an ESC", tt.in)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	good := []string{
		"https://arxiv.org/abs/1706.03762",
		"http://example.com",
		"HTTPS://EXAMPLE.COM/x?y=z#w",
		"https://i.imgur.com/abc.png",
		"https://de.wikipedia.org/wiki/Übersicht",
		"https://example.com/a_(b)",
	}
	for _, u := range good {
		if got, ok := SafeURL(u); !ok || got != u {
			t.Errorf("SafeURL(%q) = %q, %v; want it accepted unchanged", u, got, ok)
		}
	}
	bad := []string{
		"", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
		"ftp://example.com/", "mailto:a@b.c", "/relative/path", "example.com",
		"-oProxyCommand=x", "https://", "https:///path", "http:example.com",
		"https://exa mple.com", "https://example.com/\x1b]0;x\x07",
		"https://example.com/\x07", "https://example.com/\n", "https://example.com/\x7f",
		"https://example.com/\u202etxt", "https://example.com/\u200b", "https://example.com/\u0085",
		"https://example.com/\xff", "https://example.com/\u00a0", "https://example.com/\t",
		"https://example.com/" + strings.Repeat("a", maxURL),
	}
	for _, u := range bad {
		if got, ok := SafeURL(u); ok || got != "" {
			t.Errorf("SafeURL(%q) = %q, %v; want rejected", u, got, ok)
		}
	}
}

// Clean input is returned as is: the same string, no allocation. This
// runs on every rendered summary.
func TestCleanInputDoesNotAllocate(t *testing.T) {
	styled := strings.Repeat("\x1b[38;5;252m“Attention” is all you need — naïve 日本語\x1b[0m\n\t"+
		"\x1b]8;;https://arxiv.org/abs/1706.03762\x1b\\paper\x1b]8;;\x1b\\\n", 50)
	plain := strings.Repeat("“Attention” is all you need — naïve 日本語\n\t", 50)
	for name, f := range map[string]func(){
		"Text":      func() { _ = Text(plain) },
		"Rendered":  func() { _ = Rendered(styled) },
		"StripANSI": func() { _ = StripANSI(plain) },
		"SafeURL":   func() { _, _ = SafeURL("https://arxiv.org/abs/1706.03762") },
	} {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s allocates %v times on clean input, want 0", name, n)
		}
	}
	if got := Rendered(styled); got != styled {
		t.Errorf("Rendered changed clean styled input")
	}
}
