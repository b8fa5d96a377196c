package model

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Evaluation: every query word is scored over the postings of its
// alternatives into dense per-worker arrays (a summary's score for a word
// is its best alternative, BM25-weighted), words AND together, and the
// survivors are ranked by the sum. The summaries are split into
// contiguous ranges, one per core; postings are sorted by summary, so
// each worker reads only its slice of every posting list.

// hitKey packs a score and a summary index so that ascending order is
// best first, ties in corpus order.
type hitKey uint64

func makeKey(score float32, d int32) hitKey {
	return hitKey(uint64(^math.Float32bits(score))<<32 | uint64(uint32(d)))
}

func (k hitKey) doc() int32     { return int32(uint32(k)) }
func (k hitKey) score() float32 { return math.Float32frombits(^uint32(k >> 32)) }

// tfNorm is the term factor of a posting's tf byte in summary d: BM25's
// for the text occurrences, plus fieldBonus when the title, names or
// authors hold the term.
func (ix *searchIndex) tfNorm(tf uint8, d int32) float32 {
	f := float32(tf & maxTF)
	s := f * (bm25K1 + 1) / (f + ix.docK[d])
	if tf&fieldBit != 0 {
		s += fieldBonus
	}
	return s
}

// postingRange returns the postings of t whose summaries are in [lo, hi).
func (ix *searchIndex) postingRange(t int32, lo, hi int32) (int, int) {
	s, e := int(ix.start[t]), int(ix.start[t+1])
	if lo > 0 {
		s += sort.Search(e-s, func(i int) bool { return ix.post[s+i] >= makePosting(lo, 0) })
	}
	if hi < int32(ix.n) {
		e = s + sort.Search(e-s, func(i int) bool { return ix.post[s+i] >= makePosting(hi, 0) })
	}
	return s, e
}

// tfOf returns the term frequency of t in summary d (0 when absent).
func (ix *searchIndex) tfOf(t int32, d int32) uint8 {
	s, e := int(ix.start[t]), int(ix.start[t+1])
	i := s + sort.Search(e-s, func(i int) bool { return ix.post[s+i] >= makePosting(d, 0) })
	if i < e && ix.post[i].doc() == d {
		return ix.post[i].tf()
	}
	return 0
}

// scratch is one worker's dense arrays over its range of summaries.
type scratch struct {
	best, total, tmp []float32
	cnt              []uint16
	live, next, tmpT []int32
	sortBuf          []hitKey // sortKeys's other half
}

func (s *scratch) reset(n int) {
	if cap(s.best) < n {
		s.best, s.total, s.tmp = make([]float32, n), make([]float32, n), make([]float32, n)
		s.cnt = make([]uint16, n)
	}
	s.best, s.total, s.tmp, s.cnt = s.best[:n], s.total[:n], s.tmp[:n], s.cnt[:n]
}

// parallelMin is the corpus size from which queries use every core.
var parallelMin = 4096

// workers is how many goroutines evaluate a query over n summaries.
func workers(n int) int {
	if n < parallelMin {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// eval returns the keys of every summary matching q, best first. When
// prev is not nil, q refines the query that found prev, and only those
// summaries are scored if that is cheaper than walking the postings.
func (ix *searchIndex) eval(ctx context.Context, c *Corpus, q *query, prev []hitKey) ([]hitKey, error) {
	var within []int32
	if prev != nil && len(q.words) > 0 {
		var cost, nalts int
		for _, w := range q.words {
			for _, a := range w.alts {
				cost += ix.df(a.t)
				nalts++
				for _, b := range a.b {
					cost += ix.df(b.t)
					nalts++
				}
			}
		}
		if len(prev)*nalts*8 < cost { // else scanning the postings is cheaper
			within = make([]int32, len(prev))
			for i, k := range prev {
				within[i] = k.doc()
			}
			slices.Sort(within)
		}
	}
	nw := workers(ix.n)
	if within != nil {
		nw = min(nw, max(1, len(within)/(parallelMin/2)))
	}
	parts := make([][]hitKey, nw)
	errs := make([]error, nw)
	parallel(nw, func(w int) {
		if within != nil {
			parts[w], errs[w] = ix.evalDocs(ctx, c, q, within[len(within)*w/nw:len(within)*(w+1)/nw])
			return
		}
		lo, hi := int32(ix.n*w/nw), int32(ix.n*(w+1)/nw)
		parts[w], errs[w] = ix.evalRange(ctx, c, q, lo, hi)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return mergeKeys(parts), nil
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// evalRange scores the summaries [lo, hi) by walking postings.
func (ix *searchIndex) evalRange(ctx context.Context, c *Corpus, q *query, lo, hi int32) ([]hitKey, error) {
	var keys []hitKey
	if len(q.words) == 0 {
		for d := lo; d < hi; d++ {
			if ix.passes(c, q, d) {
				keys = append(keys, makeKey(0, d))
			}
		}
		return keys, nil
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.reset(int(hi - lo))
	s.live = s.live[:0]
	for wi, w := range q.words {
		if err := ctx.Err(); err != nil {
			ix.clearScratch(s, lo)
			return nil, err
		}
		want := uint16(wi)
		s.next = s.next[:0]
		for _, a := range w.alts {
			ps, pe := ix.postingRange(a.t, lo, hi)
			if a.b == nil {
				for p := ps; p < pe; p++ {
					pd := ix.post[p].doc()
					d := pd - lo
					if s.cnt[d] != want {
						continue
					}
					sc := a.w * ix.tfNorm(ix.post[p].tf(), pd)
					if sc > s.best[d] {
						if s.best[d] == 0 {
							s.next = append(s.next, d)
						}
						s.best[d] = sc
					}
				}
				continue
			}
			// A split word: the first part, then the second.
			s.tmpT = s.tmpT[:0]
			for p := ps; p < pe; p++ {
				pd := ix.post[p].doc()
				d := pd - lo
				if s.cnt[d] != want {
					continue
				}
				s.tmp[d] = a.w * ix.tfNorm(ix.post[p].tf(), pd)
				s.tmpT = append(s.tmpT, d)
			}
			if len(s.tmpT) > 0 {
				for _, b := range a.b {
					bs, be := ix.postingRange(b.t, lo, hi)
					for p := bs; p < be; p++ {
						pd := ix.post[p].doc()
						d := pd - lo
						if s.tmp[d] == 0 {
							continue
						}
						sc := s.tmp[d] + b.w*ix.tfNorm(ix.post[p].tf(), pd)
						if sc > s.best[d] {
							if s.best[d] == 0 {
								s.next = append(s.next, d)
							}
							s.best[d] = sc
						}
					}
				}
			}
			for _, d := range s.tmpT {
				s.tmp[d] = 0
			}
		}
		// Summaries that held an earlier word but not this one drop out.
		for _, d := range s.live {
			if s.best[d] == 0 {
				s.cnt[d], s.total[d] = 0, 0
			}
		}
		for _, d := range s.next {
			s.cnt[d] = want + 1
			s.total[d] += s.best[d]
			s.best[d] = 0
		}
		s.live, s.next = s.next, s.live
	}
	keys = make([]hitKey, 0, len(s.live))
	for _, d := range s.live {
		if ix.passes(c, q, d+lo) {
			keys = append(keys, makeKey(s.total[d], d+lo))
		}
	}
	ix.clearScratch(s, lo)
	sortKeys(keys, &s.sortBuf)
	return keys, nil
}

// sortKeys sorts keys, best first, as slices.Sort would. A long list (a
// first letter at 100k summaries hits nearly every one) is radix-sorted
// a byte at a time from the lowest, skipping the bytes all keys share:
// about a third of the time of a comparison sort. buf is kept between
// calls.
func sortKeys(keys []hitKey, buf *[]hitKey) {
	n := len(keys)
	if n < radixMin {
		slices.Sort(keys)
		return
	}
	// One pass counts every byte position.
	var count [8][256]int
	for _, k := range keys {
		for b := range 8 {
			count[b][byte(k>>(8*b))]++
		}
	}
	if cap(*buf) < n {
		*buf = make([]hitKey, n)
	}
	src, dst := keys, (*buf)[:n]
	for b := range 8 {
		c := &count[b]
		if c[byte(src[0]>>(8*b))] == n {
			continue // every key has this byte
		}
		sum := 0
		for i, v := range c {
			c[i] = sum
			sum += v
		}
		shift := uint(8 * b)
		for _, k := range src {
			d := byte(k >> shift)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// radixMin is the length from which sortKeys radix-sorts.
const radixMin = 2048

// clearScratch zeroes what evalRange left set.
func (ix *searchIndex) clearScratch(s *scratch, lo int32) {
	for _, d := range s.live {
		s.cnt[d], s.total[d], s.best[d] = 0, 0, 0
	}
	for _, d := range s.next {
		s.cnt[d], s.total[d], s.best[d] = 0, 0, 0
	}
	for _, d := range s.tmpT {
		s.tmp[d] = 0
	}
	s.live, s.next, s.tmpT = s.live[:0], s.next[:0], s.tmpT[:0]
}

// evalDocs scores the listed summaries by looking each one up in the
// postings of the query's terms: cheap when the list is short, as when a
// query refines the previous one.
func (ix *searchIndex) evalDocs(ctx context.Context, c *Corpus, q *query, docs []int32) ([]hitKey, error) {
	var keys []hitKey
	for i, d := range docs {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		total, ok := ix.scoreDoc(q, d)
		if ok && ix.passes(c, q, d) {
			keys = append(keys, makeKey(total, d))
		}
	}
	slices.Sort(keys)
	return keys, nil
}

// scoreDoc scores summary d for q's words; ok is false if a word misses.
func (ix *searchIndex) scoreDoc(q *query, d int32) (float32, bool) {
	var total float32
	for _, w := range q.words {
		var best float32
		for _, a := range w.alts {
			tf := ix.tfOf(a.t, d)
			if tf == 0 {
				continue
			}
			sa := a.w * ix.tfNorm(tf, d)
			if a.b == nil {
				best = max(best, sa)
				continue
			}
			for _, b := range a.b {
				if tb := ix.tfOf(b.t, d); tb > 0 {
					best = max(best, sa+b.w*ix.tfNorm(tb, d))
				}
			}
		}
		if best == 0 {
			return 0, false
		}
		total += best
	}
	return total, true
}

// passes applies the query's filters (!x, ^x, x$) to summary d.
func (ix *searchIndex) passes(c *Corpus, q *query, d int32) bool {
	for _, g := range q.negIDs {
		all := true
		for _, id := range g {
			if ix.tfOf(id, d) == 0 {
				all = false
				break
			}
		}
		if all {
			return false
		}
	}
	if len(q.anchors) == 0 {
		return true
	}
	s := &c.items[d]
	for _, a := range q.anchors {
		m := false
		for _, f := range [...]string{s.Title, s.DerivedTitle, s.Text} {
			if (!a.prefix || squashedHasPrefix(f, a.text)) && (!a.suffix || squashedHasSuffix(f, a.text)) {
				m = true
				break
			}
		}
		if m == a.neg {
			return false
		}
	}
	return true
}

// mergeKeys merges sorted key slices into one sorted slice.
func mergeKeys(parts [][]hitKey) []hitKey {
	if len(parts) == 1 {
		return parts[0]
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]hitKey, 0, n)
	idx := make([]int, len(parts))
	for len(out) < n {
		bi := -1
		for i, p := range parts {
			if idx[i] < len(p) && (bi < 0 || p[idx[i]] < parts[bi][idx[bi]]) {
				bi = i
			}
		}
		out = append(out, parts[bi][idx[bi]])
		idx[bi]++
	}
	return out
}
