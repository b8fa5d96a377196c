package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"unicode/utf8"
	"unsafe"

	"codeberg.org/precis/precis/internal/sanitize"
)

// A related cache holds a corpus's related-papers index, which takes
// seconds to build at 10k summaries and more (10 to 19 at 100k, on both
// cores), so that opening the same corpus again has it at once.
// WriteRelatedCache writes one, UseRelatedCache reads it. Like the corpus
// cache (see cache.go), it is laid out to be used where it lies in a
// mapped file; only the links and the string headers are copied.
//
// Layout, every section 4-byte aligned; the header's fields little
// endian, the arrays in the machine's byte order (the byte-order mark):
//
//	header     relCacheMagic (8 bytes), relCacheVersion, byte-order mark,
//	           n, hiN, terms, term bytes, names, name bytes, doc terms,
//	           postings, links (11 x uint32)
//	key        32 bytes (relatedKey)
//	termText   terms+1 offsets, then the bytes, padded
//	nameText   names+1 offsets, then the bytes, padded
//	docStart   n+1
//	docTerm    doc terms
//	postHi     terms*hiN+1
//	postLo     postings (uint16), padded
//	postW      postings (uint16), padded
//	linkStart  n+1
//	links      4 words each: to, name, kind, weight (float32 bits)
//	crc        CRC-32C of all of the above

const (
	relCacheMagic = 0x4c52_5349_4345_5250 // "PRECISRL" read little endian
	// relCacheVersion changes whenever the related index's build would
	// make something else of the same corpus (see
	// TestRelatedCacheVersion).
	relCacheVersion = 1

	relCacheHeaderWords = 2 + 11
)

// relatedKey hashes everything the related index is built from: the
// program (tag), every summary's text (as textKey), and what the build
// reads besides: its derived title, its sidecar title, and whether it
// comes from the same file as the one before it ("the one I discussed
// yesterday" links neighbours in a file).
func (c *Corpus) relatedKey(tag string) [sha256.Size]byte {
	items := c.items
	tk := c.textKey
	if c.keyTag != tag || tag == "" {
		tk = textKey(tag, items, baseID)
	}
	h := sha256.New()
	h.Write(tk[:])
	var b [9]byte
	field := func(s string) {
		binary.LittleEndian.PutUint64(b[:], uint64(len(s)))
		h.Write(b[:8])
		h.Write([]byte(s))
	}
	for i := range items {
		s := &items[i]
		field(s.DerivedTitle)
		if s.Paper != nil {
			field(s.Paper.Title)
		} else {
			field("")
		}
		b[8] = 0
		if i > 0 && s.Source == items[i-1].Source {
			b[8] = 1
		}
		h.Write(b[8:])
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// relBlocks is the hiN of a related index of n summaries.
func relBlocks(n int) int { return (max(n, 1)-1)>>16 + 2 }

// WriteRelatedCache writes the corpus's related index, building it first
// if it is not built, for UseRelatedCache to read with the same tag.
func (c *Corpus) WriteRelatedCache(w io.Writer, tag string) error {
	c.BuildRelatedIndex()
	ix := c.related
	termEnds, termBytes := stringTable(ix.termText)
	nameEnds, nameBytes := stringTable(ix.nameText)
	if termEnds == nil || nameEnds == nil || uint64(len(ix.postLo)) > math.MaxUint32/2 || uint64(len(ix.links)) > math.MaxUint32/16 {
		return errors.New("the related index is too large to cache")
	}
	key := c.relatedKey(tag)

	cw := newCacheWriter(w, relCacheMagic, relCacheVersion, byteOrderMark, uint32(ix.n), uint32(ix.hiN),
		uint32(len(ix.termText)), uint32(len(termBytes)), uint32(len(ix.nameText)), uint32(len(nameBytes)),
		uint32(len(ix.docTerm)), uint32(len(ix.postLo)), uint32(len(ix.links)))
	cw.put(key[:])
	putSlice(cw, termEnds)
	cw.put(termBytes)
	putSlice(cw, nameEnds)
	cw.put(nameBytes)
	putSlice(cw, ix.docStart)
	putSlice(cw, ix.docTerm)
	putSlice(cw, ix.postHi)
	putSlice(cw, ix.postLo)
	putSlice(cw, ix.postW)
	putSlice(cw, ix.linkStart)
	links := make([]uint32, 0, 4*len(ix.links))
	for _, l := range ix.links {
		links = append(links, uint32(l.to), uint32(l.name), uint32(l.kind), math.Float32bits(l.w))
	}
	putSlice(cw, links)
	return cw.close()
}

// stringTable is ss as offsets (len(ss)+1) into their concatenated
// bytes; nil when the bytes pass 4 GB.
func stringTable(ss []string) ([]uint32, []byte) {
	ends := make([]uint32, len(ss)+1)
	var b []byte
	for i, s := range ss {
		b = append(b, s...)
		if uint64(len(b)) > math.MaxUint32 {
			return nil, nil
		}
		ends[i+1] = uint32(len(b))
	}
	return ends, b
}

// UseRelatedCache makes data, written by WriteRelatedCache with the same
// tag for a corpus of the same summaries, c's related index. It returns
// ErrNoCache, or an error that says what is wrong with data, when data is
// not such a cache, or when c has a related index already (one being
// built is waited for); c is then as it was. The corpus keeps using data: it must not
// change while the corpus is in use. Call it before the corpus is shared.
func (c *Corpus) UseRelatedCache(data []byte, tag string) error {
	ix, err := readRelatedCache(tag, c, data)
	if err != nil {
		return err
	}
	used := false
	c.relatedOnce.Do(func() {
		c.related = ix
		c.relatedReady.Store(true)
		used = true
	})
	if !used {
		return errors.New("the related index is built already")
	}
	c.mapped += int64(len(data))
	return nil
}

// readRelatedCache checks data against c's summaries and returns the
// related index it holds. Nothing is trusted before it is checked: a
// stale cache is refused by its key, a damaged one by its checksum, and
// one a writer's bug made inconsistent by check; none makes a query
// panic.
func readRelatedCache(tag string, c *Corpus, data []byte) (*relatedIndex, error) {
	items := c.items
	if len(data) < relCacheHeaderWords*4+sha256.Size+4 || binary.LittleEndian.Uint64(data) != relCacheMagic {
		return nil, ErrNoCache
	}
	if uintptr(unsafe.Pointer(unsafe.SliceData(data)))%4 != 0 {
		return nil, errors.New("cache is not aligned in memory")
	}
	hw := func(i int) uint32 { return binary.LittleEndian.Uint32(data[8+4*i:]) }
	if hw(0) != relCacheVersion || *(*uint32)(unsafe.Pointer(&data[12])) != byteOrderMark || uint64(hw(2)) != uint64(len(items)) {
		return nil, ErrNoCache
	}
	// Every count is at most the file's size: as an int, it is then
	// positive and small, on 32-bit too.
	var counts [9]int
	for i := range counts {
		v := hw(2 + i)
		if uint64(v) > uint64(len(data)) {
			return nil, errors.New("cache has a bad header")
		}
		counts[i] = int(v)
	}
	n, hiN, terms, termBytes, names, nameBytes, docTerms, posts, links := counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], counts[7], counts[8]
	body := data[:len(data)-4]
	r := &cacheReader{data: body}
	r.take(relCacheHeaderWords * 4)
	key := c.relatedKey(tag)
	if k := r.take(sha256.Size); r.err != nil || !bytes.Equal(k, key[:]) {
		return nil, ErrNoCache
	}
	if crc32.Checksum(body, crcTable()) != binary.LittleEndian.Uint32(data[len(body):]) {
		return nil, errors.New("cache is damaged (checksum)")
	}
	if hiN != relBlocks(n) || terms > (math.MaxInt32-1)/hiN {
		return nil, errors.New("cache has a bad related index: sections do not match")
	}
	termText, err := r.strings(terms, termBytes)
	if err != nil {
		return nil, err
	}
	nameText, err := r.strings(names, nameBytes)
	if err != nil {
		return nil, err
	}
	ix := &relatedIndex{
		n:         n,
		hiN:       hiN,
		termText:  termText,
		nameText:  nameText,
		docStart:  takeSlice[int32](r, n+1),
		docTerm:   takeSlice[int32](r, docTerms),
		postHi:    takeSlice[int32](r, terms*hiN+1),
		postLo:    takeSlice[uint16](r, posts),
		postW:     takeSlice[uint16](r, posts),
		linkStart: takeSlice[int32](r, n+1),
	}
	if links > len(body)/16 {
		links = -1 // 4*links could overflow: takeSlice fails
	}
	lw := takeSlice[uint32](r, 4*links)
	if r.err != nil {
		return nil, r.err
	}
	if r.at != len(body) {
		return nil, errors.New("cache has trailing bytes")
	}
	ix.links = make([]relLink, links)
	for i := range ix.links {
		w := lw[4*i:]
		if w[2] > uint32(relLinkDayAfter) {
			return nil, errors.New("cache has a bad related index: a link of no kind")
		}
		ix.links[i] = relLink{to: int32(w[0]), name: int32(w[1]), kind: relLinkKind(w[2]), w: math.Float32frombits(w[3])}
	}
	if err := ix.check(); err != nil {
		return nil, fmt.Errorf("cache has a bad related index: %w", err)
	}
	return ix, nil
}

// strings returns the next string table of n strings, b bytes: offsets,
// then the bytes. The strings are shown in reasons, so they are checked
// as titles are.
func (r *cacheReader) strings(n, b int) ([]string, error) {
	ends := takeSlice[uint32](r, n+1)
	tb := r.take(b)
	if r.err != nil {
		return nil, r.err
	}
	if len(ends) != n+1 || ends[0] != 0 || int(ends[n]) != len(tb) {
		return nil, errors.New("cache has a bad string table")
	}
	ss := make([]string, n)
	for i := range n {
		lo, hi := ends[i], ends[i+1]
		if lo > hi || hi > uint32(len(tb)) {
			return nil, errors.New("cache has a bad string offset")
		}
		s := unsafe.String(unsafe.SliceData(tb[lo:]), int(hi-lo))
		if !utf8.ValidString(s) || sanitize.Text(s) != s || strings.ContainsAny(s, "\t\n\r") {
			return nil, errors.New("cache has an unsafe string")
		}
		ss[i] = s
	}
	return ss, nil
}

// check reports the first inconsistency of a related index read from a
// cache: anything a query would index out of range with, or answer
// wrongly from (a summary's terms or a term's postings out of order).
func (ix *relatedIndex) check() error {
	n, terms := ix.n, len(ix.termText)
	if ix.hiN != relBlocks(n) || len(ix.docStart) != n+1 || len(ix.linkStart) != n+1 || len(ix.postHi) != terms*ix.hiN+1 || len(ix.postLo) != len(ix.postW) {
		return errors.New("sections do not match")
	}
	if err := checkStarts(ix.docStart, len(ix.docTerm)); err != nil {
		return fmt.Errorf("summary terms: %w", err)
	}
	for d := range n {
		prev := int32(-1)
		for _, t := range ix.docTerms(d) {
			if t <= prev || int(t) >= terms {
				return fmt.Errorf("summary %d has a term out of order", d)
			}
			prev = t
		}
	}
	if err := checkStarts(ix.postHi, len(ix.postLo)); err != nil {
		return fmt.Errorf("postings: %w", err)
	}
	for t := range terms {
		base := t * ix.hiN
		// The slot after a term's last block is where the next term's
		// first starts: no postings between.
		if ix.postHi[base+ix.hiN-1] != ix.postHi[base+ix.hiN] {
			return fmt.Errorf("term %d has postings in no block", t)
		}
		for h := 0; h+1 < ix.hiN; h++ {
			prev := -1
			for _, lo := range ix.postLo[ix.postHi[base+h]:ix.postHi[base+h+1]] {
				d := h<<16 | int(lo)
				if d <= prev || d >= n {
					return fmt.Errorf("term %d has a posting out of order", t)
				}
				prev = d
			}
		}
	}
	if err := checkStarts(ix.linkStart, len(ix.links)); err != nil {
		return fmt.Errorf("links: %w", err)
	}
	for _, l := range ix.links {
		// Weights are at most 1 (relWBuildsOn), so that no sum of them
		// overflows.
		if l.to < 0 || int(l.to) >= n || l.name < -1 || int(l.name) >= len(ix.nameText) || !(l.w >= 0 && l.w <= 1) {
			return errors.New("a link is out of range")
		}
	}
	return nil
}

// checkStarts checks offsets into a section of size total: from 0 to
// total, never backwards.
func checkStarts(s []int32, total int) error {
	if len(s) == 0 || s[0] != 0 || int(s[len(s)-1]) != total {
		return errors.New("offsets do not span their section")
	}
	for i := 1; i < len(s); i++ {
		if s[i] < s[i-1] {
			return errors.New("offsets go backwards")
		}
	}
	return nil
}
