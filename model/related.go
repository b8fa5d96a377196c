package model

import (
	"container/heap"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Related is one summary related to another, with the reason in words.
type Related struct {
	Index  int // 0-based index into the corpus
	Score  float64
	Reason string // why, for a person: "builds on NeRF", "shares: contrastive, SimCLR"
}

// Related returns up to k summaries related to the one at index i, best
// first (k <= 0: a default of 10). Explicit links come first: a summary
// that names the method another summary is about ("builds on my summary
// of NERFs", "a pretrained BERT", "the one I discussed yesterday") is
// linked to it, both ways. Then content similarity: TF-IDF weighted terms,
// the corpus's own stop words left out and method names weighted up.
// The index is built on first use (see BuildRelatedIndex); Related is
// safe for concurrent use.
func (c *Corpus) Related(i, k int) []Related {
	if i < 0 || i >= len(c.items) {
		return nil
	}
	if k <= 0 {
		k = 10
	}
	if !c.relatedReady.Load() {
		// Waiting for the build makes it foreground work: it must not
		// wait for foreground work, which may be this caller's.
		c.relatedWanted.Add(1)
		c.BuildRelatedIndex()
		c.relatedWanted.Add(-1)
	}
	return c.related.query(i, k, c.items)
}

// BuildRelatedIndex builds the related-papers index now, if it is not
// built yet; call it in the background to make the first Related fast.
// Safe for concurrent use.
func (c *Corpus) BuildRelatedIndex() {
	c.relatedOnce.Do(func() {
		c.related = buildRelatedIndex(c.items, c.yieldToForeground)
		c.relatedReady.Store(true)
	})
}

// Foreground marks work that someone is waiting for, a search or the
// rendering of a summary, until done is called (once): meanwhile the
// related index's build, which the reader runs in the background, waits
// between chunks of its work, so that this work has the cores and the
// collector's attention. Searches mark themselves.
func (c *Corpus) Foreground() (done func()) {
	c.foreground.Add(1)
	return func() { c.foreground.Add(-1) }
}

// yieldToForeground waits while foreground work is under way, unless
// someone waits for the related index itself. The related index's build
// calls it between chunks of its work.
func (c *Corpus) yieldToForeground() {
	for c.foreground.Load() > 0 && c.relatedWanted.Load() == 0 {
		time.Sleep(200 * time.Microsecond)
	}
}

// RelatedReady reports whether the related-papers index is built, so a
// caller can show a summary at once rather than wait for the build (which
// takes seconds at 100k summaries).
func (c *Corpus) RelatedReady() bool { return c.relatedReady.Load() }

// relatedIndex is compact: per summary its top terms (int32 ids, sorted)
// and its explicit links; per term an inverted list of the summaries that
// have it among their top terms, with the term's weight in each (uint16,
// a fraction of 1). A summary's weight for one of its terms is found in
// the term's list. Memory grows with the corpus, never with its square.
type relatedIndex struct {
	n int

	termText []string // display form of each term id

	docStart []int32 // doc d's terms are docTerm[docStart[d]:docStart[d+1]]
	docTerm  []int32 // sorted by id within a doc

	// Postings hold the low 16 bits of the summary; the lists are split
	// by the high bits: term t's postings with high bits h are
	// [postHi[t*ix.hiN+h], postHi[t*ix.hiN+h+1]), sorted by summary.
	hiN    int // 1 + the number of 65536-summary blocks
	postHi []int32
	postLo []uint16
	postW  []uint16

	linkStart []int32 // doc d's links are links[linkStart[d]:linkStart[d+1]]
	links     []relLink

	nameText []string // display form of each name id

	scratch sync.Pool // *relatedScratch
}

// relLinkKind says how two summaries are explicitly linked.
type relLinkKind uint8

const (
	relLinkNames     relLinkKind = iota // the summary names the other's method
	relLinkNamedBy                      // the other names this summary's method
	relLinkBuildsOn                     // the summary says it builds on the other
	relLinkBuiltOnBy                    // the other says it builds on this one
	relLinkSameName                     // both are about the same named method
	relLinkDayBefore                    // "the one I discussed yesterday"
	relLinkDayAfter                     // the other refers back to this one
)

type relLink struct {
	to   int32
	name int32 // name id, -1 for none
	kind relLinkKind
	w    float32
}

// Weights of the explicit links, on the scale of a cosine similarity
// (0..1): a stated dependency outranks any likeness of vocabulary.
const (
	relWBuildsOn  = 1.0
	relWDayBefore = 0.8
	relWNames     = 0.35 // scaled by how distinctive the name is
	relWSameName  = 0.25
	relTopTerms   = 100 // terms kept per summary
	relNameBoost  = 2.0
)

// relWScale turns a stored weight into a float.
const relWScale = 1.0 / 65535

func relQuantW(w float32) uint16 {
	return uint16(math.Round(float64(min(max(w, 0), 1)) * 65535))
}

func (ix *relatedIndex) docTerms(d int) []int32 {
	return ix.docTerm[ix.docStart[d]:ix.docStart[d+1]]
}

// weight is summary d's weight for term t, one of its terms.
func (ix *relatedIndex) weight(d int, t int32) float32 {
	at := int(t)*ix.hiN + d>>16
	a, b := int(ix.postHi[at]), int(ix.postHi[at+1])
	lo := uint16(d)
	k, ok := slices.BinarySearch(ix.postLo[a:b], lo)
	if !ok {
		return 0
	}
	return float32(ix.postW[a+k]) * relWScale
}

type relatedScratch struct {
	acc     []float32
	touched []int32
}

type relCand struct {
	d     int32
	score float32
}

type relCandHeap []relCand

func (h relCandHeap) Len() int { return len(h) }
func (h relCandHeap) Less(a, b int) bool {
	if h[a].score != h[b].score {
		return h[a].score < h[b].score
	}
	return h[a].d > h[b].d
}
func (h relCandHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *relCandHeap) Push(x any)   { *h = append(*h, x.(relCand)) }
func (h *relCandHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (ix *relatedIndex) query(i, k int, items []Summary) []Related {
	s, _ := ix.scratch.Get().(*relatedScratch)
	if s == nil || len(s.acc) != ix.n {
		s = &relatedScratch{acc: make([]float32, ix.n)}
	}
	acc, touched := s.acc, s.touched[:0]
	add := func(d int32, v float32) {
		if acc[d] == 0 {
			touched = append(touched, d)
		}
		acc[d] += v
		if acc[d] == 0 { // keep it marked as touched
			acc[d] = math.SmallestNonzeroFloat32
		}
	}
	for _, t := range ix.docTerms(i) {
		w := ix.weight(i, t) * relWScale
		base := int(t) * ix.hiN
		for h := 0; h+1 < ix.hiN; h++ {
			a, b := ix.postHi[base+h], ix.postHi[base+h+1]
			docs, pw := ix.postLo[a:b], ix.postW[a:b]
			hi := int32(h) << 16
			for y, lo := range docs {
				add(hi|int32(lo), w*float32(pw[y]))
			}
		}
	}
	links := ix.links[ix.linkStart[i]:ix.linkStart[i+1]]
	for _, l := range links {
		add(l.to, l.w)
	}
	h := make(relCandHeap, 0, k+1)
	for _, d := range touched {
		if int(d) == i {
			continue
		}
		c := relCand{d, acc[d]}
		if len(h) < k {
			heap.Push(&h, c)
		} else if c.score > h[0].score || c.score == h[0].score && c.d < h[0].d {
			h[0] = c
			heap.Fix(&h, 0)
		}
	}
	for _, d := range touched {
		acc[d] = 0
	}
	s.touched = touched[:0]
	ix.scratch.Put(s)

	out := make([]Related, len(h))
	self := strings.ToLower(items[i].Text)
	text := func(d int) (string, string) {
		if d == i {
			return items[i].Text, self
		}
		return items[d].Text, strings.ToLower(items[d].Text)
	}
	for j := len(h) - 1; j >= 0; j-- {
		c := heap.Pop(&h).(relCand)
		out[j] = Related{Index: int(c.d), Score: float64(c.score), Reason: ix.reason(i, int(c.d), links, text)}
	}
	return out
}

// reason says in words why d is related to i: the explicit links first,
// then the terms that weigh most in both. text gives a summary's text and
// the same in lower case.
func (ix *relatedIndex) reason(i, d int, links []relLink, text func(int) (string, string)) string {
	var parts []string
	var named []string // names the links already say
	seen := map[string]bool{}
	for _, l := range links {
		if int(l.to) != d {
			continue
		}
		name := ""
		if l.name >= 0 {
			name = ix.nameText[l.name]
			named = append(named, strings.Fields(strings.ToLower(name))...)
		}
		var r string
		switch l.kind {
		case relLinkBuildsOn, relLinkBuiltOnBy:
			r = "builds on " + name
		case relLinkNames:
			r = "names " + name
		case relLinkNamedBy:
			r = "mentions " + name
		case relLinkSameName:
			r = "both about " + name
		case relLinkDayBefore:
			r = "the one discussed the day before"
		case relLinkDayAfter:
			r = "refers back to this one"
		}
		if r != "" && !seen[r] {
			seen[r] = true
			parts = append(parts, r)
		}
	}
	if shared := ix.sharedTerms(i, d, 3, named, text); len(shared) > 0 {
		parts = append(parts, "shares: "+strings.Join(shared, ", "))
	} else if len(parts) == 0 {
		// Alike, but in no term worth naming.
		parts = append(parts, "alike in wording")
	}
	return strings.Join(parts, "; ")
}

// sharedTerms returns up to max terms both summaries weigh most, leaving
// out words already shown (named). A term is shown only if both texts
// (from text) write it as shown and it is a name (capitals or digits), or
// both texts say it more than once: a word one of them uses in passing
// ("sometimes", "entire", "smile" for SMILES) is no reason.
func (ix *relatedIndex) sharedTerms(i, d, max int, named []string, text func(int) (string, string)) []string {
	ta, tb := ix.docTerms(i), ix.docTerms(d)
	type sh struct {
		t int32
		w float32
	}
	var common []sh
	for x, y := 0, 0; x < len(ta) && y < len(tb); {
		switch {
		case ta[x] < tb[y]:
			x++
		case ta[x] > tb[y]:
			y++
		default:
			common = append(common, sh{ta[x], ix.weight(i, ta[x]) * ix.weight(d, ta[x])})
			x++
			y++
		}
	}
	sort.Slice(common, func(a, b int) bool {
		if common[a].w != common[b].w {
			return common[a].w > common[b].w
		}
		return common[a].t < common[b].t
	})
	var out []string
	words := slices.Clone(named) // lower-case words shown so far
	ti, li := text(i)
	td, ld := text(d)
	for _, c := range common {
		if len(out) == max {
			break
		}
		term := ix.termText[c.t]
		// "winning ticket" says "winning" and "ticket" already.
		fs := strings.Fields(strings.ToLower(term))
		dup := false
		for _, f := range fs {
			for _, w := range words {
				dup = dup || relSameWord(f, w) || strings.TrimSuffix(f, "s") == strings.TrimSuffix(w, "s")
			}
		}
		if dup {
			continue
		}
		name := relShownName(term) && countWord(ti, term) > 0 && countWord(td, term) > 0
		low := strings.ToLower(term)
		if !name && (countWord(li, low) < 2 || countWord(ld, low) < 2) {
			continue
		}
		words = append(words, fs...)
		out = append(out, term)
	}
	return out
}

// relShownName reports whether a term as shown is a name: it has a capital
// or a digit.
func relShownName(term string) bool {
	return strings.ContainsFunc(term, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsDigit(r) })
}

// countWord counts w in s as a whole word, or with an ending (tickets,
// pruned, winning), up to 2.
func countWord(s, w string) int {
	n := 0
	for off := 0; n < 2 && w != ""; {
		j := strings.Index(s[off:], w)
		if j < 0 {
			break
		}
		a, b := off+j, off+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:a])
		if a == 0 || !relWordRune(before) {
			for _, end := range []string{"", "s", "es", "ed", "d", "ing"} {
				if strings.HasPrefix(s[b:], end) {
					after, _ := utf8.DecodeRuneInString(s[b+len(end):])
					if b+len(end) == len(s) || !relWordRune(after) {
						n++
						break
					}
				}
			}
		}
		off = a + 1
	}
	return n
}

func relWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// dot is the similarity of two summaries' term vectors.
func (ix *relatedIndex) dot(i, d int) float32 {
	ta, tb := ix.docTerms(i), ix.docTerms(d)
	var s float32
	for x, y := 0, 0; x < len(ta) && y < len(tb); {
		switch {
		case ta[x] < tb[y]:
			x++
		case ta[x] > tb[y]:
			y++
		default:
			s += ix.weight(i, ta[x]) * ix.weight(d, ta[x])
			x++
			y++
		}
	}
	return s
}

// relSameWord: two shown words that are one term (plural, -ing, -ed).
func relSameWord(a, b string) bool {
	return a == b || relStem(relNormWord(a)) == relStem(relNormWord(b))
}

// sizeBytes is the memory the index holds, for benchmarks.
func (ix *relatedIndex) sizeBytes() int {
	n := 4 * (len(ix.docStart) + len(ix.docTerm) + len(ix.postHi) + len(ix.linkStart))
	n += 2 * (len(ix.postLo) + len(ix.postW))
	n += len(ix.links) * 12
	for _, s := range ix.termText {
		n += 16 + len(s)
	}
	for _, s := range ix.nameText {
		n += 16 + len(s)
	}
	return n
}
