package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// picker is a small overlay list to choose from: related papers on r,
// links and figures on o.
type picker struct {
	title  string
	items  []pickerItem
	cursor int
	empty  string // shown when there are no items
}

type pickerItem struct {
	label, detail string
	idx           int    // corpus index (related papers)
	url           string // link target (links)
}

func (p *picker) move(d int) { p.cursor = clamp(p.cursor+d, 0, len(p.items)-1) }

func (p *picker) selected() (pickerItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return pickerItem{}, false
	}
	return p.items[p.cursor], true
}

// view draws the picker as a bordered box at most width x height.
func (p *picker) view(t theme, width, height int) string {
	inner := max(1, width-4)
	rows := max(1, height-4)
	var lines []string
	lines = append(lines, fit(t.OverlayTitle.Render(p.title), inner))
	if len(p.items) == 0 {
		lines = append(lines, fit(t.Dim.Render(p.empty), inner))
	}
	perItem := 2
	visible := max(1, (rows-1)/perItem)
	off := 0
	if p.cursor >= visible {
		off = p.cursor - visible + 1
	}
	for i := off; i < len(p.items) && i < off+visible; i++ {
		it := p.items[i]
		label := "  " + it.label
		st := lipgloss.NewStyle()
		if i == p.cursor {
			label = "▌ " + it.label
			st = t.Selected
		}
		lines = append(lines, fit(st.Render(label), inner))
		if it.detail != "" {
			lines = append(lines, fit(t.Dim.Render("    "+it.detail), inner))
		}
	}
	if len(lines) > rows {
		lines = lines[:rows]
	}
	return t.Overlay.Render(strings.Join(lines, "\n"))
}
