package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"codeberg.org/precis/precis/internal/sanitize"
)

// A corpus cache holds what a corpus derives from its summaries at load,
// the titles and the search index, so that opening the same corpus again
// skips deriving them: at 100k summaries, 2.5 of the load's 3 seconds.
// WriteCache writes one, NewCorpusFromCache reads it. The file is laid
// out for reading in place: the index's arrays are used where they lie in
// the (mapped) file, not copied.
//
// Layout, every section 4-byte aligned; the header's fields little
// endian, the arrays in the machine's byte order, which the byte-order
// mark records (a cache is read only where that order is the same):
//
//	header    cacheMagic (8 bytes), cacheVersion, byte-order mark, n,
//	          terms, blob bytes, postings (6 x uint32)
//	keys      text key, field key (2 x 32 bytes; see textKey, fieldKey)
//	titles    n+1 offsets, then the titles' bytes, padded
//	blob      the sorted vocabulary's bytes, padded
//	off       terms+1 offsets into blob
//	start     terms+1 offsets into post
//	post      the postings
//	docK      n float32
//	crc       CRC-32C of all of the above
//
// The cache says which summaries it is for by two keys, checked before
// it is used: one over the program that wrote it (the caller's tag) and
// the summaries' texts (each one's id, length and CRC-32C), one over
// what the search index reads besides the text (titles, paper titles,
// authors, arXiv ids). A corpus that differs in either has none of its
// cache used.

const (
	cacheMagic = 0x53494345_52500a00 // "\x00\nPRECIS" read little endian
	// cacheVersion changes whenever the parser, the title deriver or
	// the search index would make something else of the same file (see
	// TestCacheVersion).
	cacheVersion  = 1
	byteOrderMark = 0x01020304

	cacheHeaderWords = 8
	cacheKeysBytes   = 2 * sha256.Size
)

// crcTable is made on first use: not while every command starts.
var crcTable = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// ErrNoCache is the error of NewCorpusFromCache for a cache that is not
// for these summaries, or not a cache of this version of precis.
var ErrNoCache = errors.New("not a cache for this corpus")

// textKey hashes what the titles and the index's text postings depend
// on: the program (tag) and every summary's text, by its id (made from
// the text by the parser; id(s.ID)), length and CRC-32C. The id hashes
// the text with its white space folded, which the title deriver does
// not ignore: the CRC covers every byte.
func textKey(tag string, ss []Summary, id func(string) string) [sha256.Size]byte {
	h := sha256.New()
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:], uint64(len(tag)))
	h.Write(b[:8])
	h.Write([]byte(tag))
	binary.LittleEndian.PutUint64(b[:], uint64(len(ss)))
	h.Write(b[:8])
	for i := range ss {
		s := &ss[i]
		binary.LittleEndian.PutUint64(b[:], uint64(len(s.Text)))
		binary.LittleEndian.PutUint32(b[8:], crc32.Update(0, crcTable(), unsafe.Slice(unsafe.StringData(s.Text), len(s.Text))))
		h.Write(b[:])
		h.Write([]byte(id(s.ID)))
		h.Write([]byte{0})
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// fieldKey hashes what the index reads of the summaries besides their
// text.
func fieldKey(fields []string) [sha256.Size]byte {
	h := sha256.New()
	var b [8]byte
	for _, f := range fields {
		binary.LittleEndian.PutUint64(b[:], uint64(len(f)))
		h.Write(b[:])
		h.Write([]byte(f))
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// WriteCache writes the corpus's titles and search index, building the
// index first if it is not built, for NewCorpusFromCache to read with
// the same tag: the caller's name for the program (its version).
func (c *Corpus) WriteCache(w io.Writer, tag string) error {
	c.BuildSearchIndex()
	ix := c.search
	n := len(c.items)
	var titles []byte
	ends := make([]uint32, n+1)
	for i := range c.items {
		titles = append(titles, c.items[i].DerivedTitle...)
		ends[i+1] = uint32(len(titles))
	}
	if uint64(len(titles)) > math.MaxUint32 || uint64(len(ix.blob)) > math.MaxUint32 || uint64(len(ix.post)) > math.MaxUint32/4 {
		return errors.New("the corpus is too large to cache")
	}
	// The ids as the parser made them, before NewTitledCorpus made those
	// of identical texts unique: what a later load has when it checks.
	tk, fk := textKey(tag, c.items, baseID), fieldKey(ix.fieldTexts)

	cw := newCacheWriter(w, cacheMagic, cacheVersion, byteOrderMark, uint32(n), uint32(ix.numTerms()), uint32(len(ix.blob)), uint32(len(ix.post)))
	cw.put(tk[:])
	cw.put(fk[:])
	putSlice(cw, ends)
	cw.put(titles)
	cw.put([]byte(ix.blob))
	putSlice(cw, ix.off)
	putSlice(cw, ix.start)
	putSlice(cw, ix.post)
	putSlice(cw, ix.docK)
	return cw.close()
}

// cacheWriter writes a cache: its header, its sections, each padded to
// 4 bytes, and the CRC-32C of all of them.
type cacheWriter struct {
	w   io.Writer
	crc hash.Hash32
	bw  *bufio.Writer
}

// newCacheWriter writes the header: magic, then the words, little endian
// but for the second, the byte-order mark, in the machine's order.
func newCacheWriter(w io.Writer, magic uint64, words ...uint32) *cacheWriter {
	crc := crc32.New(crcTable())
	cw := &cacheWriter{w: w, crc: crc, bw: bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)}
	head := make([]byte, 8+4*len(words))
	binary.LittleEndian.PutUint64(head, magic)
	for i, v := range words {
		binary.LittleEndian.PutUint32(head[8+4*i:], v)
	}
	binary.NativeEndian.PutUint32(head[12:], byteOrderMark)
	cw.put(head)
	return cw
}

// put writes b and pads it to 4 bytes. Errors are kept by the buffer
// and returned by close.
func (cw *cacheWriter) put(b []byte) {
	cw.bw.Write(b)
	if pad := len(b) % 4; pad != 0 {
		cw.bw.Write(make([]byte, 4-pad))
	}
}

// putSlice writes v as it lies in memory (the machine's byte order).
func putSlice[T ~uint16 | ~uint32 | ~int32 | ~float32](cw *cacheWriter, v []T) {
	var z T
	cw.put(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), int(unsafe.Sizeof(z))*len(v)))
}

// close writes the checksum.
func (cw *cacheWriter) close() error {
	if err := cw.bw.Flush(); err != nil {
		return err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], cw.crc.Sum32())
	_, err := cw.w.Write(sum[:])
	return err
}

// baseID is id without the suffix NewTitledCorpus adds to the ids of
// identical texts ("-2").
func baseID(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}

// NewCorpusFromCache is NewCorpus for summaries whose titles and search
// index data, written by WriteCache with the same tag, holds: it uses
// them rather than derive and build them. ss are as the parser made
// them, with their metadata applied. It returns ErrNoCache, or an error that says what is
// wrong with data, when data is not a cache for exactly these summaries;
// ss are then as they were, for NewCorpus. The corpus keeps using data:
// it must not change while the corpus is in use.
func NewCorpusFromCache(name string, ss []Summary, data []byte, tag string) (*Corpus, error) {
	titles, ix, tk, err := readCache(tag, ss, data)
	if err != nil {
		return nil, err
	}
	for i := range ss {
		ss[i].DerivedTitle = titles[i]
	}
	c := NewTitledCorpus(name, ss)
	c.mapped = int64(len(data))
	c.search = ix
	c.searchOnce.Do(func() {})
	c.searchReady.Store(true)
	c.keyTag, c.textKey = tag, tk
	return c, nil
}

// MappedBytes is how much of a cache the corpus uses in place (see
// NewCorpusFromCache): memory it holds besides its own.
func (c *Corpus) MappedBytes() int64 { return c.mapped }

// cacheReader reads a cache's sections in order.
type cacheReader struct {
	data []byte
	at   int
	err  error
}

// take returns the next n bytes and skips their padding.
func (r *cacheReader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.data)-r.at {
		if r.err == nil {
			r.err = errors.New("cache is truncated")
		}
		return nil
	}
	b := r.data[r.at : r.at+n]
	r.at += (n + 3) &^ 3
	if r.at > len(r.data) {
		r.at = len(r.data)
	}
	return b
}

// takeSlice returns the next n values of r, in place.
func takeSlice[T ~uint16 | ~uint32 | ~int32 | ~float32](r *cacheReader, n int) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	if n < 0 || n > (len(r.data)-r.at)/size {
		n = -1 // size*n could overflow: take fails
	}
	b := r.take(size * n)
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// readCache checks data against ss and returns the titles and index it
// holds. Nothing it returns is trusted before it is checked: a damaged or
// stale cache is an error, never a panic or a wrong answer later.
func readCache(tag string, ss []Summary, data []byte) (_ []string, _ *searchIndex, tk [sha256.Size]byte, _ error) {
	if len(data) < cacheHeaderWords*4+cacheKeysBytes+4 || binary.LittleEndian.Uint64(data) != cacheMagic {
		return nil, nil, tk, ErrNoCache
	}
	if uintptr(unsafe.Pointer(unsafe.SliceData(data)))%4 != 0 {
		return nil, nil, tk, errors.New("cache is not aligned in memory")
	}
	hw := func(i int) uint32 { return binary.LittleEndian.Uint32(data[8+4*i:]) }
	if hw(0) != cacheVersion || *(*uint32)(unsafe.Pointer(&data[12])) != byteOrderMark {
		return nil, nil, tk, ErrNoCache
	}
	// Every count is at most the file's size: as an int, it is then
	// positive and small, on 32-bit too.
	for i := 2; i <= 5; i++ {
		if uint64(hw(i)) > uint64(len(data)) {
			return nil, nil, tk, errors.New("cache has a bad header")
		}
	}
	n, terms, blobLen, posts := int(hw(2)), int(hw(3)), int(hw(4)), int(hw(5))
	if n != len(ss) {
		return nil, nil, tk, ErrNoCache
	}
	// The keys first: a cache for another corpus is not read further.
	body := data[:len(data)-4]
	r := &cacheReader{data: body}
	r.take(cacheHeaderWords * 4)
	keys := r.take(cacheKeysBytes)
	if tk = textKey(tag, ss, func(id string) string { return id }); r.err != nil || !bytes.Equal(keys[:sha256.Size], tk[:]) {
		return nil, nil, tk, ErrNoCache
	}
	ends := takeSlice[uint32](r, n+1)
	if r.err != nil {
		return nil, nil, tk, r.err
	}
	tb := r.take(int(ends[n]))
	if r.err != nil {
		return nil, nil, tk, r.err
	}
	titles := make([]string, n)
	for i := range n {
		lo, hi := ends[i], ends[i+1]
		if lo > hi || hi > uint32(len(tb)) {
			return nil, nil, tk, errors.New("cache has a bad title offset")
		}
		t := unsafe.String(unsafe.SliceData(tb[lo:]), int(hi-lo))
		if !utf8.ValidString(t) || sanitize.Text(t) != t || strings.ContainsAny(t, "\t\n\r") {
			return nil, nil, tk, errors.New("cache has an unsafe title")
		}
		titles[i] = t
	}
	// What the index reads besides the text, with these titles.
	fields := make([]string, n)
	for i := range ss {
		s := ss[i]
		s.DerivedTitle = titles[i]
		if s.Title == "" {
			s.Title = titles[i]
		}
		fields[i] = fieldText(&s)
	}
	if fk := fieldKey(fields); !bytes.Equal(keys[sha256.Size:], fk[:]) {
		return nil, nil, tk, ErrNoCache
	}
	if crc32.Checksum(body, crcTable()) != binary.LittleEndian.Uint32(data[len(body):]) {
		return nil, nil, tk, errors.New("cache is damaged (checksum)")
	}
	blob := r.take(blobLen)
	off := takeSlice[uint32](r, terms+1)
	start := takeSlice[uint32](r, terms+1)
	post := takeSlice[posting](r, posts)
	docK := takeSlice[float32](r, n)
	if r.err != nil {
		return nil, nil, tk, r.err
	}
	if r.at != len(body) {
		return nil, nil, tk, errors.New("cache has trailing bytes")
	}
	ix := &searchIndex{
		n:          n,
		blob:       unsafe.String(unsafe.SliceData(blob), len(blob)),
		off:        off,
		start:      start,
		post:       post,
		docK:       docK,
		fieldTexts: fields,
	}
	if err := ix.check(); err != nil {
		return nil, nil, tk, fmt.Errorf("cache has a bad index: %w", err)
	}
	ix.byLen = make([][]int32, maxTokenBytes+1)
	for t := range int32(ix.numTerms()) {
		l := ix.off[t+1] - ix.off[t]
		ix.byLen[l] = append(ix.byLen[l], t)
	}
	return titles, ix, tk, nil
}

// check reports the first inconsistency of an index read from a cache:
// anything a search would index out of range with, or answer wrongly
// from (terms out of order, postings out of order).
func (ix *searchIndex) check() error {
	terms := len(ix.off) - 1
	if terms < 0 || len(ix.start) != terms+1 || len(ix.docK) != ix.n {
		return errors.New("sections do not match")
	}
	if ix.off[0] != 0 || int(ix.off[terms]) != len(ix.blob) || ix.start[0] != 0 || int(ix.start[terms]) != len(ix.post) {
		return errors.New("offsets do not span their sections")
	}
	prev := ""
	for t := range terms {
		lo, hi := ix.off[t], ix.off[t+1]
		if hi <= lo || hi-lo > maxTokenBytes || hi > uint32(len(ix.blob)) {
			return fmt.Errorf("term %d has a bad length", t)
		}
		s := ix.blob[lo:hi]
		if t > 0 && s <= prev {
			return fmt.Errorf("term %d is out of order", t)
		}
		prev = s
		p, e := ix.start[t], ix.start[t+1]
		if e < p || e > uint32(len(ix.post)) {
			return fmt.Errorf("term %d has bad postings", t)
		}
		last := int32(-1)
		for _, q := range ix.post[p:e] {
			d := q.doc()
			if d <= last || int(d) >= ix.n {
				return fmt.Errorf("term %d has a posting out of order", t)
			}
			last = d
		}
	}
	for _, k := range ix.docK {
		if !(k > 0) || math.IsInf(float64(k), 0) {
			return errors.New("a length norm is not positive")
		}
	}
	return nil
}
