package model

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// query is a parsed search query with fzf's extended syntax: plain words
// must all match (AND, any order); 'word matches the word exactly (no
// prefix, typo or split forms); ^x and x$ anchor x at the start or end of
// the title or text; !x excludes summaries that hold x.
type query struct {
	key     string // canonical form, for the result cache
	void    bool   // a word or anchor with no letter or digit: nothing matches
	words   []qword
	negs    [][]string // exclude a summary holding every term of a group
	negIDs  [][]int32  // negs as term ids; groups with an unknown term dropped
	anchors []anchor
}

type qword struct {
	text  string // folded token
	exact bool
	alts  []alt
}

type anchor struct {
	text   string // squashed
	prefix bool   // ^x (else x$)
	suffix bool
	neg    bool
}

// alt is one way a summary can satisfy a query word: holding term t
// (weighted w, which includes the term's idf) or, for a split word
// ("switchtransformer" = switch + transformer), holding t and one of b.
type alt struct {
	t  int32
	w  float32
	hl int // runes to highlight in a matching token, 0 for all of it
	b  []termW
}

type termW struct {
	t  int32
	w  float32
	hl int
}

// Weights of the forms a word can take, relative to an exact match.
const (
	wExact      = 1.0
	wPrefix     = 0.8
	wJoined     = 1.0
	wTypo       = 0.6
	wTypoPrefix = 0.45
	wSplit      = 0.6
	// typoShrink scales typo forms down when the word itself is a term of
	// the corpus, so exact hits are not drowned by near misses.
	typoShrink = 0.4
	// splitShrink does the same for split forms ("cycle gan" for
	// "cyclegan") when the word is a term.
	splitShrink = 0.5
	// shortPrefixCap bounds the prefix forms of one- and two-letter words
	// (the most frequent are kept): they would otherwise walk most of the
	// index on the first keystroke.
	shortPrefixCap = 16
	minTypoRunes   = 5
	minSplitRunes  = 5
)

// foldString folds every rune of s (see foldRune).
func foldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// parseQuery parses q; it does not look at the index.
func parseQuery(q string) *query {
	out := &query{}
	var key []string
	for _, f := range strings.Fields(foldString(q)) {
		neg, exact, pre, suf := false, false, false, false
		if strings.HasPrefix(f, "!") {
			neg, f = true, f[1:]
		}
		if strings.HasPrefix(f, "'") {
			exact, f = true, f[1:]
		}
		if strings.HasPrefix(f, "^") {
			pre, f = true, f[1:]
		}
		if strings.HasSuffix(f, "$") {
			suf, f = true, f[:len(f)-1]
		}
		toks := tokens(f)
		if len(toks) == 0 {
			// Operators alone ("'", "^", "!") are a query still being
			// typed and ask nothing; a word of punctuation or symbols
			// ("?", "…") can match no term, so nothing matches.
			if f != "" && !neg {
				out.void = true
			}
			continue
		}
		switch {
		case pre || suf:
			out.anchors = append(out.anchors, anchor{text: strings.Join(toks, ""), prefix: pre, suffix: suf, neg: neg})
		case neg:
			out.negs = append(out.negs, toks)
		default:
			for _, t := range toks {
				out.words = append(out.words, qword{text: t, exact: exact})
			}
		}
	}
	for _, w := range out.words {
		if w.exact {
			key = append(key, "'"+w.text)
		} else {
			key = append(key, w.text)
		}
	}
	for _, g := range out.negs {
		key = append(key, "!"+strings.Join(g, "-"))
	}
	for _, a := range out.anchors {
		s := a.text
		if a.prefix {
			s = "^" + s
		}
		if a.suffix {
			s += "$"
		}
		if a.neg {
			s = "!" + s
		}
		key = append(key, s)
	}
	if out.void {
		key = append(key, "\x00void")
	}
	out.key = strings.Join(key, " ")
	return out
}

// names reports whether q asks for something (a word or an anchor that
// summaries must have), so that its best hit is one it names, not simply
// the first summary.
func (q *query) names() bool {
	if q.void {
		return false
	}
	for _, a := range q.anchors {
		if !a.neg {
			return true
		}
	}
	return len(q.words) > 0
}

// refines reports whether every summary matching q also matches old, so
// that q can be evaluated on old's result set alone (fzf's cache): q adds
// words and filters to old and changes none of old's. A last word of one
// or two letters has capped prefix forms, so it does not qualify.
func (q *query) refines(old *query) bool {
	if len(old.words) == 0 || len(q.words) < len(old.words) || len(q.negs) < len(old.negs) || len(q.anchors) < len(old.anchors) {
		return false
	}
	if len(q.words) == len(old.words) && len(q.negs) == len(old.negs) && len(q.anchors) == len(old.anchors) {
		return false // same query or a different one
	}
	for i, w := range old.words {
		if q.words[i].text != w.text || q.words[i].exact != w.exact {
			return false
		}
	}
	if last := old.words[len(old.words)-1]; !last.exact && utf8.RuneCountInString(last.text) < 3 && len(q.words) > len(old.words) {
		return false
	}
	for i, g := range old.negs {
		if !slices.Equal(g, q.negs[i]) {
			return false
		}
	}
	for i, a := range old.anchors {
		if a != q.anchors[i] {
			return false
		}
	}
	return true
}

// expand fills in every word's alternatives from the vocabulary.
func (ix *searchIndex) expand(q *query) {
	q.negIDs = nil
negs:
	for _, g := range q.negs {
		ids := make([]int32, len(g))
		for i, t := range g {
			if ids[i] = ix.lookup(t); ids[i] < 0 {
				continue negs // no summary holds it: excludes nothing
			}
		}
		q.negIDs = append(q.negIDs, ids)
	}
	for i := range q.words {
		w := &q.words[i]
		e := expander{ix: ix, seen: map[int32]int{}}
		L := utf8.RuneCountInString(w.text)
		exact := ix.lookup(w.text)
		if exact >= 0 {
			e.add(exact, wExact, 0)
			// A longer or misspelt form is evidence of the word, not of a
			// rarer term: it weighs at most what the word itself does.
			e.maxIDF = ix.idf(exact)
		}
		if !w.exact {
			e.prefix(w.text, wPrefix, L, L <= 2)
			// Typo forms shrink when the word is found as typed, whole
			// or as the start of terms, so near misses do not drown it.
			shrink := float32(1)
			lo, hi := ix.prefixRange(w.text)
			if exact >= 0 || hi > lo {
				shrink = typoShrink
			}
			if L == minTypoRunes-1 {
				// A short name typed fast: two letters swapped ("bret",
				// "nref"); other edits of four letters find too much.
				forEachSwap(w.text, func(v string) {
					if t := ix.lookup(v); t >= 0 {
						e.add(t, wTypo*shrink, 0)
					}
				})
			}
			if L >= minTypoRunes {
				forEachVariant(w.text, func(v string) {
					vl := utf8.RuneCountInString(v)
					if vl >= minTypoRunes {
						e.prefixTypo(v, wTypo*shrink, wTypoPrefix*shrink, vl)
					} else if t := ix.lookup(v); t >= 0 {
						e.add(t, wTypo*shrink, 0)
					}
				})
			}
			e.maxIDF = 0
			if L >= minSplitRunes {
				e.splits(w.text, exact >= 0)
			} else {
				e.digitSplits(w.text, exact >= 0)
			}
		}
		// Joined with a neighbour: "fed avg" finds "fedavg".
		for _, joined := range q.joins(i) {
			if t := ix.lookup(joined); t >= 0 {
				e.add(t, wJoined, 0)
			}
			e.prefix(joined, wPrefix, 0, utf8.RuneCountInString(joined) <= 2)
		}
		w.alts = e.alts
	}
}

// joins returns word i joined with each neighbour, in the order of the
// query ("fed avg": "fedavg"), for words that take other forms (not
// 'exact).
func (q *query) joins(i int) []string {
	var out []string
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(q.words) || q.words[j].exact || q.words[i].exact {
			continue
		}
		a, b := q.words[i].text, q.words[j].text
		if j < i {
			a, b = b, a
		}
		out = append(out, a+b)
	}
	return out
}

type expander struct {
	ix     *searchIndex
	alts   []alt
	seen   map[int32]int
	maxIDF float32 // when not 0, the most idf a form added counts
}

func (e *expander) add(t int32, weight float32, hl int) {
	idf := e.ix.idf(t)
	if e.maxIDF > 0 {
		idf = min(idf, e.maxIDF)
	}
	w := weight * idf
	if k, ok := e.seen[t]; ok {
		if w > e.alts[k].w {
			e.alts[k].w, e.alts[k].hl = w, hl
		}
		return
	}
	e.seen[t] = len(e.alts)
	e.alts = append(e.alts, alt{t: t, w: w, hl: hl})
}

// prefix adds the terms that start with p (p itself excluded), each
// weighted by how much of it p covers: "bert" is most of "berts", little
// of "berthelot".
func (e *expander) prefix(p string, weight float32, hl int, capped bool) {
	lo, hi := e.ix.prefixRange(p)
	if lo < hi && e.ix.term(lo) == p {
		lo++
	}
	for _, t := range e.ix.cappedRange(lo, hi, capped) {
		e.add(t, weight*coverage(len(p), len(e.ix.term(t))), hl)
	}
}

// coverage scales a prefix form by the share of the term the prefix
// covers, from 1 (all of it) down to one half.
func coverage(prefix, term int) float32 {
	return 0.5 + 0.5*float32(prefix)/float32(max(prefix, term))
}

// prefixTypo adds v (a one-edit variant of a word) when it is a term, and
// the terms that start with it.
func (e *expander) prefixTypo(v string, wFull, wPre float32, vl int) {
	lo, hi := e.ix.prefixRange(v)
	if lo >= hi {
		return
	}
	if e.ix.term(lo) == v {
		e.add(lo, wFull, 0)
		lo++
	}
	for t := lo; t < hi; t++ {
		e.add(t, wPre*coverage(len(v), len(e.ix.term(t))), vl)
	}
}

// splits adds the ways the word splits into a term and the start of
// another: "switchtransformer", "vqvae".
func (e *expander) splits(s string, isTerm bool) {
	weight := float32(wSplit)
	if isTerm {
		weight *= splitShrink
	}
	for i := 2; i <= len(s)-2; i++ {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		a := e.ix.lookup(s[:i])
		if a < 0 {
			continue
		}
		lo, hi := e.ix.prefixRange(s[i:])
		if lo >= hi {
			continue
		}
		bl := utf8.RuneCountInString(s[i:])
		var bs []termW
		for _, t := range e.ix.cappedRange(lo, hi, bl <= 2) {
			hl := bl
			if e.ix.term(t) == s[i:] {
				hl = 0
			}
			bs = append(bs, termW{t: t, w: weight * e.ix.idf(t), hl: hl})
		}
		e.alts = append(e.alts, alt{t: a, w: weight * e.ix.idf(a), b: bs})
	}
}

// digitSplits adds, for a short word, the split where letters meet
// digits: "gpt2" is gpt followed by 2, as "GPT-2" is written.
func (e *expander) digitSplits(s string, isTerm bool) {
	weight := float32(wSplit)
	if isTerm {
		weight *= splitShrink
	}
	for i := 1; i < len(s); i++ {
		if isDigit(s[i-1]) == isDigit(s[i]) {
			continue
		}
		a, b := e.ix.lookup(s[:i]), e.ix.lookup(s[i:])
		if a >= 0 && b >= 0 {
			e.alts = append(e.alts, alt{t: a, w: weight * e.ix.idf(a), b: []termW{{t: b, w: weight * e.ix.idf(b)}}})
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// cappedRange lists the terms [lo, hi), only the shortPrefixCap most
// frequent when capped.
func (ix *searchIndex) cappedRange(lo, hi int32, capped bool) []int32 {
	ts := make([]int32, 0, hi-lo)
	for t := lo; t < hi; t++ {
		ts = append(ts, t)
	}
	if capped && len(ts) > shortPrefixCap {
		slices.SortFunc(ts, func(a, b int32) int { return ix.df(b) - ix.df(a) })
		ts = ts[:shortPrefixCap]
	}
	return ts
}

// forEachSwap calls fn with every string s becomes when two neighbouring
// letters are swapped.
func forEachSwap(s string, fn func(string)) {
	rs := []rune(s)
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == rs[i+1] {
			continue
		}
		b := slices.Clone(rs)
		b[i], b[i+1] = b[i+1], b[i]
		fn(string(b))
	}
}

const typoAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// forEachVariant calls fn with every string one edit away from s: a
// deleted, transposed, changed or added letter (changed and added
// letters from a-z and 0-9).
func forEachVariant(s string, fn func(string)) {
	rs := []rune(s)
	buf := make([]rune, 0, len(rs)+1)
	emit := func(r []rune) { fn(string(r)) }
	for i := range rs {
		emit(append(append(buf[:0], rs[:i]...), rs[i+1:]...))
	}
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == rs[i+1] {
			continue
		}
		b := append(buf[:0], rs...)
		b[i], b[i+1] = b[i+1], b[i]
		emit(b)
	}
	for i := range rs {
		for _, c := range typoAlphabet {
			if c == rs[i] {
				continue
			}
			b := append(buf[:0], rs...)
			b[i] = c
			emit(b)
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, c := range typoAlphabet {
			b := append(append(append(buf[:0], rs[:i]...), c), rs[i:]...)
			emit(b)
		}
	}
}
