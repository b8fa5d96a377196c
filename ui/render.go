// Package ui is the interactive reader: the Bubble Tea app with its list
// pane, reading pane, keymap, styles and help.
package ui

import (
	"fmt"

	"github.com/charmbracelet/glamour"

	"codeberg.org/precis/precis/internal/sanitize"
)

// RenderMarkdown renders md with glamour at width columns in style (dark,
// light, notty, or a path to a glamour JSON style) and sanitizes the
// result so that only SGR sequences and safe OSC 8 links remain.
func RenderMarkdown(md string, width int, style string) (string, error) {
	if width < 1 {
		width = 1
	}
	opts := []glamour.TermRendererOption{glamour.WithWordWrap(width), glamour.WithEmoji()}
	switch style {
	case "dark", "light", "notty", "ascii", "dracula", "tokyo-night", "pink":
		opts = append(opts, glamour.WithStandardStyle(style))
	default:
		opts = append(opts, glamour.WithStylesFromJSONFile(style))
	}
	r, err := glamour.NewTermRenderer(opts...)
	if err != nil {
		return "", fmt.Errorf("style %s: %v", style, err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", err
	}
	return sanitize.Rendered(out), nil
}
