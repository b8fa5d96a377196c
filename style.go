package main

import (
	"os"

	"golang.org/x/term"

	"codeberg.org/precis/precis/ui"
)

// resolveStyle decides the rendering style for output to a.stdout.
func (a *app) resolveStyle() string {
	return ui.ChooseStyle(a.style, isTerminal(a.stdout), os.Getenv)
}

// terminalWidth is the width of w when it is a terminal, else def.
func terminalWidth(w any, def int) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return def
}
