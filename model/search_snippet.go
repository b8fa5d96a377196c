package model

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// SnippetRunes is the length of a snippet, in runes of the text.
const SnippetRunes = 120

// hlInfo says which query word a term stands for and how many of a
// matching token's runes to highlight (0: all).
type hlInfo struct {
	word, runes int
	weight      float32
}

// highlights maps every term the query's words expanded to.
func (ix *searchIndex) highlights(q *query) map[string]hlInfo {
	m := map[string]hlInfo{}
	put := func(t int32, wi, hl int, w float32) {
		s := ix.term(t)
		if old, ok := m[s]; ok && old.weight >= w {
			return
		}
		m[s] = hlInfo{wi, hl, w}
	}
	for wi, w := range q.words {
		for _, a := range w.alts {
			put(a.t, wi, a.hl, a.w)
			for _, b := range a.b {
				put(b.t, wi, b.hl, b.w)
			}
		}
	}
	return m
}

func (ix *searchIndex) decorate(c *Corpus, q *query, hits []Hit) {
	if len(hits) == 0 {
		return
	}
	hl := ix.highlights(q)
	var tk tokenizer
	marks := make([]Marks, len(hits))
	for i := range hits {
		s := &c.items[hits[i].Index]
		m := &marks[i]
		m.TitleMatches = titleMatches(&tk, s.Title, q, hl)
		m.Snippet, m.SnippetMatches = makeSnippet(&tk, s.Text, len(q.words), hl)
		hits[i].Marks = m
	}
}

// titleMatches returns the rune indexes of title to highlight: the
// tokens that match a query word, and for a word no token matches, the
// letters sahilm/fuzzy matches.
func titleMatches(tk *tokenizer, title string, q *query, hl map[string]hlInfo) []int {
	if len(q.words) == 0 {
		return nil
	}
	var pos []int
	matched := make([]bool, len(q.words))
	tk.each(title, func(tok []byte, start, n int) {
		h, ok := hl[string(tok)]
		if !ok {
			return
		}
		matched[h.word] = true
		if h.runes > 0 {
			n = min(n, h.runes)
		}
		for k := start; k < start+n; k++ {
			pos = append(pos, k)
		}
	})
	for wi, w := range q.words {
		if matched[wi] || len(w.text) < 2 {
			continue
		}
		ms := fuzzy.Find(w.text, []string{title})
		if len(ms) == 0 {
			continue
		}
		pos = append(pos, byteToRuneIndexes(title, ms[0].MatchedIndexes)...)
	}
	slices.Sort(pos)
	return slices.Compact(pos)
}

// byteToRuneIndexes converts byte offsets into s (ascending) to rune
// offsets: sahilm/fuzzy reports bytes, highlighting wants runes.
func byteToRuneIndexes(s string, bs []int) []int {
	out := make([]int, 0, len(bs))
	r, j := 0, 0
	for i := range s {
		for j < len(bs) && bs[j] < i {
			j++
		}
		if j < len(bs) && bs[j] == i {
			out = append(out, r)
			j++
		}
		r++
	}
	return out
}

type occurrence struct {
	start, n, word int
	weight         float32
}

// maxOccurrences bounds the matches a snippet is chosen among.
const maxOccurrences = 4096

// makeSnippet cuts a one-line excerpt of text of about SnippetRunes
// runes around the densest cluster of matched query words, and returns
// it with the rune indexes of the matches in it.
func makeSnippet(tk *tokenizer, text string, nwords int, hl map[string]hlInfo) (string, []int) {
	var occ []occurrence
	if nwords > 0 {
		var first [256]bool
		for t := range hl {
			first[t[0]] = true
		}
		tk.each(text, func(tok []byte, start, n int) {
			if !first[tok[0]] {
				return
			}
			if h, ok := hl[string(tok)]; ok && len(occ) < maxOccurrences {
				if h.runes > 0 {
					n = min(n, h.runes)
				}
				occ = append(occ, occurrence{start, n, h.word, h.weight})
			}
		})
	}
	// The window where the query's words weigh most: each word counts
	// with its best match in the window (an exact name beats a typo form).
	bestL, bestW := -1, float32(-1)
	wmax := make([]float32, nwords)
	r := 0
	for l := range occ {
		for r < len(occ) && occ[r].start+occ[r].n <= occ[l].start+SnippetRunes-20 {
			r++
		}
		clear(wmax)
		var sum float32
		for _, o := range occ[l:max(r, l+1)] {
			if o.weight > wmax[o.word] {
				sum += o.weight - wmax[o.word]
				wmax[o.word] = o.weight
			}
		}
		if sum > bestW {
			bestL, bestW = l, sum
		}
	}
	ws := 0
	if bestL >= 0 {
		ws = max(0, occ[bestL].start-20)
	}
	// Only the window's runes are decoded: find its bytes first.
	bws, bwe, k := len(text), len(text), 0
	for i := range text {
		if k == ws {
			bws = i
		}
		if k == ws+SnippetRunes {
			bwe = i
			break
		}
		k++
	}
	rs := []rune(text[bws:bwe])
	more := bwe < len(text)
	if bestL >= 0 && ws > 0 {
		// Start at a word boundary.
		for k := 0; k < occ[bestL].start-ws && k < len(rs); k++ {
			if unicode.IsSpace(rs[k]) {
				rs, ws = rs[k+1:], ws+k+1
				break
			}
		}
	}
	if more {
		for k := len(rs) - 1; k > SnippetRunes*3/4; k-- {
			if unicode.IsSpace(rs[k]) {
				rs = rs[:k]
				break
			}
		}
	}
	we := ws + len(rs)
	mark := make([]bool, we-ws)
	for _, o := range occ {
		for k := o.start; k < o.start+o.n; k++ {
			if k >= ws && k < we {
				mark[k-ws] = true
			}
		}
	}
	out := make([]byte, 0, (we-ws)*2+8)
	var pos []int
	n := 0
	if ws > 0 {
		out = append(out, "…"...)
		n++
	}
	space := false
	for k := ws; k < we; k++ {
		c := rs[k-ws]
		if c == '*' {
			continue
		}
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			space = true
			continue
		}
		if space && n > 0 {
			out = append(out, ' ')
			n++
		}
		space = false
		if mark[k-ws] {
			pos = append(pos, n)
		}
		out = utf8.AppendRune(out, c)
		n++
	}
	if more {
		out = append(out, "…"...)
	}
	return string(out), pos
}
