package main

// PLACEHOLDERS: each of these commands moves to its own file when the
// capability behind it lands.

import (
	"errors"

	"github.com/spf13/cobra"
)

var errNotYet = errors.New("not implemented yet")

func (a *app) searchCommand() *cobra.Command {
	return &cobra.Command{Use: "search", Short: "Search the summaries", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}

func (a *app) relatedCommand() *cobra.Command {
	return &cobra.Command{Use: "related", Short: "List related summaries", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}

func (a *app) bookmarkCommand() *cobra.Command {
	return &cobra.Command{Use: "bookmark", Short: "Add or remove bookmarks", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}

func (a *app) bookmarksCommand() *cobra.Command {
	return &cobra.Command{Use: "bookmarks", Short: "List bookmarks", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}
