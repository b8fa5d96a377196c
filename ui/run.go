package ui

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"codeberg.org/precis/precis/model"
)

// RunOptions are what Run needs beyond the reader's Options.
type RunOptions struct {
	Options
	// Mouse captures the mouse so the wheel scrolls the pane under the
	// pointer (native text selection then needs shift in most terminals).
	Mouse bool
	In    io.Reader
	Out   io.Writer
}

// Run starts the interactive reader on c and returns when the user quits.
func Run(c *model.Corpus, opts RunOptions) error {
	ConfigureColors(opts.Style)
	m := New(c, opts.Options)
	progOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithReportFocus()}
	if opts.Mouse {
		progOpts = append(progOpts, tea.WithMouseCellMotion())
	}
	if opts.In != nil {
		progOpts = append(progOpts, tea.WithInput(opts.In))
	}
	if opts.Out != nil {
		progOpts = append(progOpts, tea.WithOutput(opts.Out))
	}
	_, err := tea.NewProgram(m, progOpts...).Run()
	return err
}

// ConfigureColors tells lipgloss what was decided before the program
// started, so it never asks the terminal: the background, and no colour
// at all for the notty style (NO_COLOR, dumb terminals).
func ConfigureColors(style string) {
	lipgloss.SetHasDarkBackground(style != "light")
	if style == "notty" || style == "ascii" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
}
