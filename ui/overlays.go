package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"codeberg.org/precis/precis/model"
)

// relatedCount is how many related papers the picker and the end of the
// reading pane list.
const relatedCount = 8

// openRelatedPicker lists the papers related to the current summary.
func (m *Model) openRelatedPicker() {
	idx := m.currentIdx()
	if idx < 0 {
		return
	}
	if !m.corpus.RelatedReady() {
		// Never wait for the index on the UI goroutine (seconds at 100k).
		m.setStatus("still finding related papers: try r again in a moment")
		return
	}
	p := picker{title: "Related to " + m.corpus.At(idx).Title, empty: "no related papers found"}
	for _, r := range m.corpus.Related(idx, relatedCount) {
		s := m.corpus.At(r.Index)
		p.items = append(p.items, pickerItem{label: fmt.Sprintf("%d · %s", s.N, s.Title), detail: r.Reason, idx: r.Index})
	}
	m.picker = p
	m.overlay = overlayRelated
}

// openLinksPicker lists the links and figures of the current summary.
func (m *Model) openLinksPicker() {
	idx := m.currentIdx()
	if idx < 0 {
		return
	}
	p := picker{title: "Links and figures", empty: "this summary has no links"}
	for _, l := range model.Links(m.corpus.At(idx)) {
		p.items = append(p.items, pickerItem{label: l.Label, detail: l.URL, url: l.URL, idx: -1})
	}
	m.picker = p
	m.overlay = overlayLinks
}

// pickerKey handles keys while a picker is open.
func (m *Model) pickerKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Back, k.Related, k.Links):
		m.overlay = overlayNone
	case key.Matches(msg, k.Down):
		m.picker.move(1)
	case key.Matches(msg, k.Up):
		m.picker.move(-1)
	case key.Matches(msg, k.Top):
		m.picker.move(-len(m.picker.items))
	case key.Matches(msg, k.Bottom):
		m.picker.move(len(m.picker.items))
	case key.Matches(msg, k.Open):
		it, ok := m.picker.selected()
		m.overlay = overlayNone
		if !ok {
			return nil
		}
		if it.url != "" {
			return m.openLink(it.url)
		}
		return m.openSummary(it.idx, -1, true)
	}
	return nil
}

// withOverlay draws the open overlay centred over the screen.
func (m *Model) withOverlay(screen string, w, h int) string {
	var box string
	bw, bh := min(w, max(40, w*3/4)), max(1, h-2)
	switch m.overlay {
	case overlayHelp:
		body := strings.Split(m.helpColumns(w-4), "\n")
		for i, l := range body {
			tail := "…"
			if ansi.StringWidth(strings.TrimRight(ansi.Strip(l), " ")) <= w-4 {
				tail = "" // only padding is cut
			}
			body[i] = ansi.Truncate(l, max(1, w-4), tail)
		}
		rows := max(1, h-6)
		m.helpOffset = clamp(m.helpOffset, 0, max(0, len(body)-rows))
		hint := "? or esc closes"
		if len(body) > rows {
			body = body[m.helpOffset:min(len(body), m.helpOffset+rows)]
			hint = "j/k scroll · " + hint
		}
		box = m.theme.Overlay.Render(m.theme.OverlayTitle.Render("Keys") + "\n" + strings.Join(body, "\n") + "\n" + m.theme.Dim.Render(hint))
	default:
		box = m.picker.view(m.theme, bw, bh)
	}
	return placeOver(screen, box, w, h)
}

// helpColumns lays the key groups out side by side when they fit in
// width, else one under another, so every key is always listed.
func (m *Model) helpColumns(width int) string {
	var cols []string
	for _, g := range m.keys.FullHelp() {
		cols = append(cols, m.help.FullHelpView([][]key.Binding{g}))
	}
	total := 0
	for _, c := range cols {
		total += lipgloss.Width(c) + 4
	}
	if total <= width {
		for i := range cols[:len(cols)-1] {
			cols[i] = lipgloss.NewStyle().PaddingRight(4).Render(cols[i])
		}
		return lipgloss.JoinHorizontal(lipgloss.Top, cols...)
	}
	return strings.Join(cols, "\n\n")
}

// placeOver draws box centred on top of screen, clipped to w x h.
func placeOver(screen, box string, w, h int) string {
	lines := strings.Split(screen, "\n")
	boxLines := strings.Split(box, "\n")
	if len(boxLines) > h {
		boxLines = boxLines[:h]
	}
	bw := 0
	for _, l := range boxLines {
		bw = max(bw, ansi.StringWidth(l))
	}
	bw = min(bw, w)
	top := max(0, (h-len(boxLines))/2)
	left := max(0, (w-bw)/2)
	for i, bl := range boxLines {
		y := top + i
		if y >= len(lines) {
			break
		}
		row := lines[y]
		lines[y] = ansi.Cut(row, 0, left) + fit(bl, bw) + ansi.Cut(row, left+bw, w)
	}
	return strings.Join(lines, "\n")
}

// relatedSection is the markdown listing related papers at the end of
// the reading pane.
func (m *Model) relatedSection(idx int) string {
	if !m.corpus.RelatedReady() {
		// Do not hold the summary back for the index: it is re-rendered
		// with its related papers when the index is built.
		return "\n\n---\n\n*Related papers: finding them…*\n"
	}
	rel := m.corpus.Related(idx, relatedCount)
	if len(rel) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n---\n\n## Related papers\n\n")
	for _, r := range rel {
		s := m.corpus.At(r.Index)
		fmt.Fprintf(&b, "- **%s** (%d) — %s\n", model.EscapeMarkdown(s.Title), s.N, model.EscapeMarkdown(r.Reason))
	}
	b.WriteString("\nPress r to pick one.\n")
	return b.String()
}
