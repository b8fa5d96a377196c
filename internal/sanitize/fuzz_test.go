package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/sanitize/hostile"
)

// seeds adds the attacks and the hostile fixtures to a fuzz corpus.
func seeds(f *testing.F) {
	for _, s := range []string{
		"", "plain", "\x1b", "\x1b[", "\x1b]", "\x1b]8;;", "\x1b[31m", "\x1b[0m\x1b[38;5;252m",
		hostile.OSC52, hostile.OSC0, hostile.OSC2ST, hostile.OSC11Q, hostile.ClearCSI,
		hostile.AltScreen, hostile.DCS, hostile.DSR, hostile.RIS, hostile.KeyMode,
		hostile.BadLink, hostile.JSLink, hostile.GoodLink, hostile.RawSGR, hostile.Unclosed,
		hostile.CSI8bit, hostile.OSC8bit, hostile.RawC1, hostile.BidiRLO, hostile.BidiIso,
		hostile.BEL, hostile.OtherC0, hostile.BadUTF8,
		"\x1b]8;;https://a.b/\x1b\\x\x1b]8;;\x1b\\", "\x1b\x1b[1m", "\x1b]0;t\x1b[0m",
	} {
		f.Add(s)
	}
	for _, fx := range hostile.Small() {
		f.Add(string(fx.Data))
	}
}

func FuzzText(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if err := hostile.Check(out, false); err != nil {
			t.Fatalf("Text(%q) = %q: %v", s, out, err)
		}
		if again := Text(out); again != out {
			t.Fatalf("Text is not idempotent on %q: %q then %q", s, out, again)
		}
		if utf8.ValidString(s) && firstUnsafe(s) < 0 && out != s {
			t.Fatalf("Text changed clean %q to %q", s, out)
		}
		if strings.Count(out, VisibleESC) < strings.Count(s, "\x1b") {
			t.Fatalf("Text(%q) = %q lost an ESC instead of showing it", s, out)
		}
	})
}

func FuzzRendered(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := Rendered(s)
		if err := hostile.Check(out, true); err != nil {
			t.Fatalf("Rendered(%q) = %q: %v", s, out, err)
		}
		if again := Rendered(out); again != out {
			t.Fatalf("Rendered is not idempotent on %q: %q then %q", s, out, again)
		}
		if hostile.Check(s, true) == nil && out != s {
			t.Fatalf("Rendered changed clean %q to %q", s, out)
		}
		// Text never grows an escape sequence: rendering plain text keeps it.
		if txt := Text(s); Rendered(txt) != txt {
			t.Fatalf("Rendered changed the Text of %q", s)
		}
	})
}

func FuzzStripANSI(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := StripANSI(s)
		if err := hostile.Check(out, false); err != nil {
			t.Fatalf("StripANSI(%q) = %q: %v", s, out, err)
		}
		if again := StripANSI(out); again != out {
			t.Fatalf("StripANSI is not idempotent on %q: %q then %q", s, out, again)
		}
	})
}

func FuzzSafeURL(f *testing.F) {
	for _, s := range []string{"https://a.b/", "javascript:x", "http://a b", "https://a.b/\x1b", "HTTP://X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, ok := SafeURL(s)
		if !ok {
			if u != "" {
				t.Fatalf("SafeURL(%q) rejected but returned %q", s, u)
			}
			return
		}
		l := strings.ToLower(u)
		if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
			t.Fatalf("SafeURL accepted %q", s)
		}
		if strings.ContainsAny(u, " \t\n\r\x1b\x07\x00\x7f") || Text(u) != u {
			t.Fatalf("SafeURL accepted %q with a control or space", s)
		}
	})
}
