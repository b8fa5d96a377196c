package model

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/sahilm/fuzzy"
)

// Hit is one search result: three words, since a filter at 100k
// summaries can have 100k of them on every keystroke.
type Hit struct {
	Index int     // 0-based index into the corpus
	Score float64 // higher is better
	// Marks says what to show of the match; nil until the hit is
	// decorated (Search decorates every hit it returns, or the first
	// DecorateMax when asked for all; Decorate does the others).
	Marks *Marks
}

// Marks are what a hit shows of its match.
type Marks struct {
	// TitleMatches are the rune indexes of Title to highlight.
	TitleMatches []int
	// Snippet is a short excerpt of the text around the match and
	// SnippetMatches the rune indexes in it to highlight.
	Snippet        string
	SnippetMatches []int
}

// DecorateMax is how many hits SearchContext and Search fill in with
// title matches and a snippet when asked for all hits (limit <= 0);
// Decorate fills in the others, for instance as a list scrolls to them.
const DecorateMax = 50

// searchState is the index plus the last result, shared by every
// goroutine that searches the corpus.
type searchState struct {
	mu   sync.Mutex
	last *searchCache
}

type searchCache struct {
	q    *query
	keys []hitKey
}

// BuildSearchIndex builds the search index now, if it is not built yet;
// the first search builds it otherwise. Call it in the background right
// after loading a large corpus. Safe for concurrent use.
func (c *Corpus) BuildSearchIndex() {
	c.searchOnce.Do(func() {
		c.search = buildSearchIndex(c.items, nil)
		c.searchReady.Store(true)
	})
}

// SearchReady reports whether the search index is built, so that a
// search answers at once.
func (c *Corpus) SearchReady() bool { return c.searchReady.Load() }

// ExpectQueries says that the searches to come ask only these queries,
// as when a process answers one query and exits (`precis search`,
// `precis show QUERY`): the first of them then builds an index of only
// the terms these queries can match (their words, the words' prefix,
// typo, split and joined forms) rather than of the whole vocabulary.
// Every search gives the same hits and scores either way; a query not
// announced here builds and uses the whole index. Call it before any
// search, not concurrently with one.
func (c *Corpus) ExpectQueries(queries ...string) {
	if c.only != nil || len(queries) == 0 {
		return // the first call counts
	}
	c.only = newProbeSet()
	c.onlyKeys = map[string]bool{}
	for _, s := range queries {
		q := parseQuery(s)
		c.only.add(q)
		c.onlyKeys[q.key] = true
	}
}

// index returns the index that answers q: the one built for the
// expected queries when q is one of them and the whole one is not there
// yet (a cache may have brought it), else the whole one.
func (c *Corpus) index(q *query) *searchIndex {
	if c.onlyKeys[q.key] && !c.searchReady.Load() {
		c.onlyOnce.Do(func() { c.onlyIndex = buildSearchIndex(c.items, c.only) })
		return c.onlyIndex
	}
	c.BuildSearchIndex()
	return c.search
}

// Search ranks the summaries for query, best first; limit <= 0 means all
// hits. An empty query lists every summary in corpus order; a query
// with a word of no letters or digits ("?", "…") matches nothing.
//
// A query is words that must all match, in any order and any case; a
// word matches a term of the text, title, or authors exactly, as the
// start of a term, with one letter wrong, missing, added or swapped, or
// across a separator (vq-vae, vq vae and vqvae are alike). Rare terms and
// terms a summary repeats weigh more (BM25). fzf's extended syntax
// works: 'word (exact only), ^start and end$ (of the title or the
// text), !word (exclude).
func (c *Corpus) Search(query string, limit int) []Hit {
	hits, _ := c.SearchContext(context.Background(), query, limit)
	return hits
}

// SearchContext is Search that gives up with ctx.Err() when ctx is done,
// for a filter that searches on each keystroke. It is safe for
// concurrent use; it spreads the work over the cores and, when the query
// refines the previous one (adds words to it), scores only the previous
// hits. When limit <= 0, only the first DecorateMax hits get their Marks
// (see Decorate).
func (c *Corpus) SearchContext(ctx context.Context, query string, limit int) ([]Hit, error) {
	q := parseQuery(query)
	ix := c.index(q)
	if q.void {
		return nil, ctx.Err()
	}
	defer c.Foreground()()
	keys, err := ix.keys(ctx, c, q)
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(keys) > limit {
		keys = keys[:limit]
	}
	hits := make([]Hit, len(keys))
	for i, k := range keys {
		hits[i] = Hit{Index: int(k.doc()), Score: float64(k.score())}
	}
	n := len(hits)
	if limit <= 0 {
		n = min(n, DecorateMax)
	}
	ix.decorate(c, q, hits[:n])
	return hits, nil
}

// Decorate sets the Marks of hits found for query.
func (c *Corpus) Decorate(query string, hits []Hit) {
	q := parseQuery(query)
	ix := c.index(q)
	ix.state.mu.Lock()
	last := ix.state.last
	ix.state.mu.Unlock()
	if last != nil && last.q.key == q.key {
		q = last.q
	} else {
		ix.expand(q)
	}
	ix.decorate(c, q, hits)
}

// keys evaluates q (expanding it), using and updating the result cache.
func (ix *searchIndex) keys(ctx context.Context, c *Corpus, q *query) ([]hitKey, error) {
	ix.state.mu.Lock()
	last := ix.state.last
	ix.state.mu.Unlock()
	if last != nil && last.q.key == q.key {
		*q = *last.q
		return last.keys, nil
	}
	ix.expand(q)
	var within []hitKey
	if last != nil && q.refines(last.q) {
		within = last.keys
	}
	keys, err := ix.eval(ctx, c, q, within)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 && len(q.words) > 0 && !slices.ContainsFunc(q.words, func(w qword) bool { return w.exact }) {
		keys = ix.fuzzyTitles(c, q)
	} else {
		ix.rerankPhrases(c, q, keys)
	}
	if q.key != "" {
		ix.state.mu.Lock()
		ix.state.last = &searchCache{q: q, keys: keys}
		ix.state.mu.Unlock()
	}
	return keys, nil
}

type fieldSource []string

func (f fieldSource) String(i int) string { return f[i] }
func (f fieldSource) Len() int            { return len(f) }

// fuzzyTitles is the last resort when no summary holds the words: a
// character-level fuzzy match (sahilm/fuzzy) of the words, run together,
// over titles and author names, so an abbreviation like "cgan" still
// finds CycleGAN.
func (ix *searchIndex) fuzzyTitles(c *Corpus, q *query) []hitKey {
	var pattern []byte
	for _, w := range q.words {
		pattern = append(pattern, w.text...)
	}
	if len(pattern) < 3 {
		return nil
	}
	var keys []hitKey
	for _, m := range fuzzy.FindFromNoSort(string(pattern), fieldSource(ix.fieldTexts)) {
		if m.Score >= 0 && ix.passes(c, q, int32(m.Index)) {
			score := 1 / (1 + math.Exp(-float64(m.Score)/20))
			keys = append(keys, makeKey(float32(score), int32(m.Index)))
		}
	}
	slices.Sort(keys)
	return keys
}
