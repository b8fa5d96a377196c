package parse

// Summary is one paper summary of a corpus.
type Summary struct {
	// N is the 1-based position of the summary in the corpus (across all
	// corpus files, in the order they were given).
	N int
	// ID is a short stable hash of the normalized text: it survives the
	// corpus being reordered or extended, so bookmarks store it.
	ID string
	// Source is the name of the file the summary came from and Line the
	// line of its [link] marker there.
	Source string
	Line   int
	// Text is the summary's text as found, made safe: valid UTF-8, no
	// control characters, the trailing " |" removed. Paragraphs, when the
	// file had any, are separated by "\n".
	Text string
	// Comments is the count from an "N Comments" trailer (0 if none).
	Comments int
	// Title is what the summary is shown as: the paper's real title from a
	// metadata sidecar when there is one, else DerivedTitle.
	Title string
	// DerivedTitle is the name derived from the text: the method or paper
	// it is about when the text names one, else a short headline.
	DerivedTitle string
	// Paper holds the sidecar metadata (nil when the sidecar has none).
	Paper *Paper
}

// Paper is what a metadata sidecar knows about the paper a summary is of.
type Paper struct {
	Title      string   `json:"title,omitempty"`
	Arxiv      string   `json:"arxiv,omitempty"`
	Year       int      `json:"year,omitempty"`
	Authors    []string `json:"authors,omitempty"`
	URL        string   `json:"url,omitempty"`
	Provenance string   `json:"provenance,omitempty"`
}
