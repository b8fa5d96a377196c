package main

import "github.com/spf13/cobra"

// runReader starts the interactive reader, or prints the list when
// standard output is not a terminal.
func (a *app) runReader(cmd *cobra.Command) error {
	c, err := a.loadCorpus()
	if err != nil {
		return err
	}
	return printList(a, c)
}
