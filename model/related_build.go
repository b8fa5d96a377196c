package model

import (
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/swar"
)

// Building the related index takes two passes over the texts, each split
// across the cores:
//
//  1. statistics: in how many summaries each word occurs (for idf and the
//     corpus's own stop words), how each word is written (BERT, NeRF,
//     Reformer: a name; reformer: a word), and per summary the names it
//     uses most, from which the names each summary is about are chosen;
//  2. per summary: its top weighted terms and the names of other
//     summaries it mentions, with whether it says it builds on them.
//
// Then the inverted lists and the explicit links (both ways) are laid out
// in flat arrays.

// relMaxNameLen is the longest name, in word pieces, that is matched.
const relMaxNameLen = 4

// relWordStat is what pass 1 learns about a word or a name key.
type relWordStat struct {
	last    int32 // 1 + the last summary counted in df (pass 1, per worker)
	df      int32 // summaries it occurs in
	nameDF  int32 // summaries where it is written as a name
	strong  int32 // occurrences written BERT, NeRF, word2vec
	capital int32 // occurrences Capitalised mid-sentence
	plain   int32 // occurrences in lower case mid-sentence
	// The form shown: the first one met, unless a form met in mid-sentence
	// ranks higher (relSurfaceRank); then the first of those. Tracked with
	// the summary it is met in, so that any split of the work between the
	// cores gives the same form.
	surface  string
	best     string
	surfDoc  int32
	bestDoc  int32
	surfRank int8
	bestRank int8 // -1: none met in mid-sentence
}

func (s *relWordStat) add(o *relWordStat) {
	s.df += o.df
	s.nameDF += o.nameDF
	s.strong += o.strong
	s.capital += o.capital
	s.plain += o.plain
	if o.surface != "" && (s.surface == "" || o.surfDoc < s.surfDoc) {
		s.surface, s.surfRank, s.surfDoc = o.surface, o.surfRank, o.surfDoc
	}
	if o.bestRank > s.bestRank || o.bestRank == s.bestRank && o.bestRank >= 0 && o.bestDoc < s.bestDoc {
		s.best, s.bestRank, s.bestDoc = o.best, o.bestRank, o.bestDoc
	}
}

// relSurfaceRank ranks the forms of a word for display: a lower-case
// form over a capitalised one (a sentence start), and a form with inner
// capitals (SimCLR) over both.
func relSurfaceRank(s string) int {
	caps := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			caps++
		}
	}
	switch {
	case caps >= 2:
		return 2
	case caps == 0:
		return 1
	}
	return 0
}

// relNameCand is a name as one summary uses it.
type relNameCand struct {
	key   string
	count int32
	first int32 // piece position of the first use
	cued  bool  // first used right after "builds on", "my summary of"
}

// relScanPiece is one piece of a summary with what the scan needs:
// compounds (VQ-VAE, Funnel-Transformer) and the builds-on cue. Its
// spelling is entry e of the worker's relLex.
type relScanPiece struct {
	e             int32
	name          bool // see relPiece
	sentenceStart bool
	inCue         bool // inside a "builds on …" / "my summary of …" window
	hyphen        bool // joined to the previous piece by a hyphen
	dayRef        bool // "the one I discussed yesterday"
	// compound: a hyphenated name starting here spans this many pieces
	// (at most 127; -1 marks a continuation).
	compound int8
	// capRun: a run of Capitalised words mid-sentence starting here
	// ("Lottery Ticket Hypothesis", "Switch Transformer") spans this many.
	capRun int8
}

// relCueState follows the words that announce a dependency: "builds
// (substantially) on", "my (prior) summary of", "an extension of",
// "based on", "extends".
type relCueState struct {
	pos, until, buildAt, myAt, extAt, basedAt int
}

func (c *relCueState) step(code uint8) bool {
	c.pos++
	p := c.pos
	switch code {
	case relCueBuild:
		c.buildAt = p
	case relCueOn:
		if p-c.buildAt <= 3 && c.buildAt > 0 {
			c.until = p + 8
		} else if p-c.basedAt == 1 && c.basedAt > 0 {
			c.until = p + 6
		}
	case relCueMy:
		c.myAt = p
	case relCueSummary:
		if p-c.myAt <= 3 && c.myAt > 0 {
			c.until = p + 5
		}
	case relCueExtension:
		c.extAt = p
	case relCueOf:
		if p-c.extAt == 1 && c.extAt > 0 {
			c.until = p + 8
		}
	case relCueExtend:
		c.until = p + 6
	case relCueBased:
		c.basedAt = p
	}
	return p <= c.until
}

var relDayRefVerbs = map[string]bool{"discussed": true, "reviewed": true, "summarized": true, "summarised": true,
	"wrote": true, "read": true, "covered": true, "talked": true, "posted": true, "described": true}

// relScanDoc cuts text into pieces (as relEachPieceAt does) with cue
// windows and day-before references, and with marks: compounds and runs
// of Capitalised words, appending to buf; every word is looked up once in
// lex.
func relScanDoc(text string, lex *relLex, buf []relScanPiece, marks bool) []relScanPiece {
	buf = buf[:0]
	var cue relCueState
	prevEnd := -1
	start := true // at a sentence start
	lex.hs, lex.ws = lex.hs[:0], lex.ws[:0]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && !relIsASCIIAlnum(c) {
			switch c {
			case '.', '!', '?', ':', ';', '\n', '[', '(':
				start = true
			}
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += w
				continue
			}
		}
		// Skip URLs whole.
		if (c == 'h' || c == 'w') && relHasURLPrefix(text[i:]) {
			for i < len(text) && text[i] != ' ' && text[i] != '\n' {
				i++
			}
			continue
		}
		wstart := i
		j, h := relWordAt(text, i)
		i = j
		// "Kilcher's", "Kilcher’s": drop the possessive.
		if i < len(text) && (text[i] == '\'' || text[i] == 0xe2) {
			k := 0
			if strings.HasPrefix(text[i:], "'s") {
				k = i + len("'s")
			} else if strings.HasPrefix(text[i:], "’s") {
				k = i + len("’s")
			}
			if k > 0 && (k >= len(text) || !relIsASCIIAlnum(text[k])) {
				i = k
			}
		}
		lex.hs = append(lex.hs, h)
		lex.ws = append(lex.ws, [2]int32{int32(wstart), int32(j)})
		sp := relScanPiece{sentenceStart: start}
		start = false
		// A piece joined to the previous by a single hyphen continues a
		// compound.
		if prevEnd >= 0 && wstart == prevEnd+1 && text[prevEnd] == '-' && len(buf) > 0 {
			sp.compound = -1 // continuation
			sp.hyphen = true
		}
		buf = append(buf, sp)
		prevEnd = j
	}
	// Look the words up in a loop of its own, where the loads of the
	// table overlap.
	for k, h := range lex.hs {
		slots := lex.slots
		e := slots[relMix64(h)&uint64(len(slots)-1)]
		if e < 0 || lex.entries[e].hash != h {
			w := lex.ws[k]
			e = lex.get(text[w[0]:w[1]], h)
		}
		buf[k].e = e
	}
	for k := range buf {
		sp := &buf[k]
		e := &lex.entries[sp.e]
		if sp.sentenceStart {
			sp.name = e.nameStart
		} else {
			sp.name = e.nameMid
		}
		sp.inCue = cue.step(e.cue)
		if e.yesterday {
			for j := k - 1; j >= 1 && j >= k-3; j-- {
				if relDayRefVerbs[lex.cold[buf[j].e].norm] && (lex.cold[buf[j-1].e].norm == "i" || lex.cold[buf[j-1].e].norm == "we") {
					sp.dayRef = true
				}
			}
		}
	}
	if !marks {
		return buf
	}
	// Mark compound starts with their length.
	for k := 0; k < len(buf); k++ {
		if buf[k].compound == -1 {
			continue
		}
		j := k + 1
		for j < len(buf) && buf[j].compound == -1 {
			j++
		}
		if j-k > 1 {
			buf[k].compound = int8(min(j-k, 127))
		}
	}
	// Mark runs of Capitalised words with their length.
	capWord := func(p *relScanPiece) bool { return !p.sentenceStart && lex.entries[p.e].capWord }
	for k := 0; k < len(buf); {
		if !capWord(&buf[k]) {
			k++
			continue
		}
		j := k + 1
		for j < len(buf) && capWord(&buf[j]) {
			j++
		}
		if j-k >= 2 && j-k <= relMaxNameLen {
			buf[k].capRun = int8(j - k)
		}
		k = j
	}
	return buf
}

// relWordAt returns where the word that starts at text[i] ends (letters
// and digits) and its relWordHash. ASCII is read eight bytes at a time,
// and hashed as it is read.
func relWordAt(text string, i int) (int, uint64) {
	var h uint64
	j := i
	for j+8 <= len(text) {
		x := swar.Load64(text, j)
		stop := ^(swar.Lower(x|swar.Ones*0x20) | swar.Digit(x)) & swar.Highs
		if stop == 0 {
			h = relWordMix(h, x)
			j += 8
			continue
		}
		k := bits.TrailingZeros64(stop) >> 3
		if x>>(8*k)&0x80 == 0 {
			// An ASCII byte ends the word.
			return j + k, relWordEnd(h, x&(1<<(8*k)-1), j+k-i)
		}
		// A non-ASCII byte, which may be a letter: the rest of the word
		// a rune at a time.
		j += k
		break
	}
	j = relWordRest(text, j)
	return j, relWordHash(text[i:j])
}

// relCapWordStr: a word starting with a capital (in mid-sentence, which
// the caller checks) or a name like BERT, not a function word.
func relCapWordStr(surface, norm string) bool {
	if surface == "" {
		return false
	}
	if c := surface[0]; c < utf8.RuneSelf && (c < 'A' || c > 'Z') {
		return false
	}
	r, _ := utf8.DecodeRuneInString(surface)
	return unicode.IsUpper(r) && relUpperCount(surface) < 2 && !relEnglishStop[norm]
}

// relCapRunName returns the key and surface of the run of Capitalised
// words starting at k.
func relCapRunName(lex *relLex, buf []relScanPiece, k int) (key, surface string, ok bool) {
	n := int(buf[k].capRun)
	if n < 2 {
		return "", "", false
	}
	var kb, sb strings.Builder
	for j := k; j < k+n; j++ {
		if j > k {
			kb.WriteByte(' ')
			if buf[j].hyphen {
				sb.WriteByte('-')
			} else {
				sb.WriteByte(' ')
			}
		}
		kb.WriteString(lex.cold[buf[j].e].norm)
		sb.WriteString(lex.cold[buf[j].e].surface)
	}
	return kb.String(), sb.String(), true
}

// relCompoundName returns the key and surface of the hyphenated compound
// starting at k, and whether it is written like a name (VQ-VAE,
// Funnel-Transformer), when it spans at most relMaxNameLen pieces.
func relCompoundName(lex *relLex, buf []relScanPiece, k int) (key, surface string, ok bool) {
	n := int(buf[k].compound)
	if n < 2 || n > relMaxNameLen {
		return "", "", false
	}
	var kb, sb strings.Builder
	for j := k; j < k+n; j++ {
		if j > k {
			kb.WriteByte(' ')
			sb.WriteByte('-')
		}
		kb.WriteString(lex.cold[buf[j].e].norm)
		sb.WriteString(lex.cold[buf[j].e].surface)
	}
	joined := strings.ReplaceAll(sb.String(), "-", "")
	if !relNameLike(joined, true) {
		return "", "", false
	}
	return kb.String(), sb.String(), true
}

// relContentWord reports whether a normalised piece counts as a term.
func relContentWord(norm string) bool {
	if len(norm) < 2 || relEnglishStop[norm] {
		return false
	}
	for k := 0; k < len(norm); k++ {
		if c := norm[k]; c < '0' || c > '9' {
			return true
		}
	}
	return false
}

type relPass1Out struct {
	stats   map[string]*relWordStat
	bigrams map[uint64]int32 // bigram key -> summaries of the sample it occurs in
	lex     *relLex
}

// relChunk is how many summaries a worker takes at a time.
const relChunk = 256

// relParallelChunks runs fn over [0, n) in chunks of relChunk that one
// worker per core takes in turn, each worker's chunks in increasing
// order, so that a core busy with something else holds nobody up.
// Before each chunk a worker calls yield (when not nil), which may wait.
func relParallelChunks(n int, yield func(), fn func(worker, lo, hi int)) {
	w := runtime.GOMAXPROCS(0)
	nc := (n + relChunk - 1) / relChunk
	w = max(1, min(w, nc))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for {
				if yield != nil {
					yield()
				}
				c := int(next.Add(1) - 1)
				if c >= nc {
					return
				}
				fn(k, c*relChunk, min(n, (c+1)*relChunk))
			}
		}(k)
	}
	wg.Wait()
}

// buildRelatedIndex builds the index of items. yield, when not nil, is
// called between chunks of the work and may wait: it lets foreground
// work (Corpus.Foreground) have the cores.
func buildRelatedIndex(items []Summary, yield func()) *relatedIndex {
	n := len(items)
	ix := &relatedIndex{n: n}

	// Pass 1: statistics. Two-word terms ("intrinsic reward", "mode
	// collapse") are counted on a sample of at most relBigramSample
	// summaries, which bounds the memory of counting them.
	bigramStride := max(1, (n+relBigramSample-1)/relBigramSample)
	bigramSampleN := (n + bigramStride - 1) / bigramStride
	docCands := make([][]relNameCand, n)
	docLen := make([]int32, n)
	outs := make([]relPass1Out, runtime.GOMAXPROCS(0)+1)
	type p1State struct {
		names      map[string]*relNameCand
		seenBigram map[uint64]struct{}
		buf        []relScanPiece
		cands      []relNameCand
	}
	p1 := make([]p1State, len(outs))
	relParallelChunks(n, yield, func(wk, lo, hi int) {
		o, st := &outs[wk], &p1[wk]
		if o.lex == nil {
			o.stats = map[string]*relWordStat{}
			o.bigrams = map[uint64]int32{}
			o.lex = newRelLex()
			st.names = map[string]*relNameCand{}
			st.seenBigram = map[uint64]struct{}{}
		}
		stats, bigrams, lex, names, seenBigram := o.stats, o.bigrams, o.lex, st.names, st.seenBigram
		get := func(k string) *relWordStat {
			s := stats[k]
			if s == nil {
				s = &relWordStat{bestRank: -1}
				stats[k] = s
			}
			return s
		}
		buf := st.buf
		for d := lo; d < hi; d++ {
			buf = relScanDoc(items[d].Text, lex, buf, true)
			docLen[d] = int32(len(buf))
			clear(names)
			sampled := d%bigramStride == 0
			if sampled {
				clear(seenBigram)
			}
			prevTerm := uint64(0)
			for k := range buf {
				p := &buf[k]
				e := &lex.entries[p.e]
				th := e.thPlain
				if p.name {
					th = e.thName
				}
				if sampled && th != 0 && prevTerm != 0 {
					h := relBigramOf(prevTerm, th)
					if _, dup := seenBigram[h]; !dup {
						seenBigram[h] = struct{}{}
						bigrams[h]++
					}
				}
				prevTerm = th
				if th != 0 {
					var s *relWordStat
					if p.name {
						if e.statName == nil {
							e.statName = get(lex.cold[p.e].termName)
						}
						s = e.statName
					} else {
						if e.statPlain == nil {
							e.statPlain = get(lex.cold[p.e].termPlain)
						}
						s = e.statPlain
					}
					if s.last != int32(d+1) {
						s.last = int32(d + 1)
						s.df++
					}
					switch {
					case p.name && e.upper2 || p.name && e.hasDigit:
						s.strong++
					case p.name:
						s.capital++
					case !p.sentenceStart && e.upper0:
						s.plain++
					}
					if s.surface == "" {
						s.surface, s.surfRank, s.surfDoc = lex.cold[p.e].surface, e.surfRank, int32(d)
					}
					if !p.sentenceStart && e.surfRank > s.bestRank {
						s.best, s.bestRank, s.bestDoc = lex.cold[p.e].surface, e.surfRank, int32(d)
					}
				}
				if !p.name && p.compound < 2 && p.capRun < 2 {
					continue
				}
				addName := func(key string) {
					c := names[key]
					if c == nil {
						c = &relNameCand{key: key, first: int32(k), cued: p.inCue}
						names[key] = c
						if s := stats[key]; s != nil {
							s.nameDF++
						}
					}
					c.count++
				}
				if p.name && e.content {
					addName(lex.cold[p.e].norm)
				}
				ck, cs, ok := relCompoundName(lex, buf, k)
				if !ok {
					ck, cs, ok = relCapRunName(lex, buf, k)
				}
				if ok {
					s := get(ck)
					if s.last != int32(d+1) {
						s.last = int32(d + 1)
						s.df++
					}
					s.strong++
					if s.surface == "" {
						s.surface, s.surfRank, s.surfDoc = cs, int8(relSurfaceRank(cs)), int32(d)
					}
					addName(ck)
				}
			}
			// Keep the few names the summary uses most.
			cands := st.cands[:0]
			for _, c := range names {
				cands = append(cands, *c)
			}
			slices.SortFunc(cands, func(a, b relNameCand) int {
				if a.count != b.count {
					return int(b.count - a.count)
				}
				if a.first != b.first {
					return int(a.first - b.first)
				}
				return strings.Compare(a.key, b.key)
			})
			if len(cands) > 6 {
				cands = cands[:6]
			}
			st.cands = cands
			docCands[d] = slices.Clone(cands)
		}
		st.buf = buf
	})
	stats := outs[0].stats
	if stats == nil {
		stats = map[string]*relWordStat{}
	}
	for _, o := range outs[1:] {
		for k, s := range o.stats {
			if t := stats[k]; t != nil {
				t.add(s)
			} else {
				stats[k] = s
			}
		}
	}
	for _, s := range stats {
		if s.bestRank > s.surfRank {
			s.surface = s.best
		}
	}

	// The corpus's own stop words: words in more than a third of the
	// summaries (only once there are enough summaries to tell).
	stopDF := int32(n)
	if n >= 30 {
		stopDF = int32(n / 3)
	}
	// A name is distinctive enough to link by when few summaries use it.
	maxNameDF := int32(max(4, n/20))

	isName := func(key string) bool {
		s := stats[key]
		if s == nil || s.nameDF == 0 || s.df > maxNameDF {
			return false
		}
		if s.strong > 0 && s.strong >= s.plain {
			return true
		}
		return s.capital >= 2 && s.plain*4 <= s.capital
	}

	// Terms: words in at least two summaries and not stop words.
	termID := map[string]int32{}
	var termIsName []bool
	var termIDF []float32
	keys := make([]string, 0, len(stats))
	for k, s := range stats {
		if strings.IndexByte(k, ' ') >= 0 || s.df < 2 || s.df > stopDF {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := stats[k]
		termID[k] = int32(len(ix.termText))
		surf := s.surface
		if surf == "" {
			surf = k
		}
		ix.termText = append(ix.termText, surf)
		termIsName = append(termIsName, isName(k))
		termIDF = append(termIDF, float32(math.Log(float64(n+1)/float64(s.df))))
	}

	bigrams := outs[0].bigrams
	for _, o := range outs[1:] {
		for k, c := range o.bigrams {
			bigrams[k] += c
		}
	}
	bigramStop := int32(bigramSampleN)
	if bigramSampleN >= 30 {
		bigramStop = int32(bigramSampleN / 3)
	}
	bigramKeys := make([]uint64, 0, 1024)
	for k, c := range bigrams {
		if c >= 2 && c <= bigramStop {
			bigramKeys = append(bigramKeys, k)
		}
	}
	slices.Sort(bigramKeys)
	bigramBase := int32(len(ix.termText)) // the first two-word term id
	bigramID := newRelU64Table(len(bigramKeys))
	for _, k := range bigramKeys {
		bigramID.put(k, int32(len(ix.termText)))
		ix.termText = append(ix.termText, "")
		termIsName = append(termIsName, false)
		termIDF = append(termIDF, float32(math.Log(float64(bigramSampleN+1)/float64(bigrams[k]))))
	}
	bigrams, bigramKeys = nil, nil
	lexes := make([]*relLex, len(outs))
	for k := range outs {
		lexes[k] = outs[k].lex
		if lexes[k] == nil {
			lexes[k] = newRelLex()
		}
		outs[k] = relPass1Out{}
	}

	// The names each summary is about.
	nameID := map[string]int32{}
	nameOwners := [][]int32{}
	firstPiece := map[string]bool{}
	subjects := make([][]int32, n)
	var nameTitled []bool // the name comes from a title: a method name for sure
	// titledOwner: the summary's own title gives it the name.
	titledOwner := map[[2]int32]bool{}
	addSubject := func(d int, key, surface string, titled bool) {
		if key == "" {
			return
		}
		id, ok := nameID[key]
		if !ok {
			id = int32(len(ix.nameText))
			nameID[key] = id
			ix.nameText = append(ix.nameText, surface)
			nameOwners = append(nameOwners, nil)
			nameTitled = append(nameTitled, false)
			if sp := strings.IndexByte(key, ' '); sp >= 0 {
				firstPiece[key[:sp]] = true
			}
		}
		for _, s := range subjects[d] {
			if s == id {
				return
			}
		}
		if titled && !nameTitled[id] {
			ix.nameText[id] = surface // as the title writes it: NeRF, not NERF
		}
		nameTitled[id] = nameTitled[id] || titled
		if titled {
			titledOwner[[2]int32{id, int32(d)}] = true
		}
		subjects[d] = append(subjects[d], id)
		nameOwners[id] = append(nameOwners[id], int32(d))
	}
	for d := range items {
		// A summary is about a name it uses early or often, and that
		// other summaries use rarely: it holds a good share of the
		// corpus's uses of it.
		var best *relNameCand
		var bestScore float64
		score := func(c *relNameCand) float64 {
			if c.cued || !isName(c.key) {
				return 0
			}
			s := stats[c.key]
			if s.strong == 0 {
				// Capitalised words (Chess, Bayesian, Hinton) are rarely
				// what a summary is about; titles name those.
				return 0
			}
			share := float64(c.count) / float64(max(1, s.strong+s.capital))
			first := float64(c.first) / float64(max(1, docLen[d]))
			early := first <= 0.08
			if share < 0.3 && !(share >= 0.2 && first <= 0.05) || c.count < 2 && !(early && share >= 0.5) {
				return 0
			}
			// Acronyms (NLP, MNIST, SGD) are often fields, data sets or
			// optimisers: only a strong hold makes them a subject.
			if !relHasLower(s.surface) && !(c.count >= 3 && (early || share >= 0.5)) {
				return 0
			}
			sc := float64(c.count) * share
			if early {
				sc *= 2
			}
			return sc
		}
		for k := range docCands[d] {
			c := &docCands[d][k]
			if sc := score(c); sc > bestScore {
				best, bestScore = c, sc
			}
		}
		// The derived title and the sidecar title, when they are short
		// names ("NeRF", "Switch Transformer", "MnasNet: …"), come first.
		if key, surface, ok := relTitleName(relPaperName(items[d].Paper)); ok {
			addSubject(d, key, surface, true)
		}
		// The derived title when the text bears it out: a name the
		// summary uses at least twice, not only as what it builds on.
		if key, surface, ok := relTitleName(items[d].DerivedTitle); ok {
			for _, c := range docCands[d] {
				if c.key == key && c.count >= 2 && !c.cued {
					addSubject(d, key, surface, false)
				}
			}
		}
		if best != nil {
			addSubject(d, best.key, relDisplayName(stats[best.key].surface, best.key), false)
			for k := range docCands[d] {
				c := &docCands[d][k]
				if c != best && c.count >= 3 && score(c) >= 0.7*bestScore {
					addSubject(d, c.key, relDisplayName(stats[c.key].surface, c.key), false)
				}
			}
		}
	}
	// A name many summaries are about is a topic, not a link.
	const maxOwners = 6

	// Pass 2: per summary, top terms and mentions. The term vectors are
	// written straight into the index, each summary at d*relTopTerms,
	// and closed up afterwards.
	type mention struct {
		name, owner int32
		count       int32
		cued        bool
	}
	type docOut struct {
		mentions []mention
		dayRef   bool
	}
	docs := make([]docOut, n)
	docCount := make([]int32, n)
	docTerm := make([]int32, n*relTopTerms)
	docW := make([]float32, n*relTopTerms)
	nt := len(ix.termText)
	type p2State struct {
		tf            []int32
		touched       []int32
		buf           []relScanPiece
		tws           []relTW
		ment          map[[2]int32]*mention
		bigramSurface map[int32]string
		bgDoc         []int32 // by two-word term id - bigramBase: 1 + the summary bigramSurface is from
	}
	p2 := make([]p2State, len(outs))
	relParallelChunks(n, yield, func(wk, lo, hi int) {
		st := &p2[wk]
		lex := lexes[wk]
		if st.tf == nil {
			// Term counts of the summary at hand: dense, no hashing.
			st.tf = make([]int32, nt)
			st.ment = map[[2]int32]*mention{}
			st.bigramSurface = map[int32]string{}
			st.bgDoc = make([]int32, nt-int(bigramBase))
		}
		tf, touched, buf, tws, ment, bigramSurface, bgDoc := st.tf, st.touched, st.buf, st.tws, st.ment, st.bigramSurface, st.bgDoc
		count := func(t int32) {
			if tf[t] == 0 {
				touched = append(touched, t)
			}
			tf[t]++
		}
		for d := lo; d < hi; d++ {
			buf = relScanDoc(items[d].Text, lex, buf, false)
			clear(ment)
			prevTerm := uint64(0)
			out := &docs[d]
			for k := range buf {
				p := &buf[k]
				if p.dayRef {
					out.dayRef = true
				}
				e := &lex.entries[p.e]
				if e.tidName == relUnresolved {
					relResolve(e, &lex.cold[p.e], termID, nameID, firstPiece)
				}
				th, tid := e.thPlain, e.tidPlain
				if p.name {
					th, tid = e.thName, e.tidName
				}
				if tid >= 0 {
					count(tid)
				}
				if th != 0 && prevTerm != 0 {
					if t := bigramID.get(relBigramOf(prevTerm, th)); t >= 0 {
						count(t)
						if bgDoc[t-bigramBase] == 0 {
							bgDoc[t-bigramBase] = int32(d + 1)
							bigramSurface[t] = lex.cold[buf[k-1].e].surface + " " + lex.cold[p.e].surface
						}
					}
				}
				prevTerm = th
				// Names of other summaries mentioned here: the longest
				// match wins. Names are written with capitals or digits.
				if !e.maybeName {
					continue
				}
				var matched int32 = -1
				if e.nameFirst {
					var kb strings.Builder
					kb.WriteString(lex.cold[p.e].norm)
					for L := 2; L <= relMaxNameLen && k+L <= len(buf); L++ {
						kb.WriteByte(' ')
						kb.WriteString(lex.cold[buf[k+L-1].e].norm)
						if id, ok := nameID[kb.String()]; ok {
							matched = id
						}
					}
				}
				if matched < 0 {
					matched = e.nameSingle
				}
				if matched < 0 {
					continue
				}
				// A name written with capitals is only matched when
				// written with capitals: "Diplomacy", not "diplomacy".
				if e.upper0 && relUpperCount(ix.nameText[matched]) > 0 {
					continue
				}
				owners := nameOwners[matched]
				if len(owners) > maxOwners {
					continue
				}
				for _, o := range owners {
					if int(o) == d {
						continue
					}
					key := [2]int32{matched, o}
					m := ment[key]
					if m == nil {
						m = &mention{name: matched, owner: o}
						ment[key] = m
					}
					m.count++
					m.cued = m.cued || p.inCue
				}
			}
			for _, m := range ment {
				out.mentions = append(out.mentions, *m)
			}
			slices.SortFunc(out.mentions, func(x, y mention) int {
				if x.owner != y.owner {
					return int(x.owner - y.owner)
				}
				return int(x.name - y.name)
			})
			tws = tws[:0]
			for _, t := range touched {
				c := tf[t]
				tf[t] = 0
				w := (1 + relLogCount(c)) * termIDF[t]
				if termIsName[t] {
					w *= relNameBoost
				}
				tws = append(tws, relTW{t, w})
			}
			touched = touched[:0]
			tws = relTopTW(tws, relTopTerms)
			slices.SortFunc(tws, func(a, b relTW) int { return int(a.t - b.t) })
			var norm float64
			for _, x := range tws {
				norm += float64(x.w) * float64(x.w)
			}
			inv := float32(1 / math.Sqrt(max(norm, 1e-12)))
			at := d * relTopTerms
			for k, x := range tws {
				docTerm[at+k] = x.t
				docW[at+k] = x.w * inv
			}
			docCount[d] = int32(len(tws))
		}
		st.touched, st.buf, st.tws = touched, buf, tws
	})
	// A two-word term is shown as first written in the corpus.
	firstDoc := make([]int32, nt-int(bigramBase))
	for _, st := range p2 {
		for t, sf := range st.bigramSurface {
			d := st.bgDoc[t-bigramBase]
			if f := &firstDoc[t-bigramBase]; *f == 0 || d < *f {
				*f = d
				ix.termText[t] = sf
			}
		}
	}
	lexes = nil

	// Lay out the term vectors and the inverted lists.
	ix.docStart = make([]int32, n+1)
	ix.hiN = relBlocks(n)
	nt = len(ix.termText)
	ix.postHi = make([]int32, nt*ix.hiN+1)
	total := 0
	for d := 0; d < n; d++ {
		c := int(docCount[d])
		from := d * relTopTerms
		copy(docTerm[total:total+c], docTerm[from:from+c])
		copy(docW[total:total+c], docW[from:from+c])
		h := d >> 16
		for _, t := range docTerm[total : total+c] {
			ix.postHi[int(t)*ix.hiN+h+1]++
		}
		total += c
		ix.docStart[d+1] = int32(total)
	}
	ix.docTerm = slices.Clip(docTerm[:total])
	docCount = nil
	// Counts to starts; each term's last boundary is the next term's first.
	for k := 1; k < len(ix.postHi); k++ {
		if k%ix.hiN == 0 {
			ix.postHi[k] = ix.postHi[k-1]
			continue
		}
		ix.postHi[k] += ix.postHi[k-1]
	}
	ix.postLo = make([]uint16, total)
	ix.postW = make([]uint16, total)
	// Each block of 65536 summaries fills its own ranges: one worker each.
	var wg sync.WaitGroup
	for h := 0; h+1 < ix.hiN; h++ {
		wg.Add(1)
		go func(h int) {
			defer wg.Done()
			fill := make([]int32, nt)
			for t := range fill {
				fill[t] = ix.postHi[t*ix.hiN+h]
			}
			for d := h << 16; d < min(n, (h+1)<<16); d++ {
				a, b := ix.docStart[d], ix.docStart[d+1]
				for x, t := range ix.docTerm[a:b] {
					ix.postLo[fill[t]] = uint16(d)
					ix.postW[fill[t]] = relQuantW(docW[int(a)+x])
					fill[t]++
				}
			}
		}(h)
	}
	wg.Wait()
	docW = nil

	// Explicit links, both ways.
	mentionDF := make([]int32, len(ix.nameText))
	for d := range docs {
		last := int32(-1)
		for _, m := range docs[d].mentions {
			if m.name != last {
				mentionDF[m.name]++
			}
			last = m.name
		}
	}
	perDoc := make([][]relLink, n)
	isSubject := func(d int, name int32) bool {
		for _, s := range subjects[d] {
			if s == name {
				return true
			}
		}
		return false
	}
	logN := math.Log(float64(n + 1))
	for d := range docs {
		for _, m := range docs[d].mentions {
			owners := len(nameOwners[m.name])
			switch {
			case isSubject(d, m.name):
				w := float32(relWSameName / math.Sqrt(float64(owners)))
				switch t1, t2 := titledOwner[[2]int32{m.name, int32(d)}], titledOwner[[2]int32{m.name, m.owner}]; {
				case !t1 && !t2:
					w /= 3 // two summaries using one name a lot: a hint, not a link
				case !t1 || !t2:
					w /= 2
				}
				perDoc[d] = append(perDoc[d], relLink{m.owner, m.name, relLinkSameName, w})
				perDoc[m.owner] = append(perDoc[m.owner], relLink{int32(d), m.name, relLinkSameName, w})
			case m.cued:
				perDoc[d] = append(perDoc[d], relLink{m.owner, m.name, relLinkBuildsOn, relWBuildsOn})
				perDoc[m.owner] = append(perDoc[m.owner], relLink{int32(d), m.name, relLinkBuiltOnBy, relWBuildsOn})
			default:
				// A name many summaries mention links nothing, unless a
				// title says it is a method's name (BERT).
				if mentionDF[m.name] > maxNameDF*2 || !nameTitled[m.name] && mentionDF[m.name] > int32(max(3, n/50)) {
					continue
				}
				distinct := math.Log(float64(n+1)/float64(mentionDF[m.name]+1)) / logN
				w := float32(relWNames * min(1, 0.6+0.2*float64(m.count-1)) * max(0.3, distinct) / math.Sqrt(float64(owners)))
				if nameTitled[m.name] && !titledOwner[[2]int32{m.name, m.owner}] {
					// BERT is 133's name by its title; 16 only uses it a lot.
					w *= 0.35
				}
				perDoc[d] = append(perDoc[d], relLink{m.owner, m.name, relLinkNames, w})
				perDoc[m.owner] = append(perDoc[m.owner], relLink{int32(d), m.name, relLinkNamedBy, w})
			}
		}
		if docs[d].dayRef {
			if o := relDayBefore(ix, items, d); o >= 0 {
				perDoc[d] = append(perDoc[d], relLink{int32(o), -1, relLinkDayBefore, relWDayBefore})
				perDoc[o] = append(perDoc[o], relLink{int32(d), -1, relLinkDayAfter, relWDayBefore})
			}
		}
	}
	ix.linkStart = make([]int32, n+1)
	for d := range perDoc {
		ix.linkStart[d+1] = ix.linkStart[d] + int32(len(perDoc[d]))
	}
	ix.links = make([]relLink, 0, ix.linkStart[n])
	for d := range perDoc {
		// Strongest first, so reasons read in order of weight.
		sort.SliceStable(perDoc[d], func(a, b int) bool { return perDoc[d][a].w > perDoc[d][b].w })
		ix.links = append(ix.links, perDoc[d]...)
	}
	return ix
}

// relDayBefore picks the summary "the one I discussed yesterday" refers to:
// a neighbour in the same file. Exports list the newest first, so the
// next one is preferred unless the previous one is much more alike.
func relDayBefore(ix *relatedIndex, items []Summary, d int) int {
	next, prev := -1, -1
	if d+1 < len(items) && items[d+1].Source == items[d].Source {
		next = d + 1
	}
	if d > 0 && items[d-1].Source == items[d].Source {
		prev = d - 1
	}
	switch {
	case next < 0:
		return prev
	case prev < 0:
		return next
	}
	if ix.dot(d, prev) > 2*ix.dot(d, next) {
		return prev
	}
	return next
}

// relPaperName is the short name in a sidecar title, the part before the
// colon of "NeRF: Representing Scenes as …".
func relPaperName(p *Paper) string {
	if p == nil {
		return ""
	}
	if c := strings.IndexByte(p.Title, ':'); c > 0 {
		return p.Title[:c]
	}
	return ""
}

// relTitleName turns a short title into a name key ("Switch Transformer" ->
// "switch transformer"); long titles and headlines are not names.
func relTitleName(t string) (key, surface string, ok bool) {
	t = strings.TrimSpace(t)
	if t == "" || len(strings.Fields(t)) > 3 {
		return "", "", false
	}
	var parts []string
	named := false
	relEachPiece(t, func(p relPiece) bool {
		parts = append(parts, p.norm)
		if relNameLike(p.surface, false) {
			named = true
		}
		return true
	})
	if !named || len(parts) == 0 || len(parts) > relMaxNameLen {
		return "", "", false
	}
	if len(parts) == 1 && !relContentWord(parts[0]) {
		return "", "", false
	}
	return strings.Join(parts, " "), t, true
}

// relDisplayName is how a name reads in a reason: as most often written,
// without a plural "s" ("NERFs" -> "NERF").
func relDisplayName(surface, key string) string {
	if surface == "" {
		return key
	}
	if n := len(surface); n > 3 && surface[n-1] == 's' && relUpperCount(surface[:n-1]) >= 2 {
		return surface[:n-1]
	}
	return surface
}

func relUpperCount(s string) int {
	c := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			c++
		}
	}
	return c
}

func relHasDigit(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= '0' && s[k] <= '9' {
			return true
		}
	}
	return false
}

func relHasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// relTermKey is the term a piece counts as: names as written (lower
// case), other words stemmed.
func relTermKey(p *relPiece) string {
	if !relContentWord(p.norm) {
		return ""
	}
	if p.name {
		return p.norm
	}
	st := relStem(p.norm)
	if relEnglishStop[st] {
		return ""
	}
	return st
}

// relMaybeName: a word with a capital letter or a digit, which a name
// mention needs (fast check, ASCII first).
func relMaybeName(s string) bool {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return true
		}
		if c >= utf8.RuneSelf {
			return relUpperCount(s[k:]) > 0
		}
	}
	return false
}

// relBigramSample is how many summaries two-word terms are counted on.
const relBigramSample = 8192

// relResolve fills in what pass 2 needs of a word: its term ids and the
// names it may begin.
func relResolve(e *relLexEntry, c *relLexCold, termID map[string]int32, nameID map[string]int32, firstPiece map[string]bool) {
	e.tidName, e.tidPlain = -1, -1
	if id, ok := termID[c.termName]; ok && c.termName != "" {
		e.tidName = id
	}
	if id, ok := termID[c.termPlain]; ok && c.termPlain != "" {
		e.tidPlain = id
	}
	e.nameSingle = -1
	if e.maybeName {
		if id, ok := nameID[c.norm]; ok {
			e.nameSingle = id
		}
		e.nameFirst = firstPiece[c.norm]
	}
}

// relU64Table maps 64-bit keys to ids: open addressing, read-only once
// filled, so that the workers share it.
type relU64Table struct {
	keys []uint64
	vals []int32 // -1: free
}

func newRelU64Table(n int) *relU64Table {
	size := 16
	for size < 2*n {
		size *= 2
	}
	t := &relU64Table{keys: make([]uint64, size), vals: make([]int32, size)}
	for k := range t.vals {
		t.vals[k] = -1
	}
	return t
}

func relMix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	return k
}

func (t *relU64Table) put(k uint64, v int32) {
	mask := uint64(len(t.keys) - 1)
	s := relMix64(k) & mask
	for t.vals[s] >= 0 && t.keys[s] != k {
		s = (s + 1) & mask
	}
	t.keys[s], t.vals[s] = k, v
}

// get returns k's id, or -1.
func (t *relU64Table) get(k uint64) int32 {
	mask := uint64(len(t.keys) - 1)
	for s := relMix64(k) & mask; ; s = (s + 1) & mask {
		v := t.vals[s]
		if v < 0 || t.keys[s] == k {
			return v
		}
	}
}

// relTW is a term of a summary with its weight.
type relTW struct {
	t int32
	w float32
}

// relTWBefore orders terms by weight, heaviest first, then by id.
func relTWBefore(a, b relTW) bool {
	if a.w != b.w {
		return a.w > b.w
	}
	return a.t < b.t
}

// relTopTW returns the k first of tws in relTWBefore order (in no
// particular order), by partial selection.
func relTopTW(tws []relTW, k int) []relTW {
	if len(tws) <= k {
		return tws
	}
	lo, hi := 0, len(tws)-1
	for lo < hi {
		// Median of three as the pivot.
		m := lo + (hi-lo)/2
		if relTWBefore(tws[m], tws[lo]) {
			tws[m], tws[lo] = tws[lo], tws[m]
		}
		if relTWBefore(tws[hi], tws[lo]) {
			tws[hi], tws[lo] = tws[lo], tws[hi]
		}
		if relTWBefore(tws[hi], tws[m]) {
			tws[hi], tws[m] = tws[m], tws[hi]
		}
		pivot := tws[m]
		i, j := lo, hi
		for i <= j {
			for relTWBefore(tws[i], pivot) {
				i++
			}
			for relTWBefore(pivot, tws[j]) {
				j--
			}
			if i <= j {
				tws[i], tws[j] = tws[j], tws[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return tws[:k]
		}
	}
	return tws[:k]
}

// relLogCount is log(c) for a term count, from a table for small counts.
func relLogCount(c int32) float32 {
	if int(c) < len(relLogTable) {
		return relLogTable[c]
	}
	return float32(math.Log(float64(c)))
}

var relLogTable = func() [64]float32 {
	var t [64]float32
	for c := 1; c < len(t); c++ {
		t[c] = float32(math.Log(float64(c)))
	}
	return t
}()
