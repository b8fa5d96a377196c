package parse

import (
	"bytes"
	"hash/maphash"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"codeberg.org/precis/precis/internal/swar"
)

// DeriveTitles sets DerivedTitle on every summary: the name of the method
// or paper the summary is about when its text names one, else a short
// headline from its opening sentence.
//
// A name is a capitalised phrase ("Switch Transformer", "Lottery Ticket
// Hypothesis"), a camel-case or upper-case token ("MNasNet", "FedAvg",
// "CycleGAN") or a capitalised word in mid-sentence ("Reformer"). It is
// the subject when it is frequent in this summary, rare in the rest of the
// corpus, early in the text or introduced as the paper's own ("their
// algorithm, FedAvg"). The work is linear in the size of the corpus: one
// pass collects the candidates of each summary and how many summaries
// name each, a second scores them. Titles are kept distinct where the
// text allows: a name two summaries share gets each one's second name.
func DeriveTitles(ss []Summary) {
	if len(ss) == 0 {
		return
	}
	picks := make([]pick, len(ss))
	cands := make([][]candidate, len(ss))
	owner := make([]uint8, len(ss))
	tabs := collectCandidates(ss, cands, owner)
	tabs.sumCounts()
	n := float64(len(ss))
	// Score in parallel: the candidate tables are only read now.
	runBlocks(len(ss), len(tabs), func(_, lo, hi int) {
		var scored []scoredCand
		for i := lo; i < hi; i++ {
			scored = scored[:0]
			counts := tabs[owner[i]].count
			for _, c := range cands[i] {
				d := float64(counts[c.id])
				// Rare elsewhere: a name in many other summaries is a topic,
				// not a subject.
				idf := math.Log((n + 1) / d)
				if d > 1 && d*20 > n && n >= 40 {
					idf *= 0.3
				}
				scored = append(scored, scoredCand{c, c.weight * idf})
			}
			p := choose(scored)
			if p.best != "" {
				p.lower = strings.ToLower(p.best)
			}
			picks[i] = p
		}
	})
	cands = nil
	// Distinct titles: a name more than one summary picked gets each its
	// second name ("Lottery Ticket Hypothesis: BERT"), else a headline.
	count := make(map[string]int32, len(ss))
	for i := range picks {
		if p := &picks[i]; p.best != "" {
			count[p.lower]++
		}
	}
	for i := range ss {
		p := picks[i]
		t := p.best
		if t != "" && count[p.lower] > 1 {
			if p.second != "" {
				t = t + ": " + p.second
			} else {
				t = t + ": " + headline(ss[i].Text, 5)
			}
		}
		if t == "" {
			t = headline(ss[i].Text, 8)
		}
		ss[i].DerivedTitle = t
	}
}

// Cues: the words before a name that say it is what the paper proposes
// ("their", "propose", "called") or something it builds on ("summary of").
const (
	cueStrong int8 = iota + 1
	cueWeak
	cueOther
)

// scanLimit is how much of a summary's text, in bytes, is read for names.
const scanLimit = 16 << 10

// keepCandidates is how many of its candidates, the heaviest, a summary
// keeps for scoring: all of them count in how many summaries name each.
const keepCandidates = 12

// titleWorkers is how many workers derive the titles of n summaries: one
// per core, up to 8, and one below 64 summaries. Even the embedded
// corpus's 164 summaries are worth a worker per core: their titles take
// about 2 ms, a goroutine microseconds.
func titleWorkers(n int) int {
	if n < 64 {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), 8)
}

// runBlocks runs f over the summaries 0 to n-1 on nw workers, each
// taking the next block of summaries when it is done with one, so that
// they finish together however the machine shares its cores: f(w, lo,
// hi) for every block, w the worker. A block is an eighth of a worker's
// share, 16 to 256 summaries.
func runBlocks(n, nw int, f func(w, lo, hi int)) {
	block := int64(min(256, max(16, n/(8*nw))))
	var next atomic.Int64
	workers(nw, func(w int) {
		for {
			lo := int(next.Add(block) - block)
			if lo >= n {
				return
			}
			f(w, lo, min(lo+int(block), n))
		}
	})
}

// keyTable interns the candidate keys one worker has met and counts in
// how many of its summaries each occurs. Keys are found by a 64-bit hash
// (the tables are large, and comparing strings there costs a cache miss
// more); two of a corpus's keys sharing one is too unlikely to matter,
// and would only merge their counts.
type keyTable struct {
	seed  maphash.Seed // the same for every table of a corpus
	slots []keySlot    // open addressing, linear probing; a power of two long
	shift uint         // the slot of hash h is h >> shift
	count []int32      // by id: in how many of the summaries its worker scanned; of the corpus, after sumCounts
}

// keySlot is a key's hash and its id+1; 0 is an empty slot. The hash is
// kept beside the id so that a probe reads one cache line.
type keySlot struct {
	hash uint64
	id   int32
}

func newKeyTable(seed maphash.Seed, size int) *keyTable {
	n := 1 << 10
	for n < 2*size {
		n <<= 1
	}
	return &keyTable{seed: seed, slots: make([]keySlot, n), shift: uint(64 - bits.TrailingZeros(uint(n)))}
}

// find returns the slot of hash h: its own, or the empty one where it
// would go.
func (t *keyTable) find(h uint64) *keySlot {
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		if s := &t.slots[i]; s.id == 0 || s.hash == h {
			return s
		}
	}
}

// lookup returns the id of the key of hash h, or -1.
func (t *keyTable) lookup(h uint64) int32 { return t.find(h).id - 1 }

// intern returns the id of the key whose hash, maphash.Bytes(t.seed,
// key), is h, adding it if new.
func (t *keyTable) intern(h uint64) int32 {
	s := t.find(h)
	if s.id != 0 {
		return s.id - 1
	}
	id := int32(len(t.count))
	*s = keySlot{h, id + 1}
	t.count = append(t.count, 0)
	if 2*len(t.count) > len(t.slots) {
		t.grow()
	}
	return id
}

func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]keySlot, 2*len(old))
	t.shift--
	for _, s := range old {
		if s.id != 0 {
			*t.find(s.hash) = s
		}
	}
}

// keyTables are the workers' tables.
type keyTables []*keyTable

// sumCounts makes each table's counts the corpus's: in how many
// summaries of every range each key occurs. The other tables are asked
// once per key, by the hash its slot keeps, not once per candidate
// scored (five times as many at 100k summaries, each hashing its key
// again).
func (ts keyTables) sumCounts() {
	if len(ts) == 1 {
		return
	}
	sums := make([][]int32, len(ts))
	workers(len(ts), func(w int) {
		t := ts[w]
		d := slices.Clone(t.count)
		for _, s := range t.slots {
			if s.id == 0 {
				continue
			}
			for v, o := range ts {
				if v != w {
					if id := o.lookup(s.hash); id >= 0 {
						d[s.id-1] += o.count[id]
					}
				}
			}
		}
		sums[w] = d
	})
	for w, t := range ts {
		t.count = sums[w]
	}
}

// collectCandidates fills cands with each summary's heaviest candidates,
// and owner with the worker that found them, in parallel; it returns the
// workers' tables, which say in how many of its summaries each candidate
// key occurs (ids of the owner's table).
func collectCandidates(ss []Summary, cands [][]candidate, owner []uint8) keyTables {
	nw := titleWorkers(len(ss))
	tabs := make(keyTables, nw)
	seed := maphash.MakeSeed()
	for w := range tabs {
		tabs[w] = newKeyTable(seed, len(ss)*3/nw)
	}
	exs := make([]extractor, nw)
	tops := make([][]candidate, nw)
	runBlocks(len(ss), nw, func(w, lo, hi int) {
		tab, ex := tabs[w], &exs[w]
		ex.tab = tab
		// The kept candidates of a block share one backing array, and
		// their keys one string.
		pool := make([]candidate, 0, (hi-lo)*keepCandidates)
		keys, lens := ex.keyBlock[:0], ex.keyLens[:0]
		top := tops[w]
		for i := lo; i < hi; i++ {
			cs := ex.candidates(ss[i].Text)
			for _, c := range cs {
				tab.count[c.id]++
			}
			top = heaviest(top[:0], cs, keepCandidates)
			// The keys are in the extractor's scratch, which the next
			// text reuses: the kept ones are copied, and given their
			// string at the end of the block.
			for j := range top {
				keys = append(keys, top[j].key...)
				lens = append(lens, int32(len(top[j].key)))
				top[j].key = ""
			}
			start := len(pool)
			pool = append(pool, top...)
			cands[i] = pool[start:len(pool):len(pool)]
			owner[i] = uint8(w)
		}
		all := string(keys)
		for j, n := range lens {
			pool[j].key, all = all[:n], all[n:]
		}
		ex.keyBlock, ex.keyLens = keys, lens
		tops[w] = top
	})
	return tabs
}

// heaviest appends to dst the k heaviest of cs, heaviest first, in the
// order of the text where weights tie.
func heaviest(dst, cs []candidate, k int) []candidate {
	if len(cs) <= k {
		return append(dst, cs...)
	}
	for _, c := range cs {
		if len(dst) == k && c.weight <= dst[k-1].weight {
			continue
		}
		p := len(dst)
		for p > 0 && dst[p-1].weight < c.weight {
			p--
		}
		if len(dst) < k {
			dst = append(dst, candidate{})
		}
		copy(dst[p+1:], dst[p:len(dst)-1])
		dst[p] = c
	}
	return dst
}

type pick struct {
	best, second string
	lower        string // best in lower case
	score        float64
}

type scoredCand struct {
	candidate
	score float64
}

// choose picks the subject of a summary from its scored candidates, and a
// second name unrelated to it. A more specific name that contains the
// best one ("MNasNet" for "NAS", "CycleGAN" for "GAN") is preferred when
// it scores close enough.
func choose(sc []scoredCand) pick {
	best := -1
	for i := range sc {
		if best < 0 || sc[i].score > sc[best].score {
			best = i
		}
	}
	if best < 0 || sc[best].score < minSubjectScore {
		return pick{}
	}
	b := sc[best]
	if len(b.key) >= 3 {
		abbr := initialsOf(b.key)
		spec := -1
		for i := range sc {
			k := sc[i].key
			if i != best && k != abbr && (len(k) > len(b.key) && strings.Contains(k, b.key) || len(abbr) >= 3 && strings.Contains(k, abbr)) && sc[i].score >= b.score*0.25 &&
				(spec < 0 || sc[i].score > sc[spec].score) {
				spec = i
			}
		}
		if spec >= 0 {
			best = spec
			b = sc[spec]
		}
	}
	p := pick{best: b.display, score: b.score}
	s2 := 0.0
	for i := range sc {
		// A second name tells two summaries apart only if it is a name:
		// a phrase or a coined word, not a capitalised common word
		// ("Machine" of "Machine Learning").
		d := sc[i].display
		if i != best && sc[i].score > s2 && !related(b.key, sc[i].key) && (strings.Contains(d, " ") || nameLike(d)) {
			p.second, s2 = sc[i].display, sc[i].score
		}
	}
	if s2 < minSubjectScore/2 {
		p.second = ""
	}
	return p
}

// initialsOf is the acronym of a phrase key ("nas" for "neural
// architecture search"), "" for a single word.
func initialsOf(key string) string {
	if strings.IndexByte(key, ' ') < 0 {
		return ""
	}
	var b []byte
	for _, w := range strings.Fields(key) {
		b = append(b, w[0])
	}
	return string(b)
}

// minSubjectScore is the least score a name needs to be taken as what a
// summary is about.
const minSubjectScore = 6.0

// related reports whether two candidate keys name the same thing ("nerf",
// "nerf model").
func related(a, b string) bool {
	if len(a) < 3 || len(b) < 3 {
		return a == b
	}
	if a == "" || b == "" {
		return false
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// candidate is a name found in a summary, with its weight there.
// While its text is read, key is in the extractor's scratch (see
// keyScratch).
type candidate struct {
	key     string // folded: lower case, singular
	display string // as the text writes it
	weight  float64
	id      int32 // the key's id in its worker's keyTable
}

// extractor finds the candidate names of a text, reusing its buffers.
type extractor struct {
	words []word
	seen  seenTable // this text's candidates by key hash: their index in out
	out   []candidate
	tab   *keyTable // interns the keys, counts the summaries naming each
	hs    []uint64  // the hash of each candidate's key, as out
	sink  uint64    // see internKeys
	kbuf  []byte
	// keyScratch holds the keys of this text's candidates: their strings
	// point into it, and are copied out for the candidates kept (see
	// collectCandidates) before the next text reuses it.
	keyScratch []byte
	keyBlock   []byte  // scratch: the keys kept of a block's texts
	keyLens    []int32 // and their lengths
	ibuf       []byte
	sp         []int
}

type word struct {
	s        string // the word without surrounding punctuation
	cap      bool   // starts with an upper-case letter
	name     bool   // camel case, an acronym, or letters and digits
	initial  bool   // starts a sentence
	endsPunc bool   // followed by punctuation that ends a phrase
	cue      int8   // a word before it introduces a name (cueStrong, cueWeak) or refers elsewhere (cueOther)
	gap      bool   // other words or punctuation come between it and the word before
	stop     bool   // in stopCap
	pos      int    // byte offset in the text
	off      int    // byte offset of s in the text
}

// candidates returns the names in text with their weights. The slice and
// the keys are the extractor's, valid until its next call (the keys are
// in keyScratch); the displays share text's memory where they can.
func (ex *extractor) candidates(text string) []candidate {
	if len(text) > scanLimit {
		// The subject is named early: read the opening, up to a space.
		cut := strings.LastIndexByte(text[:scanLimit], ' ')
		if cut < scanLimit/2 {
			cut = scanLimit
		}
		text = text[:cut]
	}
	ex.split(text)
	if ex.tab == nil {
		ex.tab = newKeyTable(maphash.MakeSeed(), 0)
	}
	ex.seen.reset()
	// No string over keyScratch outlives the text it was made for.
	clear(ex.out)
	ex.out, ex.hs, ex.keyScratch = ex.out[:0], ex.hs[:0], ex.keyScratch[:0]
	ws := ex.words
	early := 400
	if len(text) < 1600 {
		early = len(text) / 4
	}
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		posW := 1.0
		if w.pos < early {
			posW = 2.0
		}
		switch w.cue {
		case cueStrong:
			posW += 3
		case cueWeak:
			posW += 1
		case cueOther:
			posW *= 0.2
		}
		// A phrase of capitalised words: "Switch Transformer".
		j := i
		for j+1 < len(ws) && !ws[j].endsPunc && !ws[j+1].gap && !ws[j+1].initial && j-i < 3 {
			j++
		}
		start := i
		if ws[i].initial && !ws[i].name && (j == i || ws[i].stop) {
			start = i + 1
		}
		for start <= j && ws[start].stop {
			start++
		}
		last := j
		for last > start && ws[last].stop {
			last--
		}
		if start < last {
			ex.add(text, ws[start:last+1], posW*1.5)
		}
		// Single words: camel case and acronyms, or a capitalised word
		// in mid-sentence.
		for k := i; k <= j; k++ {
			wk := ws[k]
			if wk.stop || len(wk.s) < 2 {
				continue
			}
			switch {
			case wk.name && coined(wk.s):
				ex.add(text, ws[k:k+1], posW*2)
			case wk.name:
				ex.add(text, ws[k:k+1], posW)
			case !wk.initial && utf8.RuneCountInString(wk.s) > 3:
				ex.add(text, ws[k:k+1], posW*0.5)
			}
		}
		i = j
	}
	ex.mergeFamilies()
	ex.internKeys()
	return ex.out
}

// internKeys gives every candidate its key's id in the keyTable. The
// table is megabytes at 100k summaries, and most probes miss the core's
// caches: the slots are read once first, all at once, so that their
// misses overlap instead of being waited for one after the other.
func (ex *extractor) internKeys() {
	t := ex.tab
	sink := ex.sink
	for _, h := range ex.hs {
		sink ^= t.slots[h>>t.shift].hash
	}
	ex.sink = sink
	for i, h := range ex.hs {
		ex.out[i].id = t.intern(h)
	}
}

// mergeFamilies folds the names of one family into its fullest form: an
// acronym into the phrase it abbreviates ("LTH" into "Lottery Ticket
// Hypothesis"), half the weight of a phrase into the longer phrases it
// begins ("Lottery Ticket" into "Lottery Ticket Hypothesis").
func (ex *extractor) mergeFamilies() {
	initials := ex.ibuf[:0]
	for i := range ex.out {
		c := &ex.out[i]
		if strings.IndexByte(c.key, ' ') < 0 {
			continue
		}
		if plainKey(c.key) {
			// Words split by single spaces: no need to split the key.
			key := c.key
			sp := ex.sp[:0]
			initials = append(initials[:0], key[0])
			for p := 1; p < len(key); p++ {
				if key[p] == ' ' {
					sp = append(sp, p)
					initials = append(initials, key[p+1])
				}
			}
			ex.sp = sp
			if j, ok := ex.seen.get(maphash.Bytes(ex.tab.seed, initials)); ok && j != i {
				c.weight += ex.out[j].weight
				ex.out[j].weight = 0
			}
			for k := len(sp); k >= 2; k-- {
				if j, ok := ex.seen.get(maphash.String(ex.tab.seed, key[:sp[k-1]])); ok && j != i {
					c.weight += ex.out[j].weight * 0.5
				}
			}
			continue
		}
		words := strings.Fields(c.key)
		initials = initials[:0]
		for _, w := range words {
			initials = append(initials, w[0])
		}
		if j, ok := ex.seen.get(maphash.Bytes(ex.tab.seed, initials)); ok && j != i && len(words) >= 2 {
			c.weight += ex.out[j].weight
			ex.out[j].weight = 0
		}
		for k := len(words) - 1; k >= 2; k-- {
			if j, ok := ex.seen.get(maphash.String(ex.tab.seed, strings.Join(words[:k], " "))); ok && j != i {
				c.weight += ex.out[j].weight * 0.5
			}
		}
	}
	ex.ibuf = initials
}

// plainKey reports whether key is printable ASCII words separated by
// single spaces, so that splitting it at ' ' is strings.Fields.
func plainKey(key string) bool {
	if key == "" || key[0] == ' ' || key[len(key)-1] == ' ' {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < ' ' || c > '~' || c == ' ' && key[i-1] == ' ' {
			return false
		}
	}
	return true
}

// add counts one occurrence of the phrase ws.
func (ex *extractor) add(text string, ws []word, weight float64) {
	display := phraseOf(text, ws)
	kb := appendFoldKey(ex.kbuf[:0], display)
	ex.kbuf = kb
	if len(kb) < 2 || bytes.IndexByte(kb, ' ') >= 0 && genericPhrase[string(kb)] {
		return
	}
	h := maphash.Bytes(ex.tab.seed, kb)
	if i, ok := ex.seen.get(h); ok {
		c := &ex.out[i]
		c.weight += weight
		// Prefer the singular form as the display.
		if len(display) < len(c.display) {
			c.display = display
		}
		return
	}
	start := len(ex.keyScratch)
	if cap(ex.keyScratch)-start < len(kb) {
		// A new array: the keys already made keep the old one.
		ex.keyScratch = make([]byte, 0, max(1024, 2*cap(ex.keyScratch), len(kb)))
		start = 0
	}
	ex.keyScratch = append(ex.keyScratch, kb...)
	ks := ex.keyScratch[start:]
	key := unsafe.String(unsafe.SliceData(ks), len(ks))
	ex.seen.put(h, len(ex.out))
	ex.out = append(ex.out, candidate{key: key, display: display, weight: weight, id: -1})
	ex.hs = append(ex.hs, h)
}

// phraseOf is the words ws as one string: the text itself where they are
// separated by single spaces, else joined.
func phraseOf(text string, ws []word) string {
	if len(ws) == 1 {
		return ws[0].s
	}
	for k := 0; k+1 < len(ws); k++ {
		end := ws[k].off + len(ws[k].s)
		if ws[k+1].off != end+1 || text[end] != ' ' {
			parts := make([]string, len(ws))
			for i, w := range ws {
				parts[i] = w.s
			}
			return strings.Join(parts, " ")
		}
	}
	last := ws[len(ws)-1]
	return text[ws[0].off : last.off+len(last.s)]
}

// foldKey is the key two spellings of a name share: lower case, without
// a plural "s".
func foldKey(s string) string {
	k := strings.ToLower(s)
	if len(k) > 3 && k[len(k)-1] == 's' && k[len(k)-2] != 's' {
		k = k[:len(k)-1]
	}
	return k
}

// appendFoldKey appends foldKey(s) to b, without allocating when s is
// ASCII.
func appendFoldKey(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, foldKey(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	if k := len(b); k > 3 && b[k-1] == 's' && b[k-2] != 's' {
		b = b[:k-1]
	}
	return b
}

// split breaks text into words, trimming punctuation and noting sentence
// starts and the words that introduce a name.
func (ex *extractor) split(text string) {
	ws := ex.words[:0]
	initial, gap := true, true
	n := len(text)
	// The lower-case word just before the previous word that may be a
	// name, if any.
	var prevLast string
	for i := 0; ; {
		// Lower-case words only break a phrase, end a sentence or
		// introduce a name: skip to the next word that may be a name and
		// look back at the two words before it.
		s := nextNameWord(text, i)
		if s >= n {
			break
		}
		last, before := lowerWordsBefore(text, i, s)
		if last == "" {
			before = prevLast
		}
		prevLast = last
		var c int8
		if last != "" {
			gap = true
			initial = endsSentenceWord(last) || strings.HasPrefix(last, "http")
			c = lookupCue(last)
		}
		if c == 0 && before != "" {
			c = lookupCue(before)
		}
		j, _ := wordEnd(text, s)
		raw := text[s:j]
		pos := s
		i = j
		core, at, lead, trail := trimWordAt(raw)
		w := word{s: core, pos: pos, off: pos + at, initial: initial, cue: c, gap: gap || lead}
		if strings.HasSuffix(core, "’s") || strings.HasSuffix(core, "'s") {
			w.s = strings.TrimSuffix(strings.TrimSuffix(core, "’s"), "'s")
			trail = true
		}
		initial, gap = trail && endsSentenceWord(raw) && !isAbbrevWord(core), false
		w.endsPunc = trail
		if w.s == "" || oddWord(w.s) {
			gap = true
			continue
		}
		r, _ := utf8.DecodeRuneInString(w.s)
		w.cap = unicode.IsUpper(r)
		w.name = nameLike(w.s)
		if !w.cap && !w.name {
			gap = true
			continue
		}
		w.stop = isStopCap(w.s)
		ws = append(ws, w)
	}
	ex.words = ws
}

// nextNameWord returns where the first word at or after p starts that is
// not a plain lower-case word (one starting with 'a' to 'z', without
// ASCII capitals), len(text) if there is none. p is 0 or the end of a
// word. It looks at eight bytes at a time.
func nextNameWord(text string, p int) int {
	n, p0 := len(text), p
	var prevSpace uint64 // the byte before p is a space or p is 0 (high bit)
	if p == 0 {
		prevSpace = 0x80
	}
	for p+8 <= n {
		x := swar.Load64(text, p)
		sp := swar.Space(x)
		starts := (sp<<8 | prevSpace) &^ sp
		hit := starts&^swar.Lower(x) | swar.Upper(x)
		if hit != 0 {
			q := p + bits.TrailingZeros64(hit)>>3
			for q > 0 && byteClass[text[q-1]] != clsSpace {
				q--
			}
			return q
		}
		prevSpace = sp >> 56
		p += 8
	}
	// The rest a word at a time, from the start of the word p is in.
	for p > p0 && byteClass[text[p-1]] != clsSpace {
		p--
	}
	for p < n {
		for p < n && byteClass[text[p]] == clsSpace {
			p++
		}
		if p == n {
			break
		}
		j, upper := wordEnd(text, p)
		if c := text[p]; upper || c < 'a' || c > 'z' {
			return p
		}
		p = j
	}
	return n
}

// lowerWordsBefore returns the last two words in text[lo:s] ("" where
// there are fewer).
func lowerWordsBefore(text string, lo, s int) (last, before string) {
	e := s
	for e > lo && byteClass[text[e-1]] == clsSpace {
		e--
	}
	if e == lo {
		return "", ""
	}
	b := e
	for b > lo && byteClass[text[b-1]] != clsSpace {
		b--
	}
	last = text[b:e]
	e = b
	for e > lo && byteClass[text[e-1]] == clsSpace {
		e--
	}
	if e == lo {
		return last, ""
	}
	b = e
	for b > lo && byteClass[text[b-1]] != clsSpace {
		b--
	}
	return last, text[b:e]
}

// wordEnd returns where the word at i ends (the next space, tab or
// newline, else the end of text) and whether it has an ASCII capital.
// It looks at eight bytes at a time.
func wordEnd(text string, i int) (int, bool) {
	var up uint64
	for i+8 <= len(text) {
		x := swar.Load64(text, i)
		sp := swar.Zero(x^(swar.Ones*' ')) | swar.Zero(x^(swar.Ones*'\n')) | swar.Zero(x^(swar.Ones*'\t'))
		u := swar.Upper(x)
		if sp != 0 {
			// The lowest flag of swar.Zero is exact: the first space.
			k := bits.TrailingZeros64(sp) - 7
			return i + k>>3, up|u&(1<<k-1) != 0
		}
		up |= u
		i += 8
	}
	for ; i < len(text); i++ {
		c := byteClass[text[i]]
		if c == clsSpace {
			break
		}
		up |= uint64(c & clsUpper)
	}
	return i, up != 0
}

// Byte classes for split: the spaces between words, and the ASCII
// upper-case letters.
const (
	clsSpace uint8 = 1 << iota
	clsUpper
)

var byteClass = func() (t [256]uint8) {
	t[' '], t['\n'], t['\t'] = clsSpace, clsSpace, clsSpace
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = clsUpper
	}
	return t
}()

func lookupCue(raw string) int8 {
	if len(raw) < 3 || len(raw) > 12 {
		return 0
	}
	if c := raw[len(raw)-1]; c == ',' || c == ':' {
		raw = raw[:len(raw)-1]
	}
	switch raw {
	case "their", "propose", "proposes", "proposed", "introduce", "introduces", "introducing", "presents", "our", "authors'":
		return cueStrong
	case "called", "dubbed", "named", "termed", "coined":
		return cueWeak
	case "summary", "summaries", "prior", "previous", "earlier":
		return cueOther
	}
	return 0
}

// endsSentenceWord reports whether a word ends a sentence ("done.",
// "so?", "(here).", "it.”").
func endsSentenceWord(raw string) bool {
	for len(raw) > 0 {
		switch c := raw[len(raw)-1]; c {
		case '.', '!', '?':
			return true
		case ')', '"', '\'':
			raw = raw[:len(raw)-1]
		default:
			if c < utf8.RuneSelf {
				return false
			}
			if strings.HasSuffix(raw, "”") || strings.HasSuffix(raw, "’") {
				raw = raw[:len(raw)-3]
				continue
			}
			return false
		}
	}
	return false
}

// oddWord reports words that are formulas or fragments, not names.
func oddWord(w string) bool {
	for i := 0; i < len(w); i++ {
		switch oddByte[w[i]] {
		case oddAlways:
			return true
		case oddDot:
			if i+1 < len(w) && w[i+1] == '.' {
				return true
			}
		case oddEllipsis:
			if strings.HasPrefix(w[i:], "…") {
				return true
			}
		}
	}
	return false
}

// The bytes oddWord looks at: one that makes a word odd, a dot (two
// make it odd) and the first byte of "…".
const (
	oddAlways uint8 = 1 + iota
	oddDot
	oddEllipsis
)

var oddByte = func() (t [256]uint8) {
	for _, c := range []byte("()[]{}=+/\\") {
		t[c] = oddAlways
	}
	t['.'], t[0xE2] = oddDot, oddEllipsis
	return t
}()

// trimWordAt strips punctuation around a word; trail says there was some
// after it (a phrase ends there).
// at is where core starts in raw.
func trimWordAt(raw string) (core string, at int, lead, trail bool) {
	start, end := 0, len(raw)
	for start < end {
		if c := raw[start]; c < utf8.RuneSelf {
			if asciiAlnum(c) {
				break
			}
			start++
			lead = true
			continue
		}
		r, w := utf8.DecodeRuneInString(raw[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		start += w
		lead = true
	}
	for end > start {
		if c := raw[end-1]; c < utf8.RuneSelf {
			if asciiAlnum(c) {
				break
			}
			end--
			trail = true
			continue
		}
		r, w := utf8.DecodeLastRuneInString(raw[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		end -= w
		trail = true
	}
	return raw[start:end], start, lead, trail
}

// nameLike reports whether a word is written as a name: upper case after
// its first letter (MNasNet, FedAvg, BERT, GANs), or letters with digits
// and a capital (S4L, GPT-3).
func nameLike(w string) bool {
	// ASCII, a byte at a time; else a rune at a time.
	upper, lower, digit := 0, 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= utf8.RuneSelf:
			return nameLikeRunes(w)
		case 'A' <= c && c <= 'Z':
			if i > 0 {
				upper++
			}
		case 'a' <= c && c <= 'z':
			lower++
		case '0' <= c && c <= '9':
			digit++
		}
	}
	capFirst := w != "" && 'A' <= w[0] && w[0] <= 'Z'
	if upper > 0 && (capFirst || upper >= 2) {
		return true
	}
	return capFirst && digit > 0 && lower+upper > 0
}

// nameLikeRunes is nameLike for any text.
func nameLikeRunes(w string) bool {
	upper, lower, digit, first := 0, 0, 0, true
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			if !first {
				upper++
			}
		case unicode.IsLower(r):
			lower++
		case unicode.IsDigit(r):
			digit++
		}
		first = false
	}
	r, _ := utf8.DecodeRuneInString(w)
	capFirst := unicode.IsUpper(r)
	if upper > 0 && (capFirst || upper >= 2) {
		return !(lower == 0 && upper == 0)
	}
	return capFirst && digit > 0 && lower+upper > 0
}

// coined reports whether a name is a coinage in camel case, a capital
// inside the word after a lower-case letter (MNasNet, FedAvg, CycleGAN),
// rather than an acronym.
func coined(w string) bool {
	prevLower := false
	for _, r := range w {
		if unicode.IsUpper(r) && prevLower {
			return true
		}
		prevLower = unicode.IsLower(r)
	}
	return false
}

func isAbbrevWord(w string) bool {
	switch strings.ToLower(w) {
	case "e.g", "i.e", "vs", "al", "fig", "eq", "cf", "approx":
		return true
	}
	return false
}

// genericPhrase are capitalised names of whole fields, never a subject.
var genericPhrase = map[string]bool{
	"machine learning": true, "reinforcement learning": true, "deep learning": true,
	"neural network": true, "deep neural network": true, "artificial intelligence": true,
	"computer vision": true, "natural language processing": true, "best paper": true,
	"deep reinforcement learning": true, "supervised learning": true, "unsupervised learning": true,
}

// isStopCap reports whether w is in stopCap. It is asked of every
// capitalised word: a table of the words by a byte of their length and
// ends is faster than hashing w whole, as the map does.
func isStopCap(w string) bool {
	if w == "" || len(w) > stopCapLongest {
		return false
	}
	for _, s := range stopCapTable[stopCapSlot(w)] {
		if s == w {
			return true
		}
	}
	return false
}

func stopCapSlot(w string) uint8 {
	return uint8(len(w)*37 + int(w[0])*5 + int(w[len(w)-1]))
}

var stopCapTable, stopCapLongest = func() (t [256][]string, longest int) {
	for w := range stopCap {
		t[stopCapSlot(w)] = append(t[stopCapSlot(w)], w)
		longest = max(longest, len(w))
	}
	return t, longest
}()

// stopCap are capitalised words that do not name a method.
var stopCap = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`The This That These Those A An In On Of For To And Or But So If When While
		As At By From With Without Into Over Under After Before Since Because Although Though Also However Overall
		It Its It's I I'm I've I'd My We Our They Their He She You Your His Her One Two Three Some Many Most More
		Each Every All Any No Not Then Thus Here There What Which Who Why How Where Given Finally First Second
		Third Another Other Such Both Either Neither Instead Rather Still Yet Just Even Only Now Like Unlike
		Figure Fig Table Section Appendix Eq Equation Paper Authors Author Model Models Results Result Note
		TL DR TLDR OK AI ML RL NLP CV GPU GPUs TPU CPU US UK USA PhD KL IID SOTA MLP CNN CNNs RNN RNNs LSTM
		January February March April May June July August September October November December
		Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Ms Dr Prof et al Vs vs Yes Well Let Let's
		Do Does Did Is Are Was Were Be Been Has Have Had Can Could Would Should Will May Might Must Specifically
		Interestingly Importantly Basically Essentially Ultimately Notably Similarly Additionally Furthermore
		Moreover Meanwhile Otherwise Therefore Hence Indeed Perhaps Maybe Again Once Twice Last Next New
		English Google DeepMind Deepmind OpenAI Facebook Microsoft Twitter Reddit YouTube Wikipedia ArXiv arXiv
		NeurIPS NIPS ICLR ICML CVPR ICCV ECCV ACL EMNLP NAACL AAAI IJCAI UAI AISTATS CoRL`) {
		m[w] = true
	}
	return m
}()

// headlineMarkup strips the markdown a headline does without.
var headlineMarkup = strings.NewReplacer("**", "", "*", "", "`", "", "[", "", "]", "")

// headline is a short headline from the opening sentence of text: at most
// max words of its first clause, without a bare "This paper".
func headline(text string, max int) string {
	first := FirstSentence(text)
	first = headlineMarkup.Replace(first)
	words := strings.Fields(first)
	// Skip an opening that says nothing ("This is a paper that", "In this
	// paper,").
	for _, lead := range [][]string{{"In", "this", "paper,"}, {"This", "paper"}, {"This", "is", "a"}, {"This", "is", "an"}} {
		if len(words) > len(lead)+3 && prefixWords(words, lead) {
			words = words[len(lead):]
			break
		}
	}
	cut := false
	if len(words) > max {
		words, cut = words[:max], true
	}
	// End at a clause boundary when one is near the end.
	for i := len(words) - 1; i >= 3; i-- {
		if strings.HasSuffix(words[i], ",") || strings.HasSuffix(words[i], ";") || strings.HasSuffix(words[i], ":") {
			words, cut = words[:i+1], true
			break
		}
	}
	h := strings.TrimRight(strings.Join(words, " "), ",;:-–— ")
	if h == "" {
		return "Untitled summary"
	}
	if r, w := utf8.DecodeRuneInString(h); unicode.IsLower(r) {
		h = string(unicode.ToUpper(r)) + h[w:]
	}
	if cut {
		h += "…"
	}
	return h
}

func prefixWords(ws, lead []string) bool {
	for i, l := range lead {
		if !strings.EqualFold(ws[i], l) {
			return false
		}
	}
	return true
}

// seenTable maps the hashes of one text's candidate keys to their index
// in the extractor's out: an open-addressing table that a new text
// empties by moving to the next generation, not by clearing it.
type seenTable struct {
	slots []seenSlot // a power of two long
	gen   uint32
	n     int // keys of this generation
}

type seenSlot struct {
	hash uint64
	at   int32
	gen  uint32 // the slot holds a key of generation gen
}

func (t *seenTable) reset() {
	t.gen++
	t.n = 0
	if t.slots == nil || t.gen == 0 {
		t.slots = make([]seenSlot, 256)
		t.gen = 1
	}
}

// get returns the index of the key of hash h.
func (t *seenTable) get(h uint64) (int, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			return 0, false
		}
		if s.hash == h {
			return int(s.at), true
		}
	}
}

// put adds the key of hash h, not in the table, at index at.
func (t *seenTable) put(h uint64, at int) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]seenSlot, 2*len(old))
		for _, s := range old {
			if s.gen == t.gen {
				t.insert(s.hash, s.at)
			}
		}
	}
	t.insert(h, int32(at))
	t.n++
}

func (t *seenTable) insert(h uint64, at int32) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].gen == t.gen {
		i = (i + 1) & mask
	}
	t.slots[i] = seenSlot{h, at, t.gen}
}

// asciiAlnum reports whether c is an ASCII letter or digit: for ASCII,
// unicode.IsLetter or unicode.IsDigit.
func asciiAlnum(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
}
