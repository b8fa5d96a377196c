package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rendered sanitizes rendered output (glamour's, or any styled text) for
// the terminal. It keeps
//
//   - SGR sequences, ESC [ params m with params only digits, ';' and ':'
//     (no private markers, so not xterm's ESC [ > … m key modes);
//   - OSC 8 hyperlinks, ESC ] 8 ; params ; target ST, whose target is
//     empty (the closing half) or a printable-ASCII http(s) URL that
//     SafeURL accepts;
//   - newline, tab and printable text;
//
// and removes every other escape sequence whole (CSI, OSC, DCS, SOS, PM,
// APC, the 8-bit C1 forms such as U+009B, two-byte escapes such as ESC c),
// the other C0 and C1 controls, DEL and bidirectional overrides. Invalid
// UTF-8 becomes U+FFFD. A string sequence (OSC, DCS, …) ends at BEL, ST,
// the next ESC or the end of its line, so an unterminated one removes at
// most the rest of that line.
//
// glamour decodes HTML entities, so "&#27;]52;c;…&#7;" in markdown is a
// live clipboard write in its output: Rendered is what removes it. When s
// is already clean it is returned as is, without allocating. Rendered is
// idempotent.
func Rendered(s string) string { return clean(s, false) }

// StripANSI removes every escape sequence from s, styling included, and
// then applies Text: the result has no ESC byte and no control character
// other than newline and tab. It is for plain output (--plain, NO_COLOR).
func StripANSI(s string) string { return Text(clean(s, true)) }

// maxSGR bounds the length of an SGR sequence Rendered keeps; longer ones
// are not something precis's styling emits.
const maxSGR = 128

// maxURL bounds the length of a URL SafeURL accepts.
const maxURL = 4096

// clean walks s and copies it, lazily, leaving out what is not allowed.
// stripAll removes SGR and OSC 8 too.
func clean(s string, stripAll bool) string {
	var b []byte // nil until the first change
	done := 0    // s[:done] is accounted for in b (when b != nil)
	drop := func(from, to int, repl string) {
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[done:from]...)
		b = append(b, repl...)
		done = to
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		if c == 0x1b {
			end, keep := escSeq(s, i)
			if !keep || stripAll {
				drop(i, end, "")
			}
			i = end
			continue
		}
		if c < utf8.RuneSelf { // other C0 controls and DEL
			drop(i, i+1, "")
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			drop(i, i+1, "\uFFFD")
			i++
		case isC1(r):
			end := c1Seq(s, i, r)
			drop(i, end, "")
			i = end
		case isBidi(r):
			drop(i, i+w, "")
			i += w
		default:
			i += w
		}
	}
	if b == nil {
		return s
	}
	b = append(b, s[done:]...)
	return string(b)
}

// escSeq returns the end of the escape sequence that starts with the ESC
// at s[i], and whether it is one Rendered keeps.
func escSeq(s string, i int) (end int, keep bool) {
	if i+1 >= len(s) {
		return i + 1, false
	}
	switch c := s[i+1]; {
	case c == '[':
		return csiSeq(s, i+2, true)
	case c == ']':
		return oscSeq(s, i+2, true)
	case c == 'P' || c == 'X' || c == '^' || c == '_': // DCS SOS PM APC
		end, _, _ = stringSeq(s, i+2)
		return end, false
	case c >= 0x20 && c <= 0x2f: // intermediates, then a final byte
		j := i + 1
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			j++
		}
		return j, false
	case c >= 0x30 && c <= 0x7e: // two-byte escapes: ESC c, ESC 7, ESC M …
		return i + 2, false
	}
	return i + 1, false // a lone ESC: what follows is handled on its own
}

// c1Seq returns the end of what starts with the C1 control r at s[i]: a
// whole sequence for the 8-bit CSI, OSC, DCS, SOS, PM and APC, else the
// control alone. None of it is kept.
func c1Seq(s string, i int, r rune) int {
	j := i + utf8.RuneLen(r)
	switch r {
	case 0x9b: // CSI
		end, _ := csiSeq(s, j, false)
		return end
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC DCS SOS PM APC
		end, _, _ := stringSeq(s, j)
		return end
	}
	return j
}

// csiSeq scans a control sequence whose parameters start at s[j] and
// returns its end and whether it is an SGR sequence to keep (sevenBit: it
// was introduced by ESC [, not by the 8-bit CSI). A malformed sequence
// ends before the byte that broke it.
func csiSeq(s string, j int, sevenBit bool) (end int, keep bool) {
	start := j
	sgrParams := true
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		if c := s[j]; c > ';' { // '<' '=' '>' '?': private parameters
			sgrParams = false
		}
		j++
	}
	params := j
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
		return j, false
	}
	keep = sevenBit && sgrParams && s[j] == 'm' && params == j && j-start+3 <= maxSGR
	return j + 1, keep
}

// oscSeq scans an operating system command whose payload starts at s[j]
// and returns its end and whether it is an OSC 8 hyperlink to keep.
func oscSeq(s string, j int, sevenBit bool) (end int, keep bool) {
	end, payloadEnd, terminated := stringSeq(s, j)
	if !sevenBit || !terminated {
		return end, false
	}
	if s[payloadEnd] != 0x07 && s[payloadEnd] != 0x1b { // only BEL or ESC \ ends a kept link
		return end, false
	}
	return end, safeHyperlink(s[j:payloadEnd])
}

// safeHyperlink reports whether an OSC payload is "8;params;target" with
// params of printable ASCII and a target that is empty or a safe
// printable-ASCII http(s) URL.
func safeHyperlink(p string) bool {
	rest, ok := strings.CutPrefix(p, "8;")
	if !ok {
		return false
	}
	params, target, ok := strings.Cut(rest, ";")
	if !ok {
		return false
	}
	for i := 0; i < len(params); i++ {
		if params[i] <= 0x20 || params[i] >= 0x7f {
			return false
		}
	}
	if target == "" {
		return true
	}
	for i := 0; i < len(target); i++ {
		if target[i] <= 0x20 || target[i] >= 0x7f {
			return false
		}
	}
	_, ok = SafeURL(target)
	return ok
}

// stringSeq scans the payload of a string sequence (OSC, DCS, SOS, PM,
// APC) that starts at s[j]. It ends at BEL, ST (ESC \ or U+009C), before
// another ESC, before a newline, or at the end of s; only the first two
// count as terminated. payloadEnd is where the terminator starts.
func stringSeq(s string, j int) (end, payloadEnd int, terminated bool) {
	for k := j; k < len(s); k++ {
		switch s[k] {
		case 0x07:
			return k + 1, k, true
		case 0x1b:
			if k+1 < len(s) && s[k+1] == '\\' {
				return k + 2, k, true
			}
			return k, k, false
		case '\n':
			return k, k, false
		case 0xc2:
			if k+1 < len(s) && s[k+1] == 0x9c {
				return k + 2, k, true
			}
		}
	}
	return len(s), len(s), false
}

// SafeURL returns u and true when u may be shown as a link or handed to
// the system opener: an absolute http or https URL with a host, at most
// 4096 bytes, valid UTF-8 and free of control characters, white space,
// invisible format characters and bidirectional overrides. Anything else
// (javascript:, file:, data:, a relative path, an option-like "-x")
// gives "", false.
func SafeURL(u string) (string, bool) {
	if len(u) == 0 || len(u) > maxURL {
		return "", false
	}
	for i := 0; i < len(u); {
		c := u[i]
		if c < utf8.RuneSelf {
			if c <= 0x20 || c == 0x7f {
				return "", false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(u[i:])
		if r == utf8.RuneError && w == 1 || !unicode.IsGraphic(r) || unicode.IsSpace(r) ||
			unicode.Is(unicode.Cf, r) || unsafeRune(r) {
			return "", false
		}
		i += w
	}
	rest, ok := cutPrefixFold(u, "https://")
	if !ok {
		if rest, ok = cutPrefixFold(u, "http://"); !ok {
			return "", false
		}
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	if authority == "" || authority[0] == ':' {
		return "", false // no host
	}
	return u, true
}

// cutPrefixFold is strings.CutPrefix with an ASCII case-insensitive
// prefix.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
