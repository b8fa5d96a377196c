package model

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// searchIndex is an inverted index over the summaries, kept compact for
// 100k summaries: the vocabulary is one sorted string with offsets (no
// per-term headers, prefix ranges by binary search), and the postings of
// term t are postDoc/postTF[postStart[t]:postStart[t+1]], sorted by doc.
type searchIndex struct {
	n      int
	blob   string   // every term, sorted, concatenated
	off    []uint32 // term t is blob[off[t]:off[t+1]]
	start  []uint32 // postings of t: [start[t], start[t+1])
	doc    []int32
	tf     []uint8   // text occurrences + titleBoost per title/name field hit, capped
	docLen []uint32  // text tokens per summary (build only)
	docK   []float32 // BM25 length normalisation per summary
	byLen  [][]int32 // term ids by term length in bytes (for typo scans)

	fieldTexts []string

	state searchState
}

const (
	titleBoost = 4 // a title or author token counts as this many text occurrences
	bm25K1     = 1.2
	bm25B      = 0.75
)

func (ix *searchIndex) numTerms() int { return len(ix.off) - 1 }

func (ix *searchIndex) term(t int32) string { return ix.blob[ix.off[t]:ix.off[t+1]] }

func (ix *searchIndex) df(t int32) int { return int(ix.start[t+1] - ix.start[t]) }

func (ix *searchIndex) idf(t int32) float32 {
	df := float64(ix.df(t))
	return float32(math.Log(1 + (float64(ix.n)-df+0.5)/(df+0.5)))
}

// lookup returns the id of term s, or -1.
func (ix *searchIndex) lookup(s string) int32 {
	lo, hi := ix.prefixRange(s)
	if lo < hi && ix.term(lo) == s {
		return lo
	}
	return -1
}

// prefixRange returns the ids [lo, hi) of the terms that start with p.
func (ix *searchIndex) prefixRange(p string) (int32, int32) {
	n := ix.numTerms()
	lo := sort.Search(n, func(i int) bool { return ix.term(int32(i)) >= p })
	hi := lo + sort.Search(n-lo, func(i int) bool { return !strings.HasPrefix(ix.term(int32(lo+i)), p) })
	return int32(lo), int32(hi)
}

// fieldText is what a summary is known by besides its text: title,
// derived title, paper title and authors.
func fieldText(s *Summary) string {
	var b strings.Builder
	b.WriteString(s.Title)
	if s.DerivedTitle != s.Title {
		b.WriteString(" \u2022 ")
		b.WriteString(s.DerivedTitle)
	}
	if p := s.Paper; p != nil {
		if p.Title != "" && p.Title != s.Title {
			b.WriteString(" \u2022 ")
			b.WriteString(p.Title)
		}
		for _, a := range p.Authors {
			b.WriteString(" \u2022 ")
			b.WriteString(a)
		}
	}
	return b.String()
}

// buildWorker holds one worker's share of the build: a contiguous range
// of summaries and its local vocabulary.
type buildWorker struct {
	lo, hi int
	ids    map[string]int32
	terms  []string
	df     []uint32
	last   []int32 // last doc (+1) that counted towards df
	global []int32 // local id -> global id
	cursor []uint32
}

// buildSearchIndex indexes items in two passes over the text, split
// across the cores: the first collects the vocabulary and document
// frequencies, the second writes postings straight into their final
// place, so nothing larger than the index itself is held.
func buildSearchIndex(items []Summary) *searchIndex {
	n := len(items)
	ix := &searchIndex{n: n, docLen: make([]uint32, n), fieldTexts: make([]string, n)}
	for i := range items {
		ix.fieldTexts[i] = fieldText(&items[i])
	}
	nw := runtime.GOMAXPROCS(0)
	if nw > n/64 {
		nw = max(1, n/64)
	}
	ws := make([]*buildWorker, nw)
	for w := range ws {
		ws[w] = &buildWorker{lo: n * w / nw, hi: n * (w + 1) / nw, ids: map[string]int32{}}
	}
	parallel(nw, func(w int) { ws[w].vocab(ix, items) })

	// Merge the vocabularies.
	total := 0
	for _, w := range ws {
		total += len(w.terms)
	}
	all := make([]string, 0, total)
	for _, w := range ws {
		all = append(all, w.terms...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var blob strings.Builder
	ix.off = make([]uint32, len(all)+1)
	for i, t := range all {
		blob.WriteString(t)
		ix.off[i+1] = uint32(blob.Len())
	}
	ix.blob = blob.String()
	ix.byLen = make([][]int32, maxTokenBytes+1)
	for i, t := range all {
		ix.byLen[len(t)] = append(ix.byLen[len(t)], int32(i))
	}
	all = nil

	dfs := make([]uint32, ix.numTerms())
	for _, w := range ws {
		w.global = make([]int32, len(w.terms))
		for li, t := range w.terms {
			g := ix.lookup(t)
			w.global[li] = g
			dfs[g] += w.df[li]
		}
	}
	ix.start = make([]uint32, ix.numTerms()+1)
	for t, d := range dfs {
		ix.start[t+1] = ix.start[t] + d
	}
	// Each worker writes its docs' postings after those of earlier workers.
	next := slices.Clone(ix.start[:ix.numTerms()])
	for _, w := range ws {
		w.cursor = make([]uint32, len(w.terms))
		for li, g := range w.global {
			w.cursor[li] = next[g]
			next[g] += w.df[li]
		}
		w.terms, w.df, w.last = nil, nil, nil
	}
	ix.doc = make([]int32, ix.start[ix.numTerms()])
	ix.tf = make([]uint8, len(ix.doc))
	parallel(nw, func(w int) { ws[w].postings(ix, items) })

	var sum float64
	for _, l := range ix.docLen {
		sum += float64(l)
	}
	avg := max(1, sum/float64(max(1, n)))
	ix.docK = make([]float32, n)
	for d, l := range ix.docLen {
		ix.docK[d] = float32(bm25K1 * (1 - bm25B + bm25B*float64(l)/avg))
	}
	ix.docLen = nil
	return ix
}

func (w *buildWorker) id(tok []byte) int32 {
	if id, ok := w.ids[string(tok)]; ok {
		return id
	}
	id := int32(len(w.terms))
	s := string(tok)
	w.ids[s] = id
	w.terms = append(w.terms, s)
	w.df = append(w.df, 0)
	w.last = append(w.last, 0)
	return id
}

func (w *buildWorker) vocab(ix *searchIndex, items []Summary) {
	var tk tokenizer
	for d := w.lo; d < w.hi; d++ {
		mark := int32(d + 1)
		count := func(tok []byte, _, _ int) {
			id := w.id(tok)
			if w.last[id] != mark {
				w.last[id] = mark
				w.df[id]++
			}
		}
		var dl uint32
		tk.each(items[d].Text, func(tok []byte, a, b int) { dl++; count(tok, a, b) })
		ix.docLen[d] = dl
		tk.each(ix.fieldTexts[d], count)
	}
}

func (w *buildWorker) postings(ix *searchIndex, items []Summary) {
	var tk tokenizer
	tf := make([]uint32, len(w.global))
	inField := make([]int32, len(w.global))
	var touched []int32
	for d := w.lo; d < w.hi; d++ {
		touched = touched[:0]
		tk.each(items[d].Text, func(tok []byte, _, _ int) {
			id := w.ids[string(tok)]
			if tf[id] == 0 {
				touched = append(touched, id)
			}
			tf[id]++
		})
		mark := int32(d + 1)
		tk.each(ix.fieldTexts[d], func(tok []byte, _, _ int) {
			id := w.ids[string(tok)]
			if inField[id] == mark {
				return
			}
			inField[id] = mark
			if tf[id] == 0 {
				touched = append(touched, id)
			}
			tf[id] += titleBoost
		})
		for _, id := range touched {
			p := w.cursor[id]
			w.cursor[id]++
			ix.doc[p] = int32(d)
			ix.tf[p] = uint8(min(tf[id], 255))
			tf[id] = 0
		}
	}
	w.ids = nil
}

// parallel runs fn(0..n-1) on n goroutines and waits.
func parallel(n int, fn func(int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); fn(i) }()
	}
	wg.Wait()
}
