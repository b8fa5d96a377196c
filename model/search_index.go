package model

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/swar"
)

// searchIndex is an inverted index over the summaries, kept compact for
// 100k summaries: the vocabulary is one sorted string with offsets (no
// per-term headers, prefix ranges by binary search), and the postings of
// term t are post[start[t]:start[t+1]], sorted by summary.
type searchIndex struct {
	n      int
	blob   string   // every term, sorted, concatenated
	off    []uint32 // term t is blob[off[t]:off[t+1]]
	start  []uint32 // postings of t: [start[t], start[t+1])
	post   []posting
	docLen []uint32  // text tokens per summary (build only)
	docK   []float32 // BM25 length normalisation per summary
	byLen  [][]int32 // term ids by term length in bytes (for typo scans)

	fieldTexts []string

	// probes, when not nil, says which terms the index holds: only those
	// some queries can ask for (see probeSet).
	probes *probeSet
	// trace, in tests, is told every string looked up (prefix false) and
	// every prefix listed.
	trace func(s string, prefix bool)

	state searchState
}

// A posting is a summary's index in its high 24 bits and, in its low 8,
// whether the summary's title, names or authors hold the term (fieldBit)
// and how often its text does (capped at 127): one word per posting, so
// the build writes, and a query reads, one array, in summary order.
type posting uint32

// MaxSummaries is the most summaries a corpus can hold: a posting has 24
// bits for the summary.
const MaxSummaries = 1<<24 - 1

func makePosting(d int32, tf uint8) posting { return posting(d)<<8 | posting(tf) }

func (p posting) doc() int32 { return int32(p >> 8) }

func (p posting) tf() uint8 { return uint8(p) }

const (
	fieldBit = 0x80 // in a posting's tf byte: the term is in the fields
	maxTF    = 0x7f // text occurrences are counted up to this
	// fieldBonus is what holding the term in its title, names or authors
	// adds to a summary's BM25 term factor (which runs from 0 to
	// bm25K1+1): a title names what the summary is about, so it counts
	// apart from how often the text repeats the term.
	fieldBonus = 1.2
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
	if ix.trace != nil {
		ix.trace(s, false)
	}
	lo, hi := ix.termRange(s)
	if lo < hi && ix.term(lo) == s {
		return lo
	}
	return -1
}

// prefixRange returns the ids [lo, hi) of the terms that start with p.
func (ix *searchIndex) prefixRange(p string) (int32, int32) {
	if ix.trace != nil {
		ix.trace(p, true)
	}
	return ix.termRange(p)
}

func (ix *searchIndex) termRange(p string) (int32, int32) {
	n := ix.numTerms()
	lo := sort.Search(n, func(i int) bool { return ix.term(int32(i)) >= p })
	hi := lo + sort.Search(n-lo, func(i int) bool { return !strings.HasPrefix(ix.term(int32(lo+i)), p) })
	return int32(lo), int32(hi)
}

// fieldText is what a summary is known by besides its text: title,
// derived title, paper title, authors and arXiv id.
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
		if p.Arxiv != "" {
			b.WriteString(" \u2022 ")
			b.WriteString(p.Arxiv)
		}
	}
	return b.String()
}

// buildSearchIndex indexes items in one pass over the text, split across
// the cores. Each worker scans a contiguous range of summaries (two
// share a region, one from each end, until they meet: see region), interns
// every token through its own hash table (keyed by a 64-bit hash of the
// folded bytes, the bytes checked, no allocation per token), counts term
// frequencies in dense scratch slices and appends (term, tf) pairs per
// summary. The local vocabularies are then sorted and merged into the
// global one, and a counting sort scatters every worker's pairs into
// their final place in the postings, in parallel.
//
// With probes, only the terms probes keeps are indexed (every token still
// counts in its summary's length): an index for the queries probes was
// made from, answering them as the whole index would.
func buildSearchIndex(items []Summary, probes *probeSet) *searchIndex {
	n := len(items)
	ix := &searchIndex{n: n, docLen: make([]uint32, n), fieldTexts: make([]string, n), probes: probes}
	nw := runtime.GOMAXPROCS(0)
	if nw > n/64 {
		nw = max(1, n/64)
	}
	ws := make([]*buildWorker, nw)
	for w := 0; w < nw; w += 2 {
		// Two workers share a region, one from each end; an odd last
		// worker has one to itself.
		end := min(w+2, nw)
		r := &region{lo: n * w / nw, hi: n * end / nw}
		r.front, r.back = r.lo, r.hi
		r.block = min(256, max(16, (r.hi-r.lo)/16))
		for v := w; v < end; v++ {
			ws[v] = newBuildWorker(r, v == w, probes)
		}
	}
	parallel(nw, func(w int) {
		ws[w].scan(ix, items)
		ws[w].sortTerms()
	})

	// Merge the sorted local vocabularies into the global one.
	mergeVocab(ix, ws)
	ix.byLen = make([][]int32, maxTokenBytes+1)
	for t := range int32(ix.numTerms()) {
		l := ix.off[t+1] - ix.off[t]
		ix.byLen[l] = append(ix.byLen[l], t)
	}

	dfs := make([]uint32, ix.numTerms())
	for _, w := range ws {
		for li, g := range w.global {
			if g >= 0 {
				dfs[g] += w.df[li]
			}
		}
	}
	ix.start = make([]uint32, ix.numTerms()+1)
	for t, d := range dfs {
		ix.start[t+1] = ix.start[t] + d
	}
	// Each worker writes its docs' postings after those of earlier workers.
	next := dfs // reused: next free slot per global term
	copy(next, ix.start[:ix.numTerms()])
	for _, w := range ws {
		// df becomes the cursor of each local term.
		for li, g := range w.global {
			if g >= 0 {
				d := w.df[li]
				w.df[li] = next[g]
				next[g] += d
			}
		}
		w.global = nil
	}
	dfs, next = nil, nil
	ix.post = make([]posting, ix.start[ix.numTerms()])
	parallel(nw, func(w int) { ws[w].scatter(ix) })

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

// buildWorker holds one worker's share of the build: a contiguous range
// of summaries, its local vocabulary and its (term, tf) pairs.
type buildWorker struct {
	r       *region
	forward bool        // takes r's blocks from its start, else from its end
	blocks  []scanBlock // the blocks scanned, in the order scanned

	buf          []byte   // scratch: a token
	ids, touched []uint32 // scratch: a summary's tokens, its terms

	// The local vocabulary: term i is arena[off[i]:off[i+1]]; slots is
	// an open-addressing table of term ids keyed by hash.
	arena  []byte
	off    []uint32
	slots  []uint32 // open addressing, linear probing: term refs
	shift  uint     // slot of hash h: h >> shift
	hashes []uint64 // by local id
	front  []frontEntry

	// The tokens of a text the front cache missed, for resolve.
	pend      []pendingToken
	pendBytes []byte
	sink      uint64

	df []uint32 // summaries per local term; later, the scatter cursor
	tf []uint8  // scratch: frequency in the current summary, up to maxTF; fieldBit if its fields hold the term

	// With probes, only the terms it keeps are indexed: skip[id] is set
	// for the others.
	probes *probeSet
	skip   []bool

	// pairs holds, summary after summary, each term of the summary: its
	// id as a varint (frequent terms, met first, have small ids), shifted
	// left one bit, and its tf byte; or, for a term once in the text and
	// not in the fields (two in three), the shifted id with its low bit
	// set, and no tf byte. count is the number of terms per summary.
	pairs [][]byte
	count []uint32

	order  []uint32 // local ids in term order (of the indexed terms)
	global []int32  // local id -> global id, -1 for a term not indexed
}

// A term ref is its local id+1, with refLong set if the term is longer
// than 8 bytes; 0 is no term.
const refLong = 1 << 31

// frontSize is the number of entries of the direct-mapped cache in front
// of a worker's hash table: frequent terms are found there, in a table
// small enough to stay in the core's cache.
const frontSize = 1 << 14

type frontEntry struct {
	hash uint64
	ref  uint32
}

// pairChunk is how many bytes of pairs a worker stores per slice:
// chunks, not one growing slice, so nothing is copied as the pairs pile
// up. A variable for the tests only.
var pairChunk = 4 << 20

// maxPairBytes is the size of the longest pair: a 5-byte varint and tf.
const maxPairBytes = 6

// The token hash: mix takes 8 bytes of the token at a time (little
// endian, the last word zero-padded) and final scrambles the result.
// Every step is invertible, so tokens of up to 8 bytes, which hold no
// zero byte (their padded word tells their length), have distinct
// hashes: for them, equal hashes are equal tokens.
func mixHash(h, w uint64) uint64 {
	h = (h ^ w) * 0x9e3779b97f4a7c15
	return h ^ h>>29
}

// tokenHash ends a hash: h of the full words so far, acc the sh bits
// of the last, partial word.
func tokenHash(h, acc uint64, sh uint) uint64 {
	if sh > 0 {
		h = mixHash(h, acc)
	}
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

func newBuildWorker(r *region, forward bool, probes *probeSet) *buildWorker {
	w := &buildWorker{r: r, forward: forward, shift: 64 - 16, probes: probes}
	w.slots = make([]uint32, 1<<16)
	w.front = make([]frontEntry, frontSize)
	w.off = append(make([]uint32, 0, 1<<14), 0)
	w.count = make([]uint32, r.hi-r.lo)
	return w
}

// A region is a run of summaries that two workers scan, one taking
// blocks from its start and one from its end, until they meet: each
// scans a contiguous range, as the scatter needs (a term's postings are
// in summary order, one worker's after the other's), and the two finish
// together however the machine shares its cores. (With more than two
// workers, the regions are equal shares and do not balance one
// another.)
type region struct {
	lo, hi int
	block  int // summaries per block

	mu          sync.Mutex
	front, back int // the blocks left are [front, back)
}

// next returns the next block of r for a worker from its start
// (forward) or its end; ok is false when none is left.
func (r *region) next(forward bool) (lo, hi int, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.front >= r.back {
		return 0, 0, false
	}
	if forward {
		lo, hi = r.front, min(r.front+r.block, r.back)
		r.front = hi
	} else {
		lo, hi = max(r.back-r.block, r.front), r.back
		r.back = lo
	}
	return lo, hi, true
}

// scanBlock is a block a worker scanned: its summaries, and where its
// pairs start (the chunk and the offset in it).
type scanBlock struct {
	lo, hi int
	chunk  int
	off    int
}

// same reports whether tok, of hash h, is the term of ref, also of hash
// h.
func (w *buildWorker) same(tok []byte, ref uint32) bool {
	long := len(tok) > 8
	if (ref&refLong != 0) != long {
		return false
	}
	if !long {
		return true
	}
	id := ref&^refLong - 1
	return string(w.arena[w.off[id]:w.off[id+1]]) == string(tok)
}

// token appends to ids the local id of tok, of hash h, when the front
// cache knows it. Else it appends 0 and keeps the token for resolve,
// which interns it: the tokens the front cache misses are looked up
// together, their cache misses overlapping.
func (w *buildWorker) token(tok []byte, h uint64, ids []uint32) []uint32 {
	f := &w.front[h&(frontSize-1)]
	if f.hash == h && f.ref != 0 && w.same(tok, f.ref) {
		return append(ids, f.ref&^refLong-1)
	}
	w.pendBytes = append(w.pendBytes, tok...)
	w.pend = append(w.pend, pendingToken{at: uint32(len(ids)), end: uint32(len(w.pendBytes)), hash: h})
	return append(ids, 0)
}

// shortToken is token for a token of n bytes, 1 to 7, given as the
// little-endian word tok.
func (w *buildWorker) shortToken(tok uint64, n int, h uint64, ids []uint32) []uint32 {
	f := &w.front[h&(frontSize-1)]
	if f.hash == h && f.ref != 0 && f.ref&refLong == 0 {
		return append(ids, f.ref-1)
	}
	end := len(w.pendBytes) + n
	w.pendBytes = binary.LittleEndian.AppendUint64(w.pendBytes, tok)[:end]
	w.pend = append(w.pend, pendingToken{at: uint32(len(ids)), end: uint32(end), hash: h})
	return append(ids, 0)
}

// pendingToken is a token the front cache did not know: its index in
// the ids, the end of its bytes in pendBytes, and its hash.
type pendingToken struct {
	at, end uint32
	hash    uint64
}

// resolve interns the tokens token kept and writes their ids in ids.
// Most are in the hash table, megabytes at 100k summaries, and miss the
// core's caches: their slots, then the hashes and bytes of the terms
// there, are read first for all of them, so that the misses overlap
// instead of being waited for one after the other.
func (w *buildWorker) resolve(ids []uint32) {
	if len(w.pend) == 0 {
		return
	}
	var sink uint64
	for _, p := range w.pend {
		sink ^= uint64(w.slots[p.hash>>w.shift])
	}
	for _, p := range w.pend {
		if ref := w.slots[p.hash>>w.shift]; ref != 0 {
			id := ref&^refLong - 1
			sink ^= w.hashes[id]
			if ref&refLong != 0 {
				sink ^= uint64(w.arena[w.off[id]])
			}
		}
	}
	w.sink = sink
	start := uint32(0)
	for _, p := range w.pend {
		ids[p.at] = w.intern(w.pendBytes[start:p.end], p.hash)
		start = p.end
	}
	w.pend, w.pendBytes = w.pend[:0], w.pendBytes[:0]
}

// intern returns the local id of tok, of hash h, adding it if new.
func (w *buildWorker) intern(tok []byte, h uint64) uint32 {
	f := &w.front[h&(frontSize-1)]
	if f.hash == h && f.ref != 0 && w.same(tok, f.ref) {
		return f.ref&^refLong - 1
	}
	i := h >> w.shift
	mask := uint64(len(w.slots) - 1)
	for {
		ref := w.slots[i]
		if ref == 0 {
			break
		}
		if id := ref&^refLong - 1; w.hashes[id] == h && w.same(tok, ref) {
			*f = frontEntry{h, ref}
			return id
		}
		i = (i + 1) & mask
	}
	id := uint32(len(w.off) - 1)
	ref := id + 1
	if len(tok) > 8 {
		ref |= refLong
	}
	w.arena = append(w.arena, tok...)
	w.off = append(w.off, uint32(len(w.arena)))
	w.hashes = append(w.hashes, h)
	w.df = append(w.df, 0)
	w.tf = append(w.tf, 0)
	if w.probes != nil {
		w.skip = append(w.skip, !w.probes.keeps(tok))
	}
	w.slots[i] = ref
	*f = frontEntry{h, ref}
	if 2*len(w.off) > len(w.slots) {
		w.grow()
	}
	return id
}

func (w *buildWorker) grow() {
	old := w.slots
	w.slots = make([]uint32, 2*len(old))
	w.shift--
	mask := uint64(len(w.slots) - 1)
	for _, ref := range old {
		if ref == 0 {
			continue
		}
		i := w.hashes[ref&^refLong-1] >> w.shift
		for w.slots[i] != 0 {
			i = (i + 1) & mask
		}
		w.slots[i] = ref
	}
}

// asciiFold maps an ASCII byte to its folded form if it is a word byte,
// else (and any other byte) to 0.
var asciiFold = func() (t [256]byte) {
	for c := range byte(utf8.RuneSelf) {
		if r := foldRune(rune(c)); isWordRune(r) {
			t[c] = byte(r)
		}
	}
	return t
}()

// tokens appends to ids the local id of every token of s, folded and cut
// as tokenizer.each makes them; ASCII text is taken a byte at a time and
// the hash is computed as the bytes come.
func (w *buildWorker) tokens(s string, b []byte, ids []uint32) ([]byte, []uint32) {
	b = b[:0]
	var h, acc uint64
	var sh uint
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			f := asciiFold[c]
			if f == 0 {
				i++
				if len(b) > 0 {
					ids = w.token(b, tokenHash(h, acc, sh), ids)
					b, h, acc, sh = b[:0], 0, 0, 0
				}
				continue
			}
			if len(b) == 0 && i+8 <= len(s) {
				// Most tokens: ASCII, under eight bytes, and ended by an
				// ASCII separator in the eight bytes read here. The
				// token is the word of its folded bytes (as asciiToken
				// makes it), and needs no buffer.
				x := swar.Load64(s, i)
				word := swar.Lower(x|swar.Ones*0x20) | swar.Digit(x)
				if stop := ^word & swar.Highs; stop != 0 {
					k := bits.TrailingZeros64(stop) >> 3
					if x>>(8*k)&0x80 == 0 {
						tok := (x | word>>2) & (1<<(8*k) - 1)
						ids = w.shortToken(tok, k, tokenHash(0, tok, uint(8*k)), ids)
						i += k + 1
						continue
					}
				}
			}
			if len(b) == 0 {
				// A token that is ASCII to its end, eight bytes at a time.
				var th uint64
				var end int
				if b, end, th = asciiToken(s, i, b); end > 0 {
					ids = w.token(b, th, ids)
					b, i = b[:0], end+1
					continue
				}
			}
			// A run of ASCII word bytes, up to the first other byte.
			for {
				if len(b) < maxTokenBytes {
					b = append(b, f)
					acc |= uint64(f) << sh
					if sh += 8; sh == 64 {
						h, acc, sh = mixHash(h, acc), 0, 0
					}
				}
				if i++; i >= len(s) {
					break
				}
				if f = asciiFold[s[i]]; f == 0 {
					break
				}
			}
			if i < len(s) && s[i] < utf8.RuneSelf {
				// An ASCII separator ends the token.
				i++
				ids = w.token(b, tokenHash(h, acc, sh), ids)
				b, h, acc, sh = b[:0], 0, 0, 0
			}
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
		r = foldRune(r)
		if isWordRune(r) {
			if n := len(b); n+utf8.RuneLen(r) <= maxTokenBytes {
				b = utf8.AppendRune(b, r)
				for _, c := range b[n:] {
					acc |= uint64(c) << sh
					if sh += 8; sh == 64 {
						h, acc, sh = mixHash(h, acc), 0, 0
					}
				}
			}
			continue
		}
		if len(b) > 0 {
			ids = w.token(b, tokenHash(h, acc, sh), ids)
			b, h, acc, sh = b[:0], 0, 0, 0
		}
	}
	if len(b) > 0 {
		ids = w.token(b, tokenHash(h, acc, sh), ids)
		b = b[:0]
	}
	return b, ids
}

// asciiToken reads the token that starts at s[i] eight bytes at a time,
// as tokens would a byte at a time: ASCII letters and digits, folded,
// ended by an ASCII separator. It returns the token in b, the index of
// the separator and the token's hash; end is 0 when the token reaches a
// non-ASCII byte (which may continue it), is longer than maxTokenBytes
// or runs into the last eight bytes of s, and tokens then takes it
// from its start.
func asciiToken(s string, i int, b []byte) (tok []byte, end int, h uint64) {
	b = b[:0]
	for ; i+8 <= len(s); i += 8 {
		x := swar.Load64(s, i)
		word := swar.Lower(x|swar.Ones*0x20) | swar.Digit(x)
		folded := x | word>>2 // 0x80>>2 is the case bit
		stop := ^word & swar.Highs
		if stop == 0 {
			if len(b)+8 > maxTokenBytes {
				return b[:0], 0, 0
			}
			b = binary.LittleEndian.AppendUint64(b, folded)
			h = mixHash(h, folded)
			continue
		}
		k := bits.TrailingZeros64(stop) >> 3
		if x>>(8*k)&0x80 != 0 || len(b)+k > maxTokenBytes {
			return b[:0], 0, 0
		}
		acc := folded & (1<<(8*k) - 1)
		n := len(b) + k
		b = binary.LittleEndian.AppendUint64(b, acc)[:n]
		return b, i + k, tokenHash(h, acc, uint(8*k))
	}
	return b[:0], 0, 0
}

// tokensKept is tokens for an index restricted to the terms w.probes
// keeps: the same tokens, cut the same way, but one whose first two
// bytes no kept term starts with is counted, not hashed or interned. It
// returns the ids of the other tokens and the number of all of them.
func (w *buildWorker) tokensKept(s string, b []byte, ids []uint32) ([]byte, []uint32, int) {
	p := w.probes
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiFold[c] == 0 {
				i++ // a separator
				continue
			}
		} else if r, sz := utf8.DecodeRuneInString(s[i:]); !isWordRune(foldRune(r)) {
			i += sz // a separator
			continue
		}
		n++ // a token starts at i
		if f0 := asciiFold[c]; f0 != 0 && i+1 < len(s) {
			if f1 := asciiFold[s[i+1]]; f1 != 0 && !p.mayStart(f0, f1) {
				i = skipToken(s, i+2)
				continue
			}
		}
		b = b[:0]
		ascii := true // the first two bytes are ASCII
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				f := asciiFold[c]
				if f == 0 {
					break
				}
				i++
				if len(b) < maxTokenBytes {
					b = append(b, f)
				}
				continue
			}
			r, sz := utf8.DecodeRuneInString(s[i:])
			if r = foldRune(r); !isWordRune(r) {
				break
			}
			i += sz
			if len(b) < 2 {
				ascii = false
			}
			if len(b)+utf8.RuneLen(r) <= maxTokenBytes {
				b = utf8.AppendRune(b, r)
			}
		}
		if len(b) > 1 || !ascii || p.single[b[0]] {
			ids = w.token(b, hashBytes(b), ids)
		}
	}
	return b, ids, n
}

// skipToken returns where the token that goes on at i ends. ASCII text
// is read eight bytes at a time.
func skipToken(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := swar.Load64(s, i)
		word := swar.Lower(x|swar.Ones*0x20) | swar.Digit(x)
		if stop := ^word & swar.Highs; stop != 0 {
			k := bits.TrailingZeros64(stop) >> 3
			if x>>(8*k)&0x80 == 0 {
				return i + k // an ASCII separator
			}
			i += k // a non-ASCII byte: a letter may go on with the token
			break
		}
	}
	return skipTokenBytes(s, i)
}

// skipTokenBytes is skipToken a byte (or rune) at a time.
func skipTokenBytes(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiFold[c] == 0 {
				return i
			}
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(foldRune(r)) {
			return i
		}
		i += sz
	}
	return i
}

// hashBytes is the hash tokens computes as it reads a token's bytes.
func hashBytes(b []byte) uint64 {
	var h uint64
	for ; len(b) >= 8; b = b[8:] {
		h = mixHash(h, binary.LittleEndian.Uint64(b))
	}
	var acc uint64
	for i, c := range b {
		acc |= uint64(c) << (8 * i)
	}
	return tokenHash(h, acc, uint(8*len(b)))
}

func (w *buildWorker) scan(ix *searchIndex, items []Summary) {
	w.buf = make([]byte, 0, maxTokenBytes+utf8.UTFMax)
	chunk := make([]byte, 0, pairChunk)
	for {
		lo, hi, ok := w.r.next(w.forward)
		if !ok {
			break
		}
		w.blocks = append(w.blocks, scanBlock{lo, hi, len(w.pairs), len(chunk)})
		chunk = w.scanBlock(ix, items, lo, hi, chunk)
	}
	w.pairs = append(w.pairs, chunk)
	w.slots, w.hashes, w.front, w.tf = nil, nil, nil, nil
	w.pend, w.pendBytes = nil, nil
}

// scanBlock scans the summaries lo to hi-1, appending their pairs to
// chunk and to w.pairs, and returns the chunk being filled.
func (w *buildWorker) scanBlock(ix *searchIndex, items []Summary, lo, hi int, chunk []byte) []byte {
	buf, ids, touched := w.buf, w.ids, w.touched
	defer func() { w.buf, w.ids, w.touched = buf, ids, touched }()
	for d := lo; d < hi; d++ {
		ft := fieldText(&items[d])
		ix.fieldTexts[d] = ft
		touched = touched[:0]
		if w.probes != nil {
			var n int
			buf, ids, n = w.tokensKept(items[d].Text, buf, ids[:0])
			w.resolve(ids)
			ix.docLen[d] = uint32(n)
			ids = w.dropSkipped(ids)
		} else {
			buf, ids = w.tokens(items[d].Text, buf, ids[:0])
			w.resolve(ids)
			ix.docLen[d] = uint32(len(ids))
		}
		// touched lists the summary's terms once each. Every token is
		// written to it and kept only if new: no branch to mispredict in a
		// loop over every token.
		touched = slices.Grow(touched, len(ids))[:len(ids)]
		nt, tf := 0, w.tf
		for _, id := range ids {
			t := tf[id]
			touched[nt] = id
			if t == 0 {
				nt++
			}
			tf[id] = t + 1 - (t+1)>>7 // stops at maxTF
		}
		touched = touched[:nt]
		if w.probes != nil {
			buf, ids, _ = w.tokensKept(ft, buf, ids[:0])
			w.resolve(ids)
			ids = w.dropSkipped(ids)
		} else {
			buf, ids = w.tokens(ft, buf, ids[:0])
			w.resolve(ids)
		}
		// A term of the fields gets fieldBit in its tf.
		for _, id := range ids {
			t := w.tf[id]
			if t == 0 {
				touched = append(touched, id)
			}
			w.tf[id] = t | fieldBit
		}
		for _, id := range touched {
			tf := w.tf[id]
			w.tf[id] = 0
			w.df[id]++
			if len(chunk)+maxPairBytes > cap(chunk) {
				w.pairs = append(w.pairs, chunk)
				chunk = make([]byte, 0, pairChunk)
			}
			v := id << 1
			if tf == 1 {
				v |= 1
			}
			for ; v >= 0x80; v >>= 7 {
				chunk = append(chunk, byte(v)|0x80)
			}
			chunk = append(chunk, byte(v))
			if tf != 1 {
				chunk = append(chunk, byte(tf))
			}
		}
		w.count[d-w.r.lo] = uint32(len(touched))
	}
	return chunk
}

// dropSkipped removes from ids, in place, the terms not indexed.
func (w *buildWorker) dropSkipped(ids []uint32) []uint32 {
	out := ids[:0]
	for _, id := range ids {
		if !w.skip[id] {
			out = append(out, id)
		}
	}
	return out
}

func (w *buildWorker) term(id uint32) []byte { return w.arena[w.off[id]:w.off[id+1]] }

// sortTerms orders the local vocabulary: by the first 8 bytes (big
// endian, so byte order) and, on a tie, by the rest.
func (w *buildWorker) sortTerms() {
	type keyed struct {
		key uint64
		id  uint32
	}
	nt := len(w.off) - 1
	ks := make([]keyed, 0, nt)
	for id := range uint32(nt) {
		if w.skip != nil && w.skip[id] {
			continue
		}
		t := w.term(id)
		var k uint64
		for j := range 8 {
			k <<= 8
			if j < len(t) {
				k |= uint64(t[j])
			}
		}
		ks = append(ks, keyed{k, id})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return bytes.Compare(w.term(a.id), w.term(b.id))
	})
	w.order = make([]uint32, len(ks))
	for i, k := range ks {
		w.order[i] = k.id
	}
}

// mergeVocab merges the workers' sorted vocabularies into ix.blob and
// ix.off and sets each worker's local-to-global map.
func mergeVocab(ix *searchIndex, ws []*buildWorker) {
	size, terms := 0, 0
	for _, w := range ws {
		size += len(w.arena)
		terms += len(w.order)
		w.global = make([]int32, len(w.off)-1)
		if len(w.order) < len(w.global) {
			for i := range w.global {
				w.global[i] = -1
			}
		}
	}
	blob := make([]byte, 0, size)
	off := make([]uint32, 1, terms+1)
	pos := make([]int, len(ws))
	for {
		// The smallest next term of any worker.
		var min []byte
		found := false
		for wi, w := range ws {
			if pos[wi] < len(w.order) {
				t := w.term(w.order[pos[wi]])
				if !found || bytes.Compare(t, min) < 0 {
					min, found = t, true
				}
			}
		}
		if !found {
			break
		}
		g := int32(len(off) - 1)
		blob = append(blob, min...)
		off = append(off, uint32(len(blob)))
		for wi, w := range ws {
			if pos[wi] < len(w.order) {
				id := w.order[pos[wi]]
				if bytes.Equal(w.term(id), min) {
					w.global[id] = g
					pos[wi]++
				}
			}
		}
	}
	for _, w := range ws {
		w.arena, w.off, w.order, w.skip = nil, nil, nil, nil
	}
	ix.blob = string(blob)
	ix.off = slices.Clip(off)
}

// scatter writes the worker's pairs into the postings, at the cursors
// left in df, block after block in summary order: a worker from a
// region's end scanned its blocks last first.
func (w *buildWorker) scatter(ix *searchIndex) {
	cur := w.df
	if !w.forward {
		slices.Reverse(w.blocks)
	}
	for _, b := range w.blocks {
		ci, p := b.chunk, b.off
		chunk := w.pairs[ci]
		for d := b.lo; d < b.hi; d++ {
			for range w.count[d-w.r.lo] {
				if p == len(chunk) { // a pair never spans chunks
					ci, p = ci+1, 0
					chunk = w.pairs[ci]
				}
				v := uint32(0)
				for sh := uint(0); ; sh += 7 {
					b := chunk[p]
					p++
					v |= uint32(b&0x7f) << sh
					if b < 0x80 {
						break
					}
				}
				id, tf := v>>1, uint8(1)
				if v&1 == 0 {
					tf = chunk[p]
					p++
				}
				at := cur[id]
				cur[id]++
				ix.post[at] = makePosting(int32(d), tf)
			}
		}
	}
	w.pairs, w.count, w.df, w.blocks = nil, nil, nil, nil
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
