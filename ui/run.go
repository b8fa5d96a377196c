package ui

import (
	"fmt"
	"io"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"codeberg.org/precis/precis/internal/crash"
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
	// Err, when set, gets the warnings shown while the reader ran, one
	// line each, once the terminal is given back.
	Err io.Writer
	// Load, when Run is given no corpus, loads it in the background
	// behind a loading screen; Name is what the screen calls it.
	Load func(progress func(string)) (*model.Corpus, []string, error)
	Name string
}

// Run starts the interactive reader on c and returns when the user quits.
func Run(c *model.Corpus, opts RunOptions) error {
	ConfigureColors(opts.Style)
	var m *Model
	if c == nil && opts.Load != nil {
		m = NewLoading(opts.Name, opts.Load, opts.Options)
	} else {
		m = New(c, opts.Options)
	}
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
	// Panics are not caught by Bubble Tea (it would print a stack over the
	// screen): main's crash.Guard and guard() in every command restore
	// the terminal through ReleaseTerminal and report in one line.
	progOpts = append(progOpts, tea.WithoutCatchPanics())
	p := tea.NewProgram(m, progOpts...)
	program.Store(p)
	defer program.Store(nil)
	// Deferred after the line above, so it runs first: on a panic in
	// Update or View the program is still there to give the terminal back.
	defer crash.Guard(func() { _ = p.ReleaseTerminal() })
	_, err := p.Run()
	if opts.Err != nil {
		for _, n := range m.Notices() {
			fmt.Fprintf(opts.Err, "precis: warning: %s\n", n)
		}
	}
	if err != nil {
		return err
	}
	return m.Err()
}

// program is the running program, for ReleaseTerminal.
var program atomic.Pointer[tea.Program]

// ReleaseTerminal gives the terminal back (leaves the alternate screen,
// ends raw mode) if the reader is running. main's crash handler calls it.
func ReleaseTerminal() {
	if p := program.Load(); p != nil {
		_ = p.ReleaseTerminal()
	}
}

// guard wraps a command so that a panic in it, on its own goroutine,
// restores the terminal and is reported like one in main.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		defer crash.Guard(ReleaseTerminal)
		return cmd()
	}
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
