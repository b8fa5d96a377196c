package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"codeberg.org/precis/precis/model"
)

// Wrapped text keeps its words together: no line holds a lone word in
// the middle of a paragraph (glamour's wrapper used to count lines with
// a hyphen one cell short, and the margin then cut their last word onto
// a line of its own), and no line is wider than asked unless one word
// (a URL) is.
func TestRenderedParagraphsHaveNoStrandedWords(t *testing.T) {
	c := corpus(t)
	item := regexp.MustCompile(`^\s*(•|\d+\.)\s`)
	for _, w := range []int{50, 60, 70, 80, 90, 100, 120} {
		stranded := 0
		for i := range c.Len() {
			out, err := RenderMarkdown(model.Document(c.At(i)), w, "notty")
			if err != nil {
				t.Fatal(err)
			}
			ls := strings.Split(ansi.Strip(out), "\n")
			for j, l := range ls {
				if width := ansi.StringWidth(strings.TrimRight(l, " ")); width > w && len(strings.Fields(l)) > 1 {
					t.Errorf("summary %d at %d columns: line %d is %d wide: %q", i+1, w, j+1, width, l)
				}
				if j == 0 || j+1 >= len(ls) {
					continue
				}
				if len(strings.Fields(l)) == 1 && len(strings.Fields(ls[j-1])) > 3 && len(strings.Fields(ls[j+1])) > 3 && !item.MatchString(ls[j+1]) {
					stranded++
					if stranded <= 3 {
						t.Errorf("summary %d at %d columns: %q stands alone between %q and %q", i+1, w, strings.TrimSpace(l), strings.TrimSpace(ls[j-1]), strings.TrimSpace(ls[j+1]))
					}
				}
			}
		}
	}
}

// Hyphens come back as they were: in words, between spaces, in URLs,
// escaped at the start of a line; bullets and rules stay markdown.
func TestRenderKeepsHyphens(t *testing.T) {
	md := "# A per-joint title\n\nsee https://example.org/a-b-c and x - y, \\- not a bullet\n\n- a bullet\n\n---\n\nend"
	out, err := RenderMarkdown(md, 80, "notty")
	if err != nil {
		t.Fatal(err)
	}
	plain := ansi.Strip(out)
	for _, want := range []string{"per-joint", "https://example.org/a-b-c", "x - y", "- not a bullet", "• a bullet"} {
		if !strings.Contains(plain, want) {
			t.Errorf("rendered text lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, nbHyphen) || strings.Contains(plain, `\-`) {
		t.Errorf("a stand-in hyphen or an escape is left:\n%s", plain)
	}
}
