// Package ui is the interactive reader: the Bubble Tea app with its list
// pane, reading pane, keymap, styles and help.
package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"

	"codeberg.org/precis/precis/internal/sanitize"
)

// RenderMarkdown renders md with glamour at width columns (0: no
// wrapping at all) in style (dark, light, notty, PlainStyle, or a path to
// a glamour JSON style) and sanitizes the result so that only SGR
// sequences and safe OSC 8 links remain.
func RenderMarkdown(md string, width int, style string) (string, error) {
	width = max(0, width)
	opts := []glamour.TermRendererOption{glamour.WithWordWrap(width), glamour.WithEmoji()}
	switch style {
	case PlainStyle:
		opts = append(opts, glamour.WithStyles(plainStyle()))
	case "dark", "light", "notty", "ascii", "dracula", "tokyo-night", "pink":
		opts = append(opts, glamour.WithStandardStyle(style))
	default:
		opts = append(opts, glamour.WithStylesFromJSONFile(style))
	}
	r, err := glamour.NewTermRenderer(opts...)
	if err != nil {
		return "", fmt.Errorf("style %s: %v", style, err)
	}
	out, err := r.Render(keepHyphens(md))
	if err != nil {
		return "", err
	}
	return sanitize.Rendered(strings.ReplaceAll(out, nbHyphen, "-")), nil
}

// PlainStyle renders text without colour or markdown marks: headings
// without #, emphasis without * or _, rules as a blank line. For show
// --plain and for pipes.
const PlainStyle = "plain"

func plainStyle() ansi.StyleConfig {
	c := styles.ASCIIStyleConfig
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
	}
	for _, p := range []*ansi.StylePrimitive{&c.Emph, &c.Strong, &c.Strikethrough} {
		p.BlockPrefix, p.BlockSuffix = "", ""
	}
	c.HorizontalRule.Format = "\n"
	return c
}

// nbHyphen stands in for the hyphens of the text while glamour wraps it.
// Its word wrap (muesli/reflow) treats '-' as a break point and then
// counts a line one cell short, so lines with a hyphen come out one cell
// too long and the margin cuts their last word onto a line of its own. A
// non-breaking hyphen is no break point; the output gets '-' back.
const nbHyphen = "\u2011"

// keepHyphens puts nbHyphen for every '-' of md that is text: not a list
// bullet at the start of a line, not a line of dashes (a rule), and a
// backslash-escaped hyphen loses its backslash (it needs none then).
func keepHyphens(md string) string {
	if !strings.Contains(md, "-") {
		return md
	}
	var b strings.Builder
	b.Grow(len(md) + len(md)/16)
	for line := range strings.SplitAfterSeq(md, "\n") {
		body := strings.TrimRight(line, "\n")
		if strings.Trim(body, " -") == "" {
			b.WriteString(line) // blank, or a rule
			continue
		}
		start := len(body) - len(strings.TrimLeft(body, " "))
		if strings.HasPrefix(body[start:], "- ") {
			start += 2
		}
		b.WriteString(line[:start])
		rest := line[start:]
		for {
			i := strings.IndexByte(rest, '-')
			if i < 0 {
				break
			}
			pre := rest[:i]
			if strings.HasSuffix(pre, "\\") && !strings.HasSuffix(pre, "\\\\") {
				pre = pre[:len(pre)-1]
			}
			b.WriteString(pre)
			b.WriteString(nbHyphen)
			rest = rest[i+1:]
		}
		b.WriteString(rest)
	}
	return b.String()
}
