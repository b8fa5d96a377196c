// Package model is the domain of precis: the corpus of summaries (which
// package parse makes) with its indexes (lookup, search, related papers),
// the summaries as markdown with their links and sidecar metadata, and
// the user's data (bookmarks and reading state) with their on-disk store.
// It has no terminal or Bubble Tea code.
package model

import "codeberg.org/precis/precis/parse"

// Summary is one paper summary of a corpus: package parse makes them
// (see parse.Summary for the fields).
type Summary = parse.Summary

// Paper is what a metadata sidecar knows about the paper a summary is of.
type Paper = parse.Paper
