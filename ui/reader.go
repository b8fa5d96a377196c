package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"codeberg.org/precis/precis/model"
)

// readerPane shows one summary rendered by glamour.
type readerPane struct {
	idx        int // corpus index of the summary shown, -1 for none
	vp         viewport.Model
	rendered   renderKey // what the viewport holds (idx -1: nothing)
	previewing bool      // shown by moving through the list, not opened
	waiting    bool      // a render is in flight…
	waitingFor renderKey // …for this
	scrollTo   int       // offset to restore once the render arrives, -1 for none
	keepOffset bool      // the next rendering of this summary keeps the offset shown
	// frac is how far through the text the view was when a resize
	// began (fracSet), kept for the rendering at the new width.
	frac      float64
	fracSet   bool
	lines     []string  // the rendered lines, for search
	plain     []string  // the same, without escapes, lower-cased
	flow      *flowText // plain as running text, built by the first search
	search    textSearch
	renderErr error
}

// textSearch is "/" in the reading pane: matches of a query in the
// rendered text, with a current one.
type textSearch struct {
	query   string
	matches []searchHit
	cur     int
}

// searchHit is one match: its part on each line it spans (a phrase can
// wrap onto the next line).
type searchHit []textMatch

type textMatch struct{ line, col, width int } // col and width in cells

// flowText is the rendered text as a person reads it: each line without
// its margins, lines joined and runs of spaces folded to one space, so a
// phrase is found where the wrapping broke it. at maps each byte back to
// its line and byte offset there (-1 for the space that joins lines).
type flowText struct {
	text string
	at   []flowPos
}

type flowPos struct{ line, off int32 }

func newFlowText(plain []string) *flowText {
	var b strings.Builder
	var at []flowPos
	space := true // nothing yet: no leading space
	for li, p := range plain {
		lo, hi := 0, len(p)
		for lo < hi && p[lo] == ' ' {
			lo++
		}
		for hi > lo && p[hi-1] == ' ' {
			hi--
		}
		if lo == hi {
			continue
		}
		if !space {
			b.WriteByte(' ')
			at = append(at, flowPos{int32(li), -1})
		}
		for i := lo; i < hi; i++ {
			if p[i] == ' ' {
				if space {
					continue
				}
				space = true
			} else {
				space = false
			}
			b.WriteByte(p[i])
			at = append(at, flowPos{int32(li), int32(i)})
		}
		space = false
	}
	return &flowText{text: b.String(), at: at}
}

func newReaderPane() readerPane {
	return readerPane{idx: -1, rendered: renderKey{idx: -1}, scrollTo: -1, vp: viewport.New(0, 0)}
}

// renderWidth is the word-wrap width glamour renders at for a pane width.
func renderWidth(paneWidth int) int {
	return max(8, paneWidth-4)
}

// setContent puts a finished rendering into the viewport.
func (r *readerPane) setContent(key renderKey, content string) {
	r.rendered = key
	content = strings.TrimRight(content, "\n")
	r.lines = strings.Split(content, "\n")
	r.plain = make([]string, len(r.lines))
	for i, l := range r.lines {
		r.plain[i] = strings.ToLower(ansi.Strip(l))
	}
	r.flow = nil
	r.vp.SetContent(content)
	r.vp.SetYOffset(0)
	if r.search.query != "" {
		r.findMatches()
	}
}

// findMatches collects every match of the search query, in reading
// order. Spaces in the query match any white space, a line break too.
func (r *readerPane) findMatches() {
	r.search.matches = r.search.matches[:0]
	q := strings.Join(strings.Fields(strings.ToLower(r.search.query)), " ")
	if q == "" {
		return
	}
	if r.flow == nil {
		r.flow = newFlowText(r.plain)
	}
	f := r.flow
	for off := 0; ; {
		i := strings.Index(f.text[off:], q)
		if i < 0 {
			break
		}
		start := off + i
		r.search.matches = append(r.search.matches, r.hitAt(start, start+len(q)))
		off = start + len(q)
	}
	if r.search.cur >= len(r.search.matches) {
		r.search.cur = 0
	}
}

// hitAt is the match of the flowing text's bytes [s, e), line by line.
func (r *readerPane) hitAt(s, e int) searchHit {
	var hit searchHit
	for i := s; i < e; {
		if r.flow.at[i].off < 0 {
			i++
			continue
		}
		line := r.flow.at[i].line
		a := int(r.flow.at[i].off)
		j := i
		for j+1 < e && r.flow.at[j+1].line == line && r.flow.at[j+1].off >= 0 {
			j++
		}
		b := int(r.flow.at[j].off) + 1
		p := r.plain[line]
		hit = append(hit, textMatch{line: int(line), col: ansi.StringWidth(p[:a]), width: ansi.StringWidth(p[a:b])})
		i = j + 1
	}
	return hit
}

// jumpToMatch scrolls so that the current match is in view.
func (r *readerPane) jumpToMatch() {
	if len(r.search.matches) == 0 {
		return
	}
	m := r.search.matches[r.search.cur][0]
	if m.line < r.vp.YOffset || m.line >= r.vp.YOffset+r.vp.Height {
		r.vp.SetYOffset(m.line - r.vp.Height/3)
	}
}

// view draws the pane in exactly height lines of width cells, with the
// current search match marked.
func (m *Model) readerView(width, height int) []string {
	r := &m.reader
	lines := make([]string, 0, height)
	switch {
	case r.idx < 0:
		lines = append(lines, fit(m.theme.Dim.Render("  select a summary and press enter"), width))
	case r.rendered.idx != r.idx && r.renderErr != nil:
		lines = append(lines, fit(m.theme.Error.Render("  cannot render: "+r.renderErr.Error()), width))
	case r.rendered.idx != r.idx:
		lines = append(lines, fit("  "+m.spinner.View()+" rendering…", width))
	default:
		top := r.vp.YOffset
		for i := top; i < len(r.lines) && len(lines) < height; i++ {
			line := r.lines[i]
			if r.search.query != "" {
				line = m.markMatches(i, line)
			}
			lines = append(lines, fit(line, width))
		}
	}
	for len(lines) < height {
		lines = append(lines, strings.Repeat(" ", max(0, width)))
	}
	return lines[:height]
}

// markMatches redraws a line that holds search matches without its
// glamour colours, with the matches highlighted (the current one
// reversed), so they stand out whatever the theme.
func (m *Model) markMatches(line int, styled string) string {
	var ms []textMatch
	var curs []bool
	for i, hit := range m.reader.search.matches {
		for _, mt := range hit {
			if mt.line == line {
				ms = append(ms, mt)
				curs = append(curs, i == m.reader.search.cur)
			}
		}
	}
	if len(ms) == 0 {
		return styled
	}
	plain := ansi.Strip(styled)
	var b strings.Builder
	col := 0
	for i, mt := range ms {
		b.WriteString(ansi.Cut(plain, col, mt.col))
		st := m.theme.Match
		if curs[i] {
			st = lipgloss.NewStyle().Reverse(true)
		}
		b.WriteString(st.Render(ansi.Cut(plain, mt.col, mt.col+mt.width)))
		col = mt.col + mt.width
	}
	b.WriteString(ansi.Cut(plain, col, ansi.StringWidth(plain)))
	return b.String()
}

// scrollPercent is how far through the summary the view is, 0 to 100.
func (r *readerPane) scrollPercent() int {
	return int(r.vp.ScrollPercent()*100 + 0.5)
}

// searchCounter is "3/11" for the current match, or "" with no search.
func (r *readerPane) searchCounter() string {
	if r.search.query == "" {
		return ""
	}
	if len(r.search.matches) == 0 {
		return fmt.Sprintf("/%s: no match", r.search.query)
	}
	return fmt.Sprintf("/%s %d/%d", r.search.query, r.search.cur+1, len(r.search.matches))
}

// renderCmd renders the document of corpus index idx at width, off the
// UI path.
func (m *Model) renderCmd(key renderKey) tea.Cmd {
	c, style := m.corpus, m.style
	related := m.relatedSection
	return guard(func() tea.Msg {
		// The user waits for this: the related index's build waits.
		defer c.Foreground()()
		s := c.At(key.idx)
		doc := model.DocumentShown(s) + related(key.idx)
		out, err := RenderMarkdown(doc, renderWidth(key.width), style)
		return renderedMsg{key: key, content: out, err: err}
	})
}
