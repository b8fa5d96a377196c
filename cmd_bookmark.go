package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER until the capability lands.
func (a *app) bookmarkCommand() *cobra.Command {
	return &cobra.Command{Use: "bookmark", Short: "Add or remove bookmarks", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented yet") }}
}

// PLACEHOLDER until the capability lands.
func (a *app) bookmarksCommand() *cobra.Command {
	return &cobra.Command{Use: "bookmarks", Short: "List bookmarks", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented yet") }}
}
