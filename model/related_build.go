package model

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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

// relParallel runs fn over [0, n) split into one contiguous chunk per worker.
func relParallel(n int, fn func(worker, lo, hi int)) int {
	w := runtime.GOMAXPROCS(0)
	if w > n/64 {
		w = n/64 + 1
	}
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		lo, hi := n*k/w, n*(k+1)/w
		wg.Add(1)
		go func(k, lo, hi int) {
			defer wg.Done()
			fn(k, lo, hi)
		}(k, lo, hi)
	}
	wg.Wait()
	return w
}

// relWordStat is what pass 1 learns about a word or a name key.
type relWordStat struct {
	last    int32 // 1 + the last summary counted in df (pass 1, per worker)
	df      int32 // summaries it occurs in
	nameDF  int32 // summaries where it is written as a name
	strong  int32 // occurrences written BERT, NeRF, word2vec
	capital int32 // occurrences Capitalised mid-sentence
	plain   int32 // occurrences in lower case mid-sentence
	surface string
}

func (s *relWordStat) add(o *relWordStat) {
	s.df += o.df
	s.nameDF += o.nameDF
	s.strong += o.strong
	s.capital += o.capital
	s.plain += o.plain
	if s.surface == "" || relBetterSurface(o.surface, s.surface) {
		s.surface = o.surface
	}
}

// relBetterSurface prefers a lower-case form for display over a capitalised
// one (a sentence start), and a form with inner capitals (SimCLR) over
// both.
func relBetterSurface(a, b string) bool {
	return relSurfaceRank(a) > relSurfaceRank(b)
}

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

// docPieces collects a summary's pieces with what the scan needs:
// compounds (VQ-VAE, Funnel-Transformer) and the builds-on cue.
type relScanPiece struct {
	relPiece
	inCue bool // inside a "builds on …" / "my summary of …" window
	// compound: a hyphenated name starting here spans this many pieces.
	compound int
	// capRun: a run of Capitalised words mid-sentence starting here
	// ("Lottery Ticket Hypothesis", "Switch Transformer") spans this many.
	capRun int
	hyphen bool // joined to the previous piece by a hyphen
	dayRef bool // "the one I discussed yesterday"
}

// relCueState follows the words that announce a dependency: "builds
// (substantially) on", "my (prior) summary of", "an extension of",
// "based on", "extends".
type relCueState struct {
	pos, until, buildAt, myAt, extAt, basedAt int
}

func (c *relCueState) step(norm string) bool {
	c.pos++
	p := c.pos
	switch norm {
	case "build", "built", "building":
		c.buildAt = p
	case "on", "upon":
		if p-c.buildAt <= 3 && c.buildAt > 0 {
			c.until = p + 8
		} else if p-c.basedAt == 1 && c.basedAt > 0 {
			c.until = p + 6
		}
	case "my":
		c.myAt = p
	case "summary", "summarie", "writeup", "review":
		if p-c.myAt <= 3 && c.myAt > 0 {
			c.until = p + 5
		}
	case "extension":
		c.extAt = p
	case "of":
		if p-c.extAt == 1 && c.extAt > 0 {
			c.until = p + 8
		}
	case "extend":
		c.until = p + 6
	case "based":
		c.basedAt = p
	}
	return p <= c.until
}

var relDayRefVerbs = map[string]bool{"discussed": true, "reviewed": true, "summarized": true, "summarised": true,
	"wrote": true, "read": true, "covered": true, "talked": true, "posted": true, "described": true}

// relScanDoc cuts text into pieces with cue windows, compounds and
// day-before references, appending to buf.
func relScanDoc(text string, buf []relScanPiece) []relScanPiece {
	buf = buf[:0]
	var cue relCueState
	prevEnd := -1
	relEachPieceAt(text, func(p relPiece, start, end int) bool {
		sp := relScanPiece{relPiece: p}
		sp.inCue = cue.step(p.norm)
		if p.norm == "yesterday" {
			for k := len(buf) - 1; k >= 1 && k >= len(buf)-3; k-- {
				if relDayRefVerbs[buf[k].norm] && (buf[k-1].norm == "i" || buf[k-1].norm == "we") {
					sp.dayRef = true
				}
			}
		}
		// A piece joined to the previous by a single hyphen continues a
		// compound.
		if prevEnd >= 0 && start == prevEnd+1 && text[prevEnd] == '-' && len(buf) > 0 {
			sp.compound = -1 // continuation
			sp.hyphen = true
		}
		buf = append(buf, sp)
		prevEnd = end
		return true
	})
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
			buf[k].compound = j - k
		}
	}
	// Mark runs of Capitalised words with their length.
	for k := 0; k < len(buf); {
		if !relCapWord(&buf[k]) {
			k++
			continue
		}
		j := k + 1
		for j < len(buf) && relCapWord(&buf[j]) {
			j++
		}
		if j-k >= 2 && j-k <= relMaxNameLen {
			buf[k].capRun = j - k
		}
		k = j
	}
	return buf
}

// relCapWord: a word starting with a capital in mid-sentence (or a name
// like BERT), not a function word.
func relCapWord(p *relScanPiece) bool {
	if p.sentenceStart || p.surface == "" {
		return false
	}
	if c := p.surface[0]; c < utf8.RuneSelf && (c < 'A' || c > 'Z') {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.surface)
	return unicode.IsUpper(r) && relUpperCount(p.surface) < 2 && !relEnglishStop[p.norm]
}

// relCapRunName returns the key and surface of the run of Capitalised
// words starting at k.
func relCapRunName(buf []relScanPiece, k int) (key, surface string, ok bool) {
	n := buf[k].capRun
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
		kb.WriteString(buf[j].norm)
		sb.WriteString(buf[j].surface)
	}
	return kb.String(), sb.String(), true
}

// relCompoundName returns the key and surface of the hyphenated compound
// starting at k, and whether it is written like a name (VQ-VAE,
// Funnel-Transformer), when it spans at most relMaxNameLen pieces.
func relCompoundName(buf []relScanPiece, k int) (key, surface string, ok bool) {
	n := buf[k].compound
	if n < 2 || n > relMaxNameLen {
		return "", "", false
	}
	var kb, sb strings.Builder
	for j := k; j < k+n; j++ {
		if j > k {
			kb.WriteByte(' ')
			sb.WriteByte('-')
		}
		kb.WriteString(buf[j].norm)
		sb.WriteString(buf[j].surface)
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
}

func buildRelatedIndex(items []Summary) *relatedIndex {
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
	relParallel(n, func(wk, lo, hi int) {
		stats := map[string]*relWordStat{}
		get := func(k string) *relWordStat {
			s := stats[k]
			if s == nil {
				s = &relWordStat{}
				stats[k] = s
			}
			return s
		}
		names := map[string]*relNameCand{}
		bigrams := map[uint64]int32{}
		seenBigram := map[uint64]struct{}{}
		var buf []relScanPiece
		for d := lo; d < hi; d++ {
			buf = relScanDoc(items[d].Text, buf)
			docLen[d] = int32(len(buf))
			clear(names)
			clear(seenBigram)
			sampled := d%bigramStride == 0
			prevTerm := ""
			for k := range buf {
				p := &buf[k]
				term := relTermKey(&p.relPiece)
				if sampled && term != "" && prevTerm != "" {
					h := relBigramKey(prevTerm, term)
					if _, dup := seenBigram[h]; !dup {
						seenBigram[h] = struct{}{}
						bigrams[h]++
					}
				}
				prevTerm = term
				if term != "" {
					s := get(term)
					if s.last != int32(d+1) {
						s.last = int32(d + 1)
						s.df++
					}
					switch {
					case p.name && p.surface != "" && relUpperCount(p.surface) >= 2 || p.name && relHasDigit(p.surface):
						s.strong++
					case p.name:
						s.capital++
					case !p.sentenceStart && relUpperCount(p.surface) == 0:
						s.plain++
					}
					if s.surface == "" || !p.sentenceStart && relBetterSurface(p.surface, s.surface) {
						s.surface = p.surface
					}
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
				if p.name && relContentWord(p.norm) {
					addName(p.norm)
				}
				ck, cs, ok := relCompoundName(buf, k)
				if !ok {
					ck, cs, ok = relCapRunName(buf, k)
				}
				if ok {
					s := get(ck)
					if s.last != int32(d+1) {
						s.last = int32(d + 1)
						s.df++
					}
					s.strong++
					if s.surface == "" {
						s.surface = cs
					}
					addName(ck)
				}
			}
			// Keep the few names the summary uses most.
			cands := make([]relNameCand, 0, len(names))
			for _, c := range names {
				cands = append(cands, *c)
			}
			sort.Slice(cands, func(a, b int) bool {
				if cands[a].count != cands[b].count {
					return cands[a].count > cands[b].count
				}
				return cands[a].first < cands[b].first
			})
			if len(cands) > 6 {
				cands = cands[:6]
			}
			docCands[d] = cands
		}
		outs[wk].stats = stats
		outs[wk].bigrams = bigrams
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
	bigramID := make(map[uint64]int32, len(bigramKeys))
	for _, k := range bigramKeys {
		bigramID[k] = int32(len(ix.termText))
		ix.termText = append(ix.termText, "")
		termIsName = append(termIsName, false)
		termIDF = append(termIDF, float32(math.Log(float64(bigramSampleN+1)/float64(bigrams[k]))))
	}
	bigrams, bigramKeys = nil, nil
	for k := range outs {
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

	// Pass 2: per summary, top terms and mentions.
	type mention struct {
		name, owner int32
		count       int32
		cued        bool
	}
	type docOut struct {
		terms    []int32
		weights  []float32
		mentions []mention
		dayRef   bool
	}
	docs := make([]docOut, n)
	var surfMu sync.Mutex
	relParallel(n, func(_, lo, hi int) {
		// Term counts of the summary at hand: dense, no hashing.
		tf := make([]int32, len(ix.termText))
		var touched []int32
		count := func(t int32) {
			if tf[t] == 0 {
				touched = append(touched, t)
			}
			tf[t]++
		}
		var buf []relScanPiece
		type tw struct {
			t int32
			w float32
		}
		var tws []tw
		ment := map[[2]int32]*mention{}
		bigramSurface := map[int32]string{}
		defer func() {
			surfMu.Lock()
			for t, sf := range bigramSurface {
				if ix.termText[t] == "" || sf < ix.termText[t] {
					ix.termText[t] = sf
				}
			}
			surfMu.Unlock()
		}()
		for d := lo; d < hi; d++ {
			buf = relScanDoc(items[d].Text, buf)
			clear(ment)
			prevTerm := ""
			out := &docs[d]
			for k := range buf {
				p := &buf[k]
				if p.dayRef {
					out.dayRef = true
				}
				term := relTermKey(&p.relPiece)
				if t, ok := termID[term]; ok {
					count(t)
				}
				if term != "" && prevTerm != "" {
					if t, ok := bigramID[relBigramKey(prevTerm, term)]; ok {
						count(t)
						if _, ok := bigramSurface[t]; !ok {
							bigramSurface[t] = buf[k-1].surface + " " + p.surface
						}
					}
				}
				prevTerm = term
				// Names of other summaries mentioned here: the longest
				// match wins. Names are written with capitals or digits.
				if !relMaybeName(p.surface) {
					continue
				}
				var matched int32 = -1
				if firstPiece[p.norm] {
					var kb strings.Builder
					kb.WriteString(p.norm)
					for L := 2; L <= relMaxNameLen && k+L <= len(buf); L++ {
						kb.WriteByte(' ')
						kb.WriteString(buf[k+L-1].norm)
						if id, ok := nameID[kb.String()]; ok {
							matched = id
						}
					}
				}
				if matched < 0 {
					if id, ok := nameID[p.norm]; ok {
						matched = id
					}
				}
				if matched < 0 {
					continue
				}
				// A name written with capitals is only matched when
				// written with capitals: "Diplomacy", not "diplomacy".
				if relUpperCount(ix.nameText[matched]) > 0 && relUpperCount(p.surface) == 0 {
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
			sort.Slice(out.mentions, func(a, b int) bool {
				x, y := out.mentions[a], out.mentions[b]
				if x.owner != y.owner {
					return x.owner < y.owner
				}
				return x.name < y.name
			})
			tws = tws[:0]
			for _, t := range touched {
				c := tf[t]
				tf[t] = 0
				w := (1 + float32(math.Log(float64(c)))) * termIDF[t]
				if termIsName[t] {
					w *= relNameBoost
				}
				tws = append(tws, tw{t, w})
			}
			sort.Slice(tws, func(a, b int) bool {
				if tws[a].w != tws[b].w {
					return tws[a].w > tws[b].w
				}
				return tws[a].t < tws[b].t
			})
			touched = touched[:0]
			if len(tws) > relTopTerms {
				tws = tws[:relTopTerms]
			}
			sort.Slice(tws, func(a, b int) bool { return tws[a].t < tws[b].t })
			var norm float64
			for _, x := range tws {
				norm += float64(x.w) * float64(x.w)
			}
			inv := float32(1 / math.Sqrt(max(norm, 1e-12)))
			out.terms = make([]int32, len(tws))
			out.weights = make([]float32, len(tws))
			for k, x := range tws {
				out.terms[k] = x.t
				out.weights[k] = x.w * inv
			}
		}
	})

	// Lay out the term vectors and the inverted lists.
	ix.docStart = make([]int32, n+1)
	total := 0
	for d := range docs {
		total += len(docs[d].terms)
		ix.docStart[d+1] = int32(total)
	}
	ix.docTerm = make([]int32, 0, total)
	ix.docW = make([]float32, 0, total)
	ix.postStart = make([]int32, len(ix.termText)+1)
	for d := range docs {
		ix.docTerm = append(ix.docTerm, docs[d].terms...)
		ix.docW = append(ix.docW, docs[d].weights...)
		for _, t := range docs[d].terms {
			ix.postStart[t+1]++
		}
		docs[d].terms, docs[d].weights = nil, nil
	}
	for t := range len(ix.termText) {
		ix.postStart[t+1] += ix.postStart[t]
	}
	ix.postDoc = make([]int32, total)
	ix.postW = make([]float32, total)
	fill := make([]int32, len(ix.termText))
	copy(fill, ix.postStart)
	for d := 0; d < n; d++ {
		terms, ws := ix.docTerms(d)
		for x, t := range terms {
			ix.postDoc[fill[t]] = int32(d)
			ix.postW[fill[t]] = ws[x]
			fill[t]++
		}
	}

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

// relBigramKey is the key of the two-word term "a b": a 64-bit FNV-1a
// hash, fixed so that rankings do not change from run to run.
func relBigramKey(a, b string) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(a); k++ {
		h ^= uint64(a[k])
		h *= 1099511628211
	}
	h ^= 0xff
	h *= 1099511628211
	for k := 0; k < len(b); k++ {
		h ^= uint64(b[k])
		h *= 1099511628211
	}
	return h
}
