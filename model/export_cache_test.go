package model

import (
	"encoding/binary"
	"hash/crc32"
)

// CacheVersion is cacheVersion, for TestCacheVersion.
const CacheVersion = cacheVersion

// UsesWholeIndex reports whether a search for q would use c's whole
// index, not one built for the expected queries.
func UsesWholeIndex(c *Corpus, q string) bool { return c.index(parseQuery(q)) == c.search }

// CheckIndex checks an index made of these arrays as one read from a
// cache is checked.
func CheckIndex(n int, blob string, off, start, post []uint32, docK []float32) error {
	ps := make([]posting, len(post))
	for i, p := range post {
		ps[i] = posting(p)
	}
	ix := &searchIndex{n: n, blob: blob, off: off, start: start, post: ps, docK: docK}
	return ix.check()
}

// Posting is a posting of summary d, for CheckIndex.
func Posting(d int) uint32 { return uint32(makePosting(int32(d), 1)) }

// SearchIndexOf is c's whole search index, nil before it is built.
func SearchIndexOf(c *Corpus) any { return c.search }

// WithTrailingBytes is cache d with n zero bytes more before its
// checksum, and the checksum right.
func WithTrailingBytes(d []byte, n int) []byte {
	out := append(append(make([]byte, 0, len(d)+n), d[:len(d)-4]...), make([]byte, n+4)...)
	body := out[:len(out)-4]
	binary.LittleEndian.PutUint32(out[len(body):], crc32.Checksum(body, crcTable()))
	return out
}

// CacheCorruptions are changes to a cache that keep its checksum right
// and break its index or titles, by name.
func CacheCorruptions() map[string]func([]byte) {
	type layout struct{ n, terms, posts, titles, blob, off, start, post, docK int }
	at := func(d []byte) layout {
		w := func(i int) int { return int(binary.LittleEndian.Uint32(d[8+4*i:])) }
		l := layout{n: w(2), terms: w(3), posts: w(5)}
		pad := func(n int) int { return (n + 3) &^ 3 }
		ends := cacheHeaderWords*4 + cacheKeysBytes
		l.titles = ends + 4*(l.n+1)
		tb := int(binary.LittleEndian.Uint32(d[ends+4*l.n:]))
		l.blob = l.titles + pad(tb)
		l.off = l.blob + pad(w(4))
		l.start = l.off + 4*(l.terms+1)
		l.post = l.start + 4*(l.terms+1)
		l.docK = l.post + 4*l.posts
		return l
	}
	u32 := func(d []byte, i int) uint32 { return binary.LittleEndian.Uint32(d[i:]) }
	set := func(d []byte, i int, v uint32) { binary.LittleEndian.PutUint32(d[i:], v) }
	fix := func(f func(d []byte, l layout)) func([]byte) {
		return func(d []byte) {
			f(d, at(d))
			body := d[:len(d)-4]
			binary.LittleEndian.PutUint32(d[len(body):], crc32.Checksum(body, crcTable()))
		}
	}
	return map[string]func([]byte){
		"posting past the summaries": fix(func(d []byte, l layout) { set(d, l.post, uint32(makePosting(int32(l.n+5), 1))) }),
		"postings out of order": fix(func(d []byte, l layout) {
			for t := 0; t < l.terms; t++ {
				p, e := int(u32(d, l.start+4*t)), int(u32(d, l.start+4*t+4))
				if e-p >= 2 {
					a, b := u32(d, l.post+4*p), u32(d, l.post+4*p+4)
					set(d, l.post+4*p, b)
					set(d, l.post+4*p+4, a)
					return
				}
			}
			panic("no term with two postings")
		}),
		"terms out of order":       fix(func(d []byte, l layout) { d[l.blob] = 0xff }),
		"term past the vocabulary": fix(func(d []byte, l layout) { set(d, l.off+4, u32(d, l.off+4*l.terms)+100) }),
		"title offsets backwards": fix(func(d []byte, l layout) {
			ends := l.titles - 4*(l.n+1)
			set(d, ends+4, u32(d, ends+8)+1)
		}),
		"title offset past the titles": fix(func(d []byte, l layout) {
			ends := l.titles - 4*(l.n+1)
			set(d, ends+4, u32(d, ends+4)|1<<31)
		}),
		"newline in a title":     fix(func(d []byte, l layout) { d[l.titles] = '\n' }),
		"postings past the end":  fix(func(d []byte, l layout) { set(d, l.start+4*l.terms, uint32(l.posts+1)) }),
		"postings backwards":     fix(func(d []byte, l layout) { set(d, l.start+4, u32(d, l.start+8)+1) }),
		"zero length norm":       fix(func(d []byte, l layout) { set(d, l.docK, 0) }),
		"escape in a title":      fix(func(d []byte, l layout) { d[l.titles] = 0x1b }),
		"invalid UTF-8 in title": fix(func(d []byte, l layout) { d[l.titles] = 0xff }),
	}
}
