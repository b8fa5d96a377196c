// Package hostile provides corpora that try to harm the terminal, and a
// checker for what precis writes to it. Tests everywhere use it: the CLI
// tests read the small fixtures from testdata/hostile/ (written from
// Small), the ui tests can take them from here directly; the large ones
// (a 1 MB single line, 10,000 tiny summaries) are generated at test time.
//
// It is imported only by tests.
package hostile

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Fixture is one hostile corpus file.
type Fixture struct {
	Name string // file name under testdata/hostile/
	Data []byte
	// Binary fixtures are not corpora: precis must refuse them with a
	// clean error (exit status 1).
	Binary bool
}

// summary formats one corpus entry: a [link] line, the text ending " |".
func summary(text string) string { return "[link]\n" + text + " |\n" }

func corpus(texts ...string) []byte {
	var b strings.Builder
	for _, t := range texts {
		b.WriteString(summary(t))
	}
	return []byte(b.String())
}

// The attacks, as raw bytes.
const (
	OSC52     = "\x1b]52;c;cm0gLXJmIH4K\x07" // clipboard write ("rm -rf ~")
	OSC0      = "\x1b]0;PWNED-TITLE\x07"     // icon and window title
	OSC2ST    = "\x1b]2;PWNED-TITLE\x1b\\"   // window title, ST-terminated
	OSC11Q    = "\x1b]11;?\x07"              // background colour query
	ClearCSI  = "\x1b[2J\x1b[H"              // clear screen, cursor home
	AltScreen = "\x1b[?1049h"                // switch to the alternate screen
	DCS       = "\x1bP+q544e\x1b\\"          // XTGETTCAP request
	DSR       = "\x1b[6n"                    // cursor position report: answer lands in input
	RIS       = "\x1bc"                      // full terminal reset
	KeyMode   = "\x1b[>4;2m"                 // xterm modifyOtherKeys: ends in m, not SGR
	BadLink   = "\x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07"
	JSLink    = "\x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\"
	GoodLink  = "\x1b]8;;https://arxiv.org/abs/1706.03762\x1b\\paper\x1b]8;;\x1b\\"
	RawSGR    = "\x1b[31;1mred\x1b[0m"
	Unclosed  = "\x1b]0;never terminated title"
	CSI8bit   = "\u009b2J"                  // 8-bit CSI as a UTF-8 rune
	OSC8bit   = "\u009d0;PWNED-TITLE\u009c" // 8-bit OSC and ST as runes
	RawC1     = "\x9b2J \x9d0;PWNED-TITLE\x9c"
	BidiRLO   = "invoice\u202Etxt.exe"
	BidiIso   = "\u2066isolated\u2069 \u2067rtl\u2069 \u200F\u200E mark"
	BEL       = "ding\x07ding\x07"
	OtherC0   = "back\x08space carriage\rreturn form\x0cfeed vertical\x0btab del\x7fete shift\x0e\x0fin"
	BadUTF8   = "bad \xff\xfe bytes, truncated \xe2\x82, overlong \xc0\xaf, surrogate \xed\xa0\x80 end"
)

// entity writes s with every byte below 0x20 and every rune from 0x7f to
// 0x9f as an HTML character reference, alternating decimal and hex
// forms, the way markdown can smuggle them past an input filter: glamour
// decodes them into live bytes.
func entity(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0x202e {
			if n%2 == 0 {
				fmt.Fprintf(&b, "&#%d;", r)
			} else {
				fmt.Fprintf(&b, "&#x%x;", r)
			}
			n++
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var rawAttacks = []string{OSC52, OSC0, OSC2ST, OSC11Q, ClearCSI, AltScreen, DCS, DSR, RIS, KeyMode, BadLink, JSLink, GoodLink, RawSGR}

// Small returns the fixtures small enough to commit.
func Small() []Fixture {
	var raw, ent []string
	// The first summary opens with the attacks, so the derived title
	// carries them too.
	raw = append(raw, strings.Join(rawAttacks, "")+" CycleGAN learns to translate images without pairs.")
	ent = append(ent, entity(strings.Join(rawAttacks, ""))+" CycleGAN learns to translate images without pairs.")
	for _, a := range rawAttacks {
		raw = append(raw, "The **Switch Transformer** routes tokens "+a+" to experts, *sparsely*.")
		ent = append(ent, "The **Switch Transformer** routes tokens "+entity(a)+" to experts, *sparsely*.")
	}
	raw = append(raw, "An unterminated title change "+Unclosed)
	ent = append(ent,
		"An unterminated title change "+entity(Unclosed),
		"Upper-case hex &#X1B;]0;PWNED-TITLE&#X07; and a named-looking &#27;[2J in **bold &#x1b;[?1049h** text.",
		"Links: [a clipboard write](https://example.com/&#27;]52;c;cm0K&#7;) and [script](javascript:alert(1)) and [file](file:///etc/passwd).",
		"Image alt ![alt &#27;]0;PWNED-TITLE&#7;](https://i.imgur.com/x.png) and a code span `&#27;[2J` kept literal.",
		"8-bit controls as entities: &#155;2J and &#157;0;PWNED-TITLE&#156; and &#133; next line.",
		"A right-to-left override &#x202e;txt.exe and a bell &#7;&#7;.",
	)
	return []Fixture{
		{Name: "escapes-raw.txt", Data: corpus(raw...)},
		{Name: "escapes-entities.txt", Data: corpus(ent...)},
		{Name: "c1.txt", Data: corpus(
			"8-bit CSI as a rune "+CSI8bit+" and 8-bit OSC "+OSC8bit+" in the **Lottery Ticket Hypothesis**.",
			"8-bit controls as raw bytes "+RawC1+" in AlphaFold.",
			"Next line \u0085 and string terminator \u009c and other C1 \u0080\u0090\u009f.",
		)},
		{Name: "bidi.txt", Data: corpus(
			"A file named "+BidiRLO+" in a summary about ResNet.",
			"Isolates and marks: "+BidiIso+".",
			"\u202EDerived title reversed by an override at the start.",
		)},
		{Name: "bel.txt", Data: corpus(
			"Bells "+BEL+" in the summary of BERT.",
			"Other controls: "+OtherC0+".",
		)},
		{Name: "invalid-utf8.txt", Data: corpus(
			"Invalid UTF-8: "+BadUTF8+".",
			"\xff\xfe\xfd Starts with invalid bytes: GPT-3 is large.",
		)},
		{Name: "nul.txt", Binary: true, Data: []byte(summary("A NUL byte \x00 makes this binary data, not a corpus."))},
	}
}

// BigLine returns a corpus of one summary whose text is a single line of
// at least n bytes (1 << 20 for the 1 MB fixture), with markdown and
// attacks sprinkled through it.
func BigLine(n int) []byte {
	const chunk = "The **Transformer** replaces recurrence with *attention*; see https://arxiv.org/abs/1706.03762 for details - item one - item two 1) first 2) second. "
	attacks := []string{OSC52, entity(OSC0), ClearCSI, CSI8bit, BidiRLO, BEL, entity(AltScreen)}
	var b strings.Builder
	b.Grow(n + 4096)
	b.WriteString("[link]\n")
	for i := 0; b.Len() < n; i++ {
		b.WriteString(chunk)
		if i%50 == 0 {
			b.WriteString(attacks[(i/50)%len(attacks)])
			b.WriteByte(' ')
		}
	}
	b.WriteString(" |\n")
	return []byte(b.String())
}

// Many returns a corpus of n tiny summaries, every tenth carrying an
// attack.
func Many(n int) []byte {
	attacks := []string{OSC52, OSC0, ClearCSI, entity(OSC52), CSI8bit, BidiRLO, BEL, DCS, RIS, BadUTF8}
	var b strings.Builder
	b.Grow(n * 48)
	for i := 0; i < n; i++ {
		b.WriteString("[link]\n")
		fmt.Fprintf(&b, "Tiny summary %d of method M%d.", i+1, i+1)
		if i%10 == 0 {
			b.WriteString(" " + attacks[(i/10)%len(attacks)])
		}
		b.WriteString(" |\n")
	}
	return []byte(b.String())
}

var (
	sgrRE  = regexp.MustCompile(`^\x1b\[[0-9;:]*m`)
	osc8RE = regexp.MustCompile(`^\x1b\]8;[!-:<-~]*;([!-~]*?)(?:\x07|\x1b\\)`)
	// an http(s) URL with a host
	linkTargetRE = regexp.MustCompile(`^(?i:https?)://([^/?#]*@)?[^/?#@:][^/?#]*([/?#].*)?$`)
	bidiSet      = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

// Check reports the first thing in out that could act on a terminal. It
// allows newline, tab and printable text; with styled, also SGR sequences
// (ESC [ digits ; : m) and OSC 8 hyperlinks whose target is empty or an
// http(s) URL; without styled, no ESC at all. It rejects every other C0
// control, DEL, C1 controls, bidirectional overrides and invalid UTF-8.
// It is written independently of package sanitize, to check it.
func Check(out string, styled bool) error {
	for i := 0; i < len(out); {
		c := out[i]
		switch {
		case c == 0x1b:
			if !styled {
				return offence(out, i, "ESC in plain output")
			}
			if m := sgrRE.FindString(out[i:]); m != "" {
				i += len(m)
				continue
			}
			if m := osc8RE.FindStringSubmatch(out[i:]); m != nil {
				t := m[1]
				if t != "" && !linkTargetRE.MatchString(t) {
					return offence(out, i, "OSC 8 link to "+t)
				}
				i += len(m[0])
				continue
			}
			return offence(out, i, "escape sequence other than SGR and OSC 8")
		case c == '\n' || c == '\t' || c >= 0x20 && c < 0x7f:
			i++
		case c < 0x80:
			return offence(out, i, fmt.Sprintf("control character %#02x", c))
		default:
			r, w := utf8.DecodeRuneInString(out[i:])
			switch {
			case r == utf8.RuneError && w == 1:
				return offence(out, i, "invalid UTF-8")
			case r >= 0x80 && r <= 0x9f:
				return offence(out, i, fmt.Sprintf("C1 control U+%04X", r))
			case strings.ContainsRune(bidiSet, r):
				return offence(out, i, fmt.Sprintf("bidi control U+%04X", r))
			}
			i += w
		}
	}
	return nil
}

func offence(out string, i int, what string) error {
	lo, hi := max(0, i-20), min(len(out), i+20)
	return fmt.Errorf("%s at byte %d: %q", what, i, out[lo:hi])
}
