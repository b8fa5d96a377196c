// Package termguard keeps precis's start-up from waiting on the terminal.
//
// Bubble Tea v1 calls lipgloss.HasDarkBackground() in its package init.
// On a terminal stdout, termenv then writes an OSC 11 background-colour
// query and a cursor-position request and waits up to termenv.OSCTimeout
// (5 s) for the answers. A terminal that never answers (script(1), serial
// consoles, some emulators) delays every start by 5 s, and one that
// answers late leaves the reply in the program's input.
//
// termenv asks nothing when TERM is "dumb". This package's init sets TERM
// to "dumb", so the query is never written, and Restore puts TERM back.
// It works because of the order Go initializes packages in (since Go
// 1.21: the first package, by import path, whose imports are all
// initialized): this package imports only os, and its path
// (codeberg.org/…) sorts before github.com/…, so as soon as os is ready
// it runs before termenv, lipgloss and bubbletea. It must stay that way:
// do not import anything here that imports them.
//
// main imports this package (a blank import is enough for the init) and
// calls Restore first thing, before anything reads TERM.
package termguard

import "os"

var (
	savedTerm string
	hadTerm   bool
	guarding  bool
)

func init() {
	savedTerm, hadTerm = os.LookupEnv("TERM")
	if hadTerm && savedTerm == "dumb" {
		return
	}
	if os.Setenv("TERM", "dumb") == nil {
		guarding = true
	}
}

// Restore puts TERM back as it was before the program started (unset if
// it was unset). Call it first thing in main; calling it again does
// nothing.
func Restore() {
	if !guarding {
		return
	}
	guarding = false
	if hadTerm {
		os.Setenv("TERM", savedTerm)
	} else {
		os.Unsetenv("TERM")
	}
}

// Active reports whether the guard is in place: TERM is "dumb" because
// of this package and Restore has not been called yet.
func Active() bool { return guarding }
