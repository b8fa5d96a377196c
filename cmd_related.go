package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER until the capability lands.
func (a *app) relatedCommand() *cobra.Command {
	return &cobra.Command{Use: "related", Short: "List related summaries", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented yet") }}
}
