package sanitize_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/glamour"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/internal/sanitize/hostile"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
	"codeberg.org/precis/precis/ui"
)

// renderAll takes a corpus file through the path a summary takes to the
// terminal: parse, the reading-pane document, glamour (ui.RenderMarkdown,
// which sanitizes its output) in a colour style and in plain text, and
// checks that nothing but SGR and safe OSC 8 links come out, and no ESC
// at all in plain text.
func renderAll(t *testing.T, data []byte, width int) {
	t.Helper()
	ss, _, err := parse.Bytes(data, "fuzz")
	if err != nil {
		return // refused cleanly (binary, empty, no summaries)
	}
	for i := range ss {
		s := &ss[i]
		if s.Title == "" {
			s.Title = "T"
		}
		for _, field := range []string{s.Text, s.Title} {
			if err := hostile.Check(field, false); err != nil {
				t.Fatalf("parsed text of %q: %v", data, err)
			}
		}
		doc := model.Document(s)
		out, err := ui.RenderMarkdown(doc, width, "dark")
		if err != nil {
			t.Fatalf("render %q: %v", doc, err)
		}
		if err := hostile.Check(out, true); err != nil {
			t.Fatalf("rendered %q (dark, width %d): %v", doc, width, err)
		}
		out, err = ui.RenderMarkdown(doc, width, "notty")
		if err != nil {
			t.Fatalf("render %q: %v", doc, err)
		}
		if err := hostile.Check(sanitize.StripANSI(out), false); err != nil {
			t.Fatalf("plain %q (width %d): %v", doc, width, err)
		}
	}
}

// FuzzParseRenderSanitize: whatever a corpus file holds, no forbidden
// byte or sequence reaches the terminal through parse -> markdown ->
// glamour -> sanitize.
func FuzzParseRenderSanitize(f *testing.F) {
	for _, fx := range hostile.Small() {
		f.Add(fx.Data, uint8(80))
	}
	f.Add([]byte("[link]\n&#27;]52;c;cm0K&#7; **b&#x1b;[2Jold** |\n"), uint8(20))
	f.Add([]byte("[link]\n[x](https://a.b/&#27;]0;t&#7;) ![&#27;[2J](https://i.imgur.com/x.png) |\n"), uint8(1))
	f.Add([]byte("[link]\n`&#27;[2J` &#155;2J &#x202e;abc |\n"), uint8(40))
	f.Fuzz(func(t *testing.T, data []byte, width uint8) {
		if len(data) > 8<<10 {
			return // glamour's cost grows with size; the fixtures cover big input
		}
		if !strings.Contains(string(data), "[link]") {
			data = append([]byte("[link]\n"), data...)
		}
		renderAll(t, data, int(width%200)+1)
	})
}

// The hostile fixtures, end to end, at a few widths.
func TestHostileFixturesRenderSafely(t *testing.T) {
	for _, fx := range hostile.Small() {
		if fx.Binary {
			continue
		}
		t.Run(fx.Name, func(t *testing.T) {
			for _, w := range []int{1, 20, 80} {
				renderAll(t, fx.Data, w)
			}
		})
	}
}

// glamour decodes HTML entities into live escape sequences: its raw
// output fails the check, and Rendered's output passes it with the text
// kept. This is why the output, not only the input, is sanitized.
func TestGlamourDecodesEntitiesIntoLiveEscapes(t *testing.T) {
	md := "A clipboard write &#27;]52;c;cm0K&#7; and a clear &#x1b;[2J here."
	raw, err := glamour.Render(md, "dark")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw, "\x1b]52;c;cm0K\x07") || hostile.Check(raw, true) == nil {
		t.Fatalf("glamour no longer decodes entities into escapes: %q", raw)
	}
	out := sanitize.Rendered(raw)
	if err := hostile.Check(out, true); err != nil {
		t.Fatalf("Rendered: %v", err)
	}
	if plain := sanitize.StripANSI(out); !strings.Contains(plain, "A clipboard write") || !strings.Contains(plain, "here.") {
		t.Fatalf("text lost: %q", plain)
	}
	if ui, err := ui.RenderMarkdown(md, 80, "dark"); err != nil || hostile.Check(ui, true) != nil {
		t.Fatalf("ui.RenderMarkdown does not sanitize: %q, %v", ui, err)
	}
}

func BenchmarkRenderedCleanSummary(b *testing.B) {
	ss, _, err := parse.Bytes(seeds.Corpus, "seed")
	if err != nil {
		b.Fatal(err)
	}
	out, err := ui.RenderMarkdown(ss[0].Text, 80, "dark")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		_ = sanitize.Rendered(out)
	}
}

func BenchmarkRenderedHostile(b *testing.B) {
	in := string(hostile.BigLine(64 << 10))
	in = strings.ReplaceAll(in, "Transformer", "\x1b[1mTransformer\x1b[0m")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		_ = sanitize.Rendered(in)
	}
}

func BenchmarkTextCleanSummary(b *testing.B) {
	ss, _, err := parse.Bytes(seeds.Corpus, "seed")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(ss[0].Text)))
	b.ReportAllocs()
	for b.Loop() {
		_ = sanitize.Text(ss[0].Text)
	}
}

func BenchmarkStripANSICleanSummary(b *testing.B) {
	ss, _, err := parse.Bytes(seeds.Corpus, "seed")
	if err != nil {
		b.Fatal(err)
	}
	out, err := ui.RenderMarkdown(ss[0].Text, 80, "notty")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		_ = sanitize.StripANSI(out)
	}
}
