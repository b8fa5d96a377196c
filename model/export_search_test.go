package model

import (
	"fmt"
	"maps"
	"slices"
)

// SetParallelMin sets the corpus size from which searches use every core
// and returns a function that restores it.
func SetParallelMin(n int) func() {
	old := parallelMin
	parallelMin = n
	return func() { parallelMin = old }
}

// CheckSearchIndex builds the search index of items and compares it with
// a plain, map-based reference build; it returns the first difference.
// With small, pairs are stored in chunks of 8 bytes.
func CheckSearchIndex(items []Summary, small bool) error {
	if small {
		defer func(c int) { pairChunk = c }(pairChunk)
		pairChunk = 8
	}
	return checkSearchIndex(buildSearchIndex(items, nil), items)
}

func checkSearchIndex(ix *searchIndex, items []Summary) error {
	type posting struct {
		doc int32
		tf  uint8
	}
	post := map[string][]posting{}
	docLen := make([]float64, len(items))
	var tk tokenizer
	for d := range items {
		tf := map[string]int{}
		var order []string
		tk.each(items[d].Text, func(tok []byte, _, _ int) {
			docLen[d]++
			s := string(tok)
			if tf[s] == 0 {
				order = append(order, s)
			}
			tf[s]++
		})
		seen := map[string]bool{}
		tk.each(fieldText(&items[d]), func(tok []byte, _, _ int) {
			s := string(tok)
			if seen[s] {
				return
			}
			seen[s] = true
			if tf[s] == 0 {
				order = append(order, s)
			}
		})
		for _, s := range order {
			b := uint8(min(tf[s], maxTF))
			if seen[s] {
				b |= fieldBit
			}
			post[s] = append(post[s], posting{int32(d), b})
		}
		if ix.fieldTexts[d] != fieldText(&items[d]) {
			return fmt.Errorf("fieldText %d: %q", d, ix.fieldTexts[d])
		}
	}
	terms := slices.Sorted(maps.Keys(post))
	if ix.numTerms() != len(terms) {
		return fmt.Errorf("%d terms, want %d", ix.numTerms(), len(terms))
	}
	for t, s := range terms {
		if ix.term(int32(t)) != s {
			return fmt.Errorf("term %d is %q, want %q", t, ix.term(int32(t)), s)
		}
		ps := post[s]
		if ix.df(int32(t)) != len(ps) {
			return fmt.Errorf("term %q: df %d, want %d", s, ix.df(int32(t)), len(ps))
		}
		for i, p := range ps {
			at := int(ix.start[t]) + i
			if got := ix.post[at]; got.doc() != p.doc || got.tf() != p.tf {
				return fmt.Errorf("term %q posting %d: (%d, %d), want (%d, %d)", s, i, got.doc(), got.tf(), p.doc, p.tf)
			}
		}
		if !slices.Contains(ix.byLen[len(s)], int32(t)) {
			return fmt.Errorf("term %q missing from byLen", s)
		}
	}
	for l, ids := range ix.byLen {
		if !slices.IsSorted(ids) {
			return fmt.Errorf("byLen[%d] unsorted", l)
		}
	}
	var sum float64
	for _, l := range docLen {
		sum += l
	}
	avg := max(1, sum/float64(max(1, len(items))))
	for d, l := range docLen {
		if k := float32(bm25K1 * (1 - bm25B + bm25B*l/avg)); ix.docK[d] != k {
			return fmt.Errorf("docK[%d] = %v, want %v", d, ix.docK[d], k)
		}
	}
	return nil
}

// SearchExpecting answers query as a process that announced it with
// ExpectQueries does (through an index of only the terms it can match),
// on a corpus that shares c's summaries.
func SearchExpecting(c *Corpus, query string, limit int) []Hit {
	c2 := &Corpus{Name: c.Name, items: c.items, byID: c.byID}
	c2.ExpectQueries(query)
	return c2.Search(query, limit)
}

// UncoveredProbes expands query on c's whole index and returns what the
// expansion asked the vocabulary for that the query's probes do not
// cover: a lookup of a term they do not keep ("=term"), or the terms
// starting with a prefix they do not keep ("prefix*").
func UncoveredProbes(c *Corpus, query string) []string {
	q := parseQuery(query)
	c.BuildSearchIndex()
	ix := c.search
	p := newProbeSet()
	p.add(q)
	var miss []string
	ix.trace = func(s string, prefix bool) {
		switch {
		case prefix && !p.covers(s):
			miss = append(miss, s+"*")
		case !prefix && !p.keeps([]byte(s)):
			miss = append(miss, "="+s)
		}
	}
	defer func() { ix.trace = nil }()
	ix.expand(q)
	return miss
}

// CheckExpectingIndex builds the index for queries and compares it with
// the whole index: it must hold exactly the whole index's terms that the
// queries' probes keep, with the same postings, and the same summary
// lengths and field texts.
func CheckExpectingIndex(items []Summary, queries ...string) error {
	full := buildSearchIndex(items, nil)
	p := newProbeSet()
	for _, q := range queries {
		p.add(parseQuery(q))
	}
	ix := buildSearchIndex(items, p)
	if ix.n != full.n || !slices.Equal(ix.docK, full.docK) || !slices.Equal(ix.fieldTexts, full.fieldTexts) {
		return fmt.Errorf("summary lengths or field texts differ")
	}
	kept := 0
	for t := range int32(full.numTerms()) {
		s := full.term(t)
		if !p.keeps([]byte(s)) {
			continue
		}
		kept++
		u := ix.lookup(s)
		if u < 0 {
			return fmt.Errorf("term %q missing", s)
		}
		a := full.post[full.start[t]:full.start[t+1]]
		b := ix.post[ix.start[u]:ix.start[u+1]]
		if !slices.Equal(a, b) {
			return fmt.Errorf("term %q: postings differ", s)
		}
	}
	if kept != ix.numTerms() {
		return fmt.Errorf("%d terms, want %d", ix.numTerms(), kept)
	}
	if kept == full.numTerms() {
		return fmt.Errorf("every one of the %d terms kept: not a restricted index", kept)
	}
	return nil
}
