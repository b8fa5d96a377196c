package ui

import "github.com/charmbracelet/lipgloss"

// theme is every style the reader draws with, chosen once from the
// rendering style (dark, light, or notty for no colour).
type theme struct {
	Header, HeaderDim     lipgloss.Style
	Title, TitleRead      lipgloss.Style
	Blurb                 lipgloss.Style
	Selected, SelectedBar lipgloss.Style
	Match                 lipgloss.Style
	Mark                  lipgloss.Style
	Status, StatusDim     lipgloss.Style
	Error                 lipgloss.Style
	Border                lipgloss.Style
	Overlay               lipgloss.Style
	OverlayTitle          lipgloss.Style
	Dim                   lipgloss.Style
	// ReadGlyph starts the second line of a summary already read where
	// styles cannot show it (no colour: NO_COLOR, --style notty).
	ReadGlyph string
}

func newTheme(style string) theme {
	s := lipgloss.NewStyle
	if style == "notty" || style == "ascii" {
		return theme{
			Header:       s().Bold(true),
			HeaderDim:    s(),
			Title:        s().Bold(true),
			TitleRead:    s(),
			Blurb:        s(),
			Selected:     s().Reverse(true),
			SelectedBar:  s(),
			Match:        s().Underline(true),
			Mark:         s().Bold(true),
			Status:       s().Reverse(true),
			StatusDim:    s().Reverse(true),
			Error:        s().Bold(true),
			Border:       s(),
			Overlay:      s().Border(lipgloss.NormalBorder()).Padding(0, 1),
			OverlayTitle: s().Bold(true),
			Dim:          s(),
			ReadGlyph:    "✓ ",
		}
	}
	accent, dim, fg, sel, bar, match := lipgloss.Color("212"), lipgloss.Color("244"), lipgloss.Color("252"), lipgloss.Color("236"), lipgloss.Color("212"), lipgloss.Color("214")
	statusBg, statusFg := lipgloss.Color("237"), lipgloss.Color("252")
	if style == "light" {
		accent, dim, fg, sel, bar, match = lipgloss.Color("161"), lipgloss.Color("243"), lipgloss.Color("235"), lipgloss.Color("254"), lipgloss.Color("161"), lipgloss.Color("166")
		statusBg, statusFg = lipgloss.Color("252"), lipgloss.Color("235")
	}
	return theme{
		Header:       s().Bold(true).Foreground(accent),
		HeaderDim:    s().Foreground(dim),
		Title:        s().Bold(true).Foreground(fg),
		TitleRead:    s().Foreground(dim),
		Blurb:        s().Foreground(dim),
		Selected:     s().Background(sel),
		SelectedBar:  s().Foreground(bar),
		Match:        s().Foreground(match).Underline(true),
		Mark:         s().Foreground(accent),
		Status:       s().Background(statusBg).Foreground(statusFg),
		StatusDim:    s().Background(statusBg).Foreground(dim),
		Error:        s().Background(statusBg).Foreground(lipgloss.Color("203")).Bold(true),
		Border:       s().Foreground(lipgloss.Color("240")),
		Overlay:      s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		OverlayTitle: s().Bold(true).Foreground(accent),
		Dim:          s().Foreground(dim),
	}
}
