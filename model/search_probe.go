package model

import "unicode/utf8"

// probeSet is every string a set of queries can ask the vocabulary for:
// terms looked up whole (exact), and prefixes whose terms are listed
// (prefix). An index that holds only the terms a probeSet keeps answers
// those queries exactly as the whole index does (same hits, same
// scores), at a fraction of the cost of building it: a process that asks
// one query, as `precis search` does, builds only that.
type probeSet struct {
	exact     map[string]struct{}
	prefix    map[string]struct{}
	maxPrefix int // bytes of the longest prefix

	// starts holds a bit for each pair of first bytes a kept term can
	// start with: a cheap first test that lets the build pass over most
	// tokens without hashing them. A kept term is an exact probe, so it
	// starts with that probe's first two bytes, or it starts with a
	// prefix probe, so with its first two bytes (its first byte and any
	// other, for a one-byte prefix).
	starts [1 << 16 / 64]uint64
	// single[c] says a one-byte term c can be kept.
	single [256]bool
}

func (p *probeSet) setStart(a, b byte) {
	k := int(a)<<8 | int(b)
	p.starts[k/64] |= 1 << (k % 64)
}

// mayStart reports whether a kept term can start with the bytes a, b.
func (p *probeSet) mayStart(a, b byte) bool {
	k := int(a)<<8 | int(b)
	return p.starts[k/64]&(1<<(k%64)) != 0
}

func newProbeSet() *probeSet {
	return &probeSet{exact: map[string]struct{}{}, prefix: map[string]struct{}{}}
}

func (p *probeSet) addExact(s string) {
	p.exact[s] = struct{}{}
	switch {
	case len(s) == 1:
		p.single[s[0]] = true
	case len(s) >= 2:
		p.setStart(s[0], s[1])
	}
}

func (p *probeSet) addPrefix(s string) {
	p.prefix[s] = struct{}{}
	p.maxPrefix = max(p.maxPrefix, len(s))
	switch {
	case len(s) == 1:
		p.single[s[0]] = true
		for b := range 256 {
			p.setStart(s[0], byte(b))
		}
	case len(s) >= 2:
		p.setStart(s[0], s[1])
	}
}

// keeps reports whether term t can be asked for: it is probed whole, or
// it starts with a probed prefix.
func (p *probeSet) keeps(t []byte) bool {
	if _, ok := p.exact[string(t)]; ok {
		return true
	}
	for l := min(len(t), p.maxPrefix); l > 0; l-- {
		if _, ok := p.prefix[string(t[:l])]; ok {
			return true
		}
	}
	return false
}

// covers reports whether every term that starts with s is kept.
func (p *probeSet) covers(s string) bool {
	for l := min(len(s), p.maxPrefix); l > 0; l-- {
		if _, ok := p.prefix[s[:l]]; ok {
			return true
		}
	}
	return false
}

// add adds what expand asks the vocabulary for q, whatever the answers:
// it follows expand branch by branch, taking every branch (a lookup
// that would fail in a given corpus is probed all the same).
// TestProbesCoverExpand checks the two against each other.
func (p *probeSet) add(q *query) {
	for _, g := range q.negs {
		for _, t := range g {
			p.addExact(t)
		}
	}
	for i := range q.words {
		w := &q.words[i]
		L := utf8.RuneCountInString(w.text)
		p.addExact(w.text)
		if !w.exact {
			p.addPrefix(w.text) // its prefix forms, and the test for typoShrink
			if L == minTypoRunes-1 {
				forEachSwap(w.text, p.addExact)
			}
			if L >= minTypoRunes {
				forEachVariant(w.text, func(v string) {
					if utf8.RuneCountInString(v) >= minTypoRunes {
						p.addPrefix(v)
					} else {
						p.addExact(v)
					}
				})
			}
			if L >= minSplitRunes {
				s := w.text
				for i := 2; i <= len(s)-2; i++ {
					if utf8.RuneStart(s[i]) {
						p.addExact(s[:i])
						p.addPrefix(s[i:])
					}
				}
			} else {
				s := w.text
				for i := 1; i < len(s); i++ {
					if isDigit(s[i-1]) != isDigit(s[i]) {
						p.addExact(s[:i])
						p.addExact(s[i:])
					}
				}
			}
		}
		for _, joined := range q.joins(i) {
			p.addExact(joined)
			p.addPrefix(joined)
		}
	}
}
