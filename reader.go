package main

import (
	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/ui"
)

// runReader starts the interactive reader, or prints the list when
// standard output is not a terminal.
func (a *app) runReader(cmd *cobra.Command) error {
	c, err := a.loadCorpus()
	if err != nil {
		return err
	}
	if !isTerminal(a.stdout) {
		return printList(a, c)
	}
	return ui.Run(c, ui.RunOptions{
		Options: ui.Options{Style: a.resolveStyle()},
		Mouse:   !a.noMouse,
		In:      a.stdin,
		Out:     a.stdout,
	})
}
