package model

import "strings"

// Hit is one search result.
type Hit struct {
	Index int     // 0-based index into the corpus
	Score float64 // higher is better
	// TitleMatches are the rune indexes of Title to highlight.
	TitleMatches []int
	// Snippet is a short excerpt of the text around the match and
	// SnippetMatches the rune indexes in it to highlight.
	Snippet        string
	SnippetMatches []int
}

type searchIndex struct{}

// Search ranks the summaries for query, best first; limit <= 0 means all
// hits. PLACEHOLDER: plain substring match until the search engine lands.
func (c *Corpus) Search(query string, limit int) []Hit {
	q := strings.ToLower(strings.TrimSpace(query))
	var hits []Hit
	for i := range c.items {
		if q == "" || strings.Contains(strings.ToLower(c.items[i].Text), q) || strings.Contains(strings.ToLower(c.items[i].Title), q) {
			hits = append(hits, Hit{Index: i, Score: 1})
			if limit > 0 && len(hits) == limit {
				break
			}
		}
	}
	return hits
}
