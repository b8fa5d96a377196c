package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER until the capability lands.
func (a *app) searchCommand() *cobra.Command {
	return &cobra.Command{Use: "search", Short: "Search the summaries", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented yet") }}
}
