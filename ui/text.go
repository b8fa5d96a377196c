package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
)

// fit truncates the styled line s to width cells and pads it with spaces
// to exactly width, so panes line up whatever their content.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		s = ansi.Truncate(s, width, "…")
		w = ansi.StringWidth(s)
	}
	if w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// highlight renders s in base style with the runes at positions (sorted
// rune indexes) in hl style, cut to width cells with an ellipsis. The
// positions are rune indexes, so accented and wide characters highlight
// the right letters.
func highlight(s string, positions []int, width int, base, hl lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	runes := []rune(s)
	cut := len(runes)
	cells := 0
	for i, r := range runes {
		rw := runewidth.RuneWidth(r)
		if cells+rw > width {
			cut = i
			break
		}
		cells += rw
	}
	ellipsis := false
	if cut < len(runes) {
		// Make room for the ellipsis.
		for cut > 0 && cells+1 > width {
			cut--
			cells -= runewidth.RuneWidth(runes[cut])
		}
		ellipsis = true
	}
	var b strings.Builder
	pi := 0
	start := 0
	inMatch := false
	flush := func(end int, match bool) {
		if end <= start {
			return
		}
		seg := string(runes[start:end])
		if match {
			b.WriteString(hl.Render(seg))
		} else {
			b.WriteString(base.Render(seg))
		}
		start = end
	}
	for i := 0; i < cut; i++ {
		for pi < len(positions) && positions[pi] < i {
			pi++
		}
		m := pi < len(positions) && positions[pi] == i
		if m != inMatch {
			flush(i, inMatch)
			inMatch = m
		}
	}
	flush(cut, inMatch)
	if ellipsis {
		b.WriteString(base.Render("…"))
	}
	return b.String()
}

// clamp keeps v within [lo, hi] (lo wins when hi < lo).
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
