package model

// Related is one summary related to another, with the reason in words.
type Related struct {
	Index  int // 0-based index into the corpus
	Score  float64
	Reason string
}

type relatedIndex struct{}

// Related returns up to k summaries related to the one at index i, best
// first. PLACEHOLDER until the related-papers engine lands.
func (c *Corpus) Related(i, k int) []Related { return nil }
