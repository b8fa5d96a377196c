package model

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"codeberg.org/precis/precis/parse"
)

// Corpus is an ordered, immutable collection of summaries with lookup
// indexes. Build it with NewCorpus; do not modify the summaries afterwards.
type Corpus struct {
	// Name says where the corpus came from (file names, or the embedded one).
	Name string

	items []Summary
	byID  map[string]int

	searchOnce  sync.Once
	search      *searchIndex
	searchReady atomic.Bool

	// An index of only what the queries given to ExpectQueries can match.
	only      *probeSet
	onlyKeys  map[string]bool
	onlyOnce  sync.Once
	onlyIndex *searchIndex

	relatedOnce  sync.Once
	related      *relatedIndex
	relatedReady atomic.Bool

	// foreground counts the work under way that someone waits for
	// (Foreground); the related index's build waits for it between
	// chunks of its work (yieldToForeground).
	foreground atomic.Int32
	// relatedWanted counts the callers waiting for the related index.
	relatedWanted atomic.Int32

	// mapped is the size of the caches the corpus uses, if any.
	mapped int64
	// textKey is the textKey of the summaries for the tag keyTag, when a
	// cache made the corpus: the related cache's check reuses it rather
	// than read every text again.
	keyTag  string
	textKey [32]byte
}

// quoteClip quotes s for a message, cut to about n runes.
func quoteClip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return strconv.Quote(s)
}

// NewCorpus takes ownership of ss, numbers them 1..len, makes their ids
// unique, derives their titles and builds the lookup indexes.
// ss holds at most MaxSummaries (the loader refuses larger corpora).
func NewCorpus(name string, ss []Summary) *Corpus {
	parse.DeriveTitles(ss)
	return NewTitledCorpus(name, ss)
}

// NewTitledCorpus is NewCorpus for summaries whose titles
// parse.DeriveTitles has derived already, over exactly these summaries
// (titles depend on the whole corpus): the embedded corpus, parsed while
// the program starts (internal/seedload).
func NewTitledCorpus(name string, ss []Summary) *Corpus {
	c := &Corpus{Name: name, items: ss, byID: make(map[string]int, len(ss))}
	for i := range ss {
		s := &ss[i]
		s.N = i + 1
		if s.ID == "" {
			s.ID = parse.HashID(s.Text)
		}
		// Identical texts hash alike; keep ids unique and stable by order.
		base, k := s.ID, 2
		for {
			if _, dup := c.byID[s.ID]; !dup {
				break
			}
			s.ID = fmt.Sprintf("%s-%d", base, k)
			k++
		}
		c.byID[s.ID] = i
		if s.Title == "" {
			s.Title = s.DerivedTitle
		}
	}
	return c
}

// Len is the number of summaries.
func (c *Corpus) Len() int { return len(c.items) }

// TextBytes is the size of the summaries' texts, about the size of the
// corpus file.
func (c *Corpus) TextBytes() int64 {
	var n int64
	for i := range c.items {
		n += int64(len(c.items[i].Text))
	}
	return n
}

// At returns the summary at 0-based index i.
func (c *Corpus) At(i int) *Summary { return &c.items[i] }

// All returns the summaries in corpus order. The slice must not be modified.
func (c *Corpus) All() []Summary { return c.items }

// ByN returns the summary at 1-based position n.
func (c *Corpus) ByN(n int) (*Summary, bool) {
	if n < 1 || n > len(c.items) {
		return nil, false
	}
	return &c.items[n-1], true
}

// ByID returns the summary with the given id.
func (c *Corpus) ByID(id string) (*Summary, bool) {
	i, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return &c.items[i], true
}

// Index returns the 0-based index of s in the corpus.
func (c *Corpus) Index(s *Summary) int { return s.N - 1 }

// Resolve turns what a person typed into a summary: a position n, an id,
// or else a query whose best hit is taken.
func (c *Corpus) Resolve(ref string) (*Summary, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("empty reference: give a position, an id or a query")
	}
	if n, err := strconv.Atoi(ref); err == nil {
		if s, ok := c.ByN(n); ok {
			return s, nil
		}
		return nil, fmt.Errorf("no summary %d: positions run from 1 to %d", n, len(c.items))
	}
	if s, ok := c.ByID(strings.ToLower(ref)); ok {
		return s, nil
	}
	if !parseQuery(ref).names() {
		return nil, fmt.Errorf("%s names no summary: give a position, an id or words to search for", quoteClip(ref, 60))
	}
	hits := c.Search(ref, 1)
	if len(hits) == 0 {
		return nil, fmt.Errorf("no summary matches %s", quoteClip(ref, 60))
	}
	return &c.items[hits[0].Index], nil
}
