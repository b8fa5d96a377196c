package main

import (
	"os"

	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/ui"
)

// runReader starts the interactive reader, or prints the list when
// standard output is not a terminal.
func (a *app) runReader(cmd *cobra.Command) error {
	c, err := a.loadCorpus()
	if err != nil {
		return err
	}
	// A pipe, or a terminal that cannot address the cursor: the list.
	if !isTerminal(a.stdout) || os.Getenv("TERM") == "dumb" {
		return printList(a, c)
	}
	opts := ui.Options{Style: a.resolveStyle()}
	// The user's data: without it the reader still opens, keeps changes
	// in memory and says why in its status line.
	store, warnings, err := model.DefaultStore()
	opts.Warnings = warnings
	if err != nil {
		opts.Warnings = append(opts.Warnings, "bookmarks are not saved this session: "+err.Error())
	} else {
		opts.Store = store
	}
	return ui.Run(c, ui.RunOptions{
		Options: opts,
		Mouse:   !a.noMouse,
		In:      a.stdin,
		Out:     a.stdout,
	})
}
