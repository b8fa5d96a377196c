package model

import (
	"encoding/binary"
	"hash/crc32"
	"math"
)

// RelatedCacheVersion is relCacheVersion, for TestRelatedCacheVersion.
const RelatedCacheVersion = relCacheVersion

// RelatedIndexOf is c's related index, nil before it is built.
func RelatedIndexOf(c *Corpus) any { return c.related }

// CheckRelatedWithBlocks checks c's related index (built if it is not)
// as one read from a cache is, with hiN blocks instead of its own.
func CheckRelatedWithBlocks(c *Corpus, hiN int) error {
	c.BuildRelatedIndex()
	r := c.related
	ix := &relatedIndex{n: r.n, hiN: hiN, termText: r.termText, docStart: r.docStart, docTerm: r.docTerm,
		postHi: r.postHi, postLo: r.postLo, postW: r.postW, linkStart: r.linkStart, links: r.links, nameText: r.nameText}
	return ix.check()
}

// RelatedCacheCorruptions are changes to a related cache that keep its
// checksum right and break its index, by name.
func RelatedCacheCorruptions() map[string]func([]byte) {
	type layout struct {
		n, hiN, terms, names, docTerms, posts, links                                                        int
		termEnds, termBytes, nameEnds, nameBytes, docStart, docTerm, postHi, postLo, postW, linkStart, link int
	}
	pad := func(n int) int { return (n + 3) &^ 3 }
	at := func(d []byte) layout {
		w := func(i int) int { return int(binary.LittleEndian.Uint32(d[8+4*i:])) }
		l := layout{n: w(2), hiN: w(3), terms: w(4), names: w(6), docTerms: w(8), posts: w(9), links: w(10)}
		l.termEnds = relCacheHeaderWords*4 + 32
		l.termBytes = l.termEnds + 4*(l.terms+1)
		l.nameEnds = l.termBytes + pad(w(5))
		l.nameBytes = l.nameEnds + 4*(l.names+1)
		l.docStart = l.nameBytes + pad(w(7))
		l.docTerm = l.docStart + 4*(l.n+1)
		l.postHi = l.docTerm + 4*l.docTerms
		l.postLo = l.postHi + 4*(l.terms*l.hiN+1)
		l.postW = l.postLo + pad(2*l.posts)
		l.linkStart = l.postW + pad(2*l.posts)
		l.link = l.linkStart + 4*(l.n+1)
		return l
	}
	u32 := func(d []byte, i int) uint32 { return binary.NativeEndian.Uint32(d[i:]) }
	set := func(d []byte, i int, v uint32) { binary.NativeEndian.PutUint32(d[i:], v) }
	fix := func(f func(d []byte, l layout)) func([]byte) {
		return func(d []byte) {
			f(d, at(d))
			body := d[:len(d)-4]
			binary.LittleEndian.PutUint32(d[len(body):], crc32.Checksum(body, crcTable()))
		}
	}
	// firstDocWith returns the offset of summary d's terms for the first
	// summary with at least two.
	firstDocWith := func(d []byte, l layout, k int) int {
		for s := 0; s < l.n; s++ {
			a, b := u32(d, l.docStart+4*s), u32(d, l.docStart+4*s+4)
			if int(b-a) >= k {
				return l.docTerm + 4*int(a)
			}
		}
		panic("no summary with enough terms")
	}
	return map[string]func([]byte){
		"term past the vocabulary": fix(func(d []byte, l layout) { set(d, l.docTerm, uint32(l.terms)) }),
		"terms out of order": fix(func(d []byte, l layout) {
			p := firstDocWith(d, l, 2)
			a, b := u32(d, p), u32(d, p+4)
			set(d, p, b)
			set(d, p+4, a)
		}),
		"summary terms backwards": fix(func(d []byte, l layout) { set(d, l.docStart+4, u32(d, l.docStart+8)+1) }),
		"summary terms short":     fix(func(d []byte, l layout) { set(d, l.docStart+4*l.n, uint32(l.docTerms-1)) }),
		"posting past the summaries": fix(func(d []byte, l layout) {
			binary.NativeEndian.PutUint16(d[l.postLo:], uint16(l.n+3))
		}),
		"postings out of order": fix(func(d []byte, l layout) {
			for k := 0; k+1 < l.terms*l.hiN; k++ {
				a, b := int(u32(d, l.postHi+4*k)), int(u32(d, l.postHi+4*k+4))
				if b-a >= 2 {
					x, y := d[l.postLo+2*a:l.postLo+2*a+2], d[l.postLo+2*a+2:l.postLo+2*a+4]
					x[0], x[1], y[0], y[1] = y[0], y[1], x[0], x[1]
					return
				}
			}
			panic("no term with two postings")
		}),
		"postings backwards": fix(func(d []byte, l layout) { set(d, l.postHi+4, u32(d, l.postHi+8)+1) }),
		"postings in no block": fix(func(d []byte, l layout) {
			// Move the boundary after term 0's last block forward.
			set(d, l.postHi+4*(l.hiN-1), u32(d, l.postHi+4*(l.hiN-1))-1)
		}),
		"link past the summaries": fix(func(d []byte, l layout) { set(d, l.link, uint32(l.n)) }),
		"link to a name past the names": fix(func(d []byte, l layout) {
			set(d, l.link+4, uint32(l.names))
		}),
		"link of no kind":      fix(func(d []byte, l layout) { set(d, l.link+8, 99) }),
		"link weight NaN":      fix(func(d []byte, l layout) { set(d, l.link+12, math.Float32bits(float32(math.NaN()))) }),
		"link weight negative": fix(func(d []byte, l layout) { set(d, l.link+12, math.Float32bits(-1)) }),
		"link weight above 1":  fix(func(d []byte, l layout) { set(d, l.link+12, math.Float32bits(3.4e38)) }),
		// Corruptions that keep the order a check may rely on: each is
		// caught by its range check alone.
		"last term of a summary past the vocabulary": fix(func(d []byte, l layout) {
			p := firstDocWith(d, l, 1)
			a, b := u32(d, l.docStart), u32(d, l.docStart+4) // summary 0 (firstDocWith's, if it has terms)
			if b > a {
				p = l.docTerm + 4*int(b-1)
			}
			set(d, p, uint32(l.terms))
		}),
		"last posting of a block past the summaries": fix(func(d []byte, l layout) {
			for t := 0; t < l.terms; t++ {
				a, b := int(u32(d, l.postHi+4*t*l.hiN)), int(u32(d, l.postHi+4*(t*l.hiN+1)))
				if b > a {
					binary.NativeEndian.PutUint16(d[l.postLo+2*(b-1):], uint16(l.n+5))
					return
				}
			}
			panic("no term with postings")
		}),
		"summary terms start again": fix(func(d []byte, l layout) { set(d, l.docStart+8, 0) }),
		"links short":               fix(func(d []byte, l layout) { set(d, l.linkStart+4*l.n, uint32(l.links-1)) }),
		"newline in a term":         fix(func(d []byte, l layout) { d[l.termBytes] = '\n' }),
		"escape in a name":          fix(func(d []byte, l layout) { d[l.nameBytes] = 0x1b }),
		"invalid UTF-8 in term":     fix(func(d []byte, l layout) { d[l.termBytes] = 0xff }),
		"term offsets backwards": fix(func(d []byte, l layout) {
			set(d, l.termEnds+4, u32(d, l.termEnds+8)+1)
		}),
		"wrong number of blocks": fix(func(d []byte, l layout) { binary.LittleEndian.PutUint32(d[8+4*3:], uint32(l.hiN+1)) }),
	}
}
