package ui

import "codeberg.org/precis/precis/model"

// Messages that cross the reader's components. Every asynchronous result
// carries what it was computed for and a generation number, so a stale
// result (an older query, a render for a width since changed) is dropped.

// filterResultMsg is the list for one filter query.
type filterResultMsg struct {
	gen   int
	query string
	hits  []model.Hit
}

// renderKey names one rendering of one summary.
type renderKey struct {
	idx   int
	width int
}

// renderedMsg is a finished glamour rendering.
type renderedMsg struct {
	key     renderKey
	content string
	err     error
}

// previewMsg fires when the list selection has rested long enough to
// render it in the reading pane.
type previewMsg struct{ gen int }

// resizeSettledMsg fires when the terminal size has stopped changing.
type resizeSettledMsg struct{ gen int }

// openedMsg reports the system opener's result for a link.
type openedMsg struct {
	url string
	err error
}

// relatedReadyMsg reports that the related-papers index is built, so
// renders can list related papers at the end of each summary.
type relatedReadyMsg struct{}
