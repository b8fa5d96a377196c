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
	return checkSearchIndex(buildSearchIndex(items), items)
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
