package model

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
	cands := make([][]candidate, len(ss))
	df := collectCandidates(ss, cands)
	n := float64(len(ss))
	picks := make([]pick, len(ss))
	var scored []scoredCand
	for i, cs := range cands {
		scored = scored[:0]
		for _, c := range cs {
			d := float64(df[c.key])
			// Rare elsewhere: a name in many other summaries is a topic,
			// not a subject.
			idf := math.Log((n + 1) / d)
			if d > 1 && d*20 > n && n >= 40 {
				idf *= 0.3
			}
			scored = append(scored, scoredCand{c, c.weight * idf})
		}
		picks[i] = choose(scored)
		cands[i] = nil
	}
	// Distinct titles: a name more than one summary picked gets each its
	// second name ("Lottery Ticket Hypothesis: BERT"), else a headline.
	count := make(map[string]int, len(ss))
	for _, p := range picks {
		if p.best != "" {
			count[strings.ToLower(p.best)]++
		}
	}
	for i := range ss {
		p := picks[i]
		t := p.best
		if t != "" && count[strings.ToLower(t)] > 1 {
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

// keepCandidates is how many of its candidates, the heaviest, a summary
// keeps for scoring: all of them count in how many summaries name each.
const keepCandidates = 12

// collectCandidates fills cands with each summary's heaviest candidates
// and returns in how many summaries each candidate key occurs. The work
// is split across the processors.
func collectCandidates(ss []Summary, cands [][]candidate) map[string]int32 {
	workers := runtime.GOMAXPROCS(0)
	if workers > 8 {
		workers = 8
	}
	if len(ss) < 2000 {
		workers = 1
	}
	dfs := make([]map[string]int32, workers)
	var wg sync.WaitGroup
	chunk := (len(ss) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(ss))
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			df := make(map[string]int32, 1024)
			var ex extractor
			for i := lo; i < hi; i++ {
				cs := ex.candidates(ss[i].Text)
				for _, c := range cs {
					df[c.key]++
				}
				if len(cs) > keepCandidates {
					slices.SortFunc(cs, func(a, b candidate) int { return cmp.Compare(b.weight, a.weight) })
					cs = cs[:keepCandidates]
				}
				cands[i] = slices.Clone(cs)
			}
			dfs[w] = df
		}(w, lo, hi)
	}
	wg.Wait()
	df := dfs[0]
	for _, d := range dfs[1:] {
		for k, v := range d {
			df[k] += v
		}
	}
	return df
}

type pick struct {
	best, second string
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
		if i != best && sc[i].score > s2 && !related(b.key, sc[i].key) {
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
type candidate struct {
	key     string // folded: lower case, singular
	display string // as the text writes it
	weight  float64
}

// extractor finds the candidate names of a text, reusing its buffers.
type extractor struct {
	words []word
	byKey map[string]int
	out   []candidate
}

type word struct {
	s        string // the word without surrounding punctuation
	cap      bool   // starts with an upper-case letter
	name     bool   // camel case, an acronym, or letters and digits
	initial  bool   // starts a sentence
	endsPunc bool   // followed by punctuation that ends a phrase
	cue      int8   // a word before it introduces a name (cueStrong, cueWeak) or refers elsewhere (cueOther)
	gap      bool   // other words or punctuation come between it and the word before
	pos      int    // byte offset in the text
}

// candidates returns the names in text with their weights. The slice is
// the caller's; the strings share text's memory where they can.
func (ex *extractor) candidates(text string) []candidate {
	ex.split(text)
	if ex.byKey == nil || len(ex.byKey) > 512 {
		// clear costs the map's capacity: after a long summary, start over.
		ex.byKey = make(map[string]int, 64)
	} else {
		clear(ex.byKey)
	}
	ex.out = ex.out[:0]
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
		if ws[i].initial && !ws[i].name && (j == i || stopCap[ws[i].s]) {
			start = i + 1
		}
		for start <= j && stopCap[ws[start].s] {
			start++
		}
		last := j
		for last > start && stopCap[ws[last].s] {
			last--
		}
		if start < last {
			ex.add(ws[start:last+1], posW*1.5)
		}
		// Single words: camel case and acronyms, or a capitalised word
		// in mid-sentence.
		for k := i; k <= j; k++ {
			wk := ws[k]
			if stopCap[wk.s] || len(wk.s) < 2 {
				continue
			}
			switch {
			case wk.name && coined(wk.s):
				ex.add(ws[k:k+1], posW*2)
			case wk.name:
				ex.add(ws[k:k+1], posW)
			case !wk.initial && utf8.RuneCountInString(wk.s) > 3:
				ex.add(ws[k:k+1], posW*0.5)
			}
		}
		i = j
	}
	ex.mergeFamilies()
	return ex.out
}

// mergeFamilies folds the names of one family into its fullest form: an
// acronym into the phrase it abbreviates ("LTH" into "Lottery Ticket
// Hypothesis"), half the weight of a phrase into the longer phrases it
// begins ("Lottery Ticket" into "Lottery Ticket Hypothesis").
func (ex *extractor) mergeFamilies() {
	var initials []byte
	for i := range ex.out {
		c := &ex.out[i]
		if strings.IndexByte(c.key, ' ') < 0 {
			continue
		}
		words := strings.Fields(c.key)
		initials = initials[:0]
		for _, w := range words {
			initials = append(initials, w[0])
		}
		if j, ok := ex.byKey[string(initials)]; ok && j != i && len(words) >= 2 {
			c.weight += ex.out[j].weight
			ex.out[j].weight = 0
		}
		for k := len(words) - 1; k >= 2; k-- {
			if j, ok := ex.byKey[strings.Join(words[:k], " ")]; ok && j != i {
				c.weight += ex.out[j].weight * 0.5
			}
		}
	}
}

// add counts one occurrence of the phrase ws.
func (ex *extractor) add(ws []word, weight float64) {
	var display string
	if len(ws) == 1 {
		display = ws[0].s
	} else {
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = w.s
		}
		display = strings.Join(parts, " ")
	}
	key := foldKey(display)
	if len(key) < 2 || genericPhrase[key] {
		return
	}
	if i, ok := ex.byKey[key]; ok {
		c := &ex.out[i]
		c.weight += weight
		// Prefer the singular form as the display.
		if len(display) < len(c.display) {
			c.display = display
		}
		return
	}
	ex.byKey[key] = len(ex.out)
	ex.out = append(ex.out, candidate{key: key, display: display, weight: weight})
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

// split breaks text into words, trimming punctuation and noting sentence
// starts and the words that introduce a name.
func (ex *extractor) split(text string) {
	ws := ex.words[:0]
	initial, gap := true, true
	var cue, prevCue int8
	for i := 0; i < len(text); {
		for i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t') {
			i++
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' {
			j++
		}
		if j == i {
			break
		}
		raw := text[i:j]
		pos := i
		i = j
		if c := raw[0]; c >= 'a' && c <= 'z' && !hasASCIIUpper(raw) {
			// The common case, a lower-case word: it only breaks a phrase,
			// ends a sentence or introduces a name.
			prevCue, cue = cue, lookupCue(raw)
			initial, gap = endsSentenceWord(raw), true
			if strings.HasPrefix(raw, "http") {
				initial = true
				if len(ws) > 0 {
					ws[len(ws)-1].endsPunc = true
				}
			}
			continue
		}
		core, lead, trail := trimWord(raw)
		c := cue
		if c == 0 {
			c = prevCue
		}
		prevCue, cue = cue, 0
		w := word{s: core, pos: pos, initial: initial, cue: c, gap: gap || lead}
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
		ws = append(ws, w)
	}
	ex.words = ws
}

func hasASCIIUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

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
		switch w[i] {
		case '(', ')', '[', ']', '{', '}', '=', '+', '/', '\\':
			return true
		case '.':
			if i+1 < len(w) && w[i+1] == '.' {
				return true
			}
		case 0xE2: // "…"
			if strings.HasPrefix(w[i:], "…") {
				return true
			}
		}
	}
	return false
}

// trimWord strips punctuation around a word; trail says there was some
// after it (a phrase ends there).
func trimWord(raw string) (core string, lead, trail bool) {
	start, end := 0, len(raw)
	for start < end {
		r, w := utf8.DecodeRuneInString(raw[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		start += w
		lead = true
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(raw[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		end -= w
		trail = true
	}
	return raw[start:end], lead, trail
}

// nameLike reports whether a word is written as a name: upper case after
// its first letter (MNasNet, FedAvg, BERT, GANs), or letters with digits
// and a capital (S4L, GPT-3).
func nameLike(w string) bool {
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

// headline is a short headline from the opening sentence of text: at most
// max words of its first clause, without a bare "This paper".
func headline(text string, max int) string {
	first := firstSentence(text)
	first = strings.NewReplacer("**", "", "*", "", "`", "", "[", "", "]", "").Replace(first)
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
