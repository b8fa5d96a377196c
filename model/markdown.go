package model

// Markdown returns the summary's text as markdown for the reading pane.
// PLACEHOLDER until the markdown conversion lands.
func (s *Summary) Markdown() string { return s.Text }

// Document returns the whole reading-pane document: a header with the
// title (and what the sidecar knows) followed by Markdown.
// PLACEHOLDER until the markdown conversion lands.
func (s *Summary) Document() string { return "# " + s.Title + "\n\n" + s.Markdown() }
