package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/swar"
)

// This file holds the text handling of the related-papers engine: cutting
// a summary into word pieces, normalising them, and telling names of
// methods (BERT, NeRF, CycleGAN, word2vec) from ordinary words.

// piece is one word of a summary as the related engine sees it.
type relPiece struct {
	norm    string // lower case, plural folded: "nerfs" -> "nerf"
	surface string // as written
	// name: written like a method name (NeRF, BERT, CycleGAN, word2vec,
	// or Capitalised in mid-sentence).
	name bool
	// sentenceStart: the first word of a sentence (capitals mean nothing).
	sentenceStart bool
}

// relEachPiece calls fn for every word piece of text in order. Words are
// runs of letters and digits; hyphens and apostrophes split them ("VQ-VAE"
// gives "vq", "vae"; "Kilcher's" gives "kilcher"); URLs are skipped. fn
// returns false to stop early.
func relEachPiece(text string, fn func(p relPiece) bool) {
	relEachPieceAt(text, func(p relPiece, _, _ int) bool { return fn(p) })
}

// relEachPieceAt is relEachPiece, also giving each piece's byte offsets.
func relEachPieceAt(text string, fn func(p relPiece, start, end int) bool) {
	start := true // at a sentence start
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
		if relHasURLPrefix(text[i:]) {
			for i < len(text) && text[i] != ' ' && text[i] != '\n' {
				i++
			}
			continue
		}
		j := relWordRest(text, i)
		word, wstart := text[i:j], i
		i = j
		// "Kilcher's", "Kilcher’s": drop the possessive.
		k := 0
		if strings.HasPrefix(text[i:], "'s") {
			k = i + len("'s")
		} else if strings.HasPrefix(text[i:], "’s") {
			k = i + len("’s")
		}
		if k > 0 && (k >= len(text) || !relIsASCIIAlnum(text[k])) {
			i = k
		}
		p := relPiece{surface: word, sentenceStart: start, name: relNameLike(word, start)}
		p.norm = relNormWord(word)
		start = false
		if !fn(p, wstart, j) {
			return
		}
	}
}

func relIsASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func relHasURLPrefix(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www.")
}

// relNameLike reports whether a word is written like the name of a method:
// two or more capitals (BERT, NeRF, CycleGAN, MuZero), letters mixed with
// digits (word2vec, A2C), or a Capitalised word that does not start a
// sentence (Reformer, Nerfies). Capitalised words are confirmed or
// rejected later against the corpus's use of the lower-case form.
func relNameLike(w string, sentenceStart bool) bool {
	upper, lower, digit, n := 0, 0, 0, 0
	firstUpper := false
	for k, r := range w {
		n++
		switch {
		case unicode.IsUpper(r):
			upper++
			if k == 0 {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lower++
		case unicode.IsDigit(r):
			digit++
		}
	}
	if n < 2 || upper+lower == 0 {
		return false
	}
	if upper >= 2 && n >= 3 {
		return true
	}
	if digit > 0 && upper+lower >= 2 {
		return true
	}
	return firstUpper && upper == 1 && !sentenceStart && n >= 4
}

// relNormWord lower-cases a word and folds a plural "s" ("NERFs", "sirens",
// "tickets"), keeping "ss", "us" and "is" endings.
func relNormWord(w string) string {
	lw := w
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			lw = strings.ToLower(w)
			break
		}
	}
	if n := len(lw); n > 3 && lw[n-1] == 's' {
		switch lw[n-2] {
		case 's', 'u', 'i':
		default:
			lw = lw[:n-1]
		}
	}
	return lw
}

// relEnglishStop are function words dropped before any statistics; the
// corpus's own stop words (words in a large share of its summaries) are
// found from document frequencies at build time.
var relEnglishStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also although am an and any are aren
	as at be because been before being below between both but by can cannot could did didn do does doesn doing
	don down during each either else even ever every few for from further get gets got had has hasn have haven having
	he her here hers herself him himself his how however i if in into is isn it its itself just least less let like
	ll made make makes many may me might more most much must my myself no nor not now of off on once one only or
	other others otherwise our ours ourselves out over own per perhaps quite rather re really s same say says seem
	seems she should shouldn since so some something still such than that the their theirs them themselves then
	there therefore these they thi this those though through thu thus to too toward towards under until up upon us
	use used uses using ve very via was wasn way we well were weren what whatever when where whether which while who
	whom whose why will with within without won would wouldn yet you your yours yourself yourselves ones two three
	also actually fairly pretty somewhat basically simply i'm it's that's isn't don't can't won't
	able across already always among another anything anyway around ask asked away back become becomes best better
	came come comes definitely different done easy else enough especially etc exactly example far felt find finds
	found gave give given gives go goes going gone good great guess happen happens hard help helpful high idea ideas
	important indeed instead interesting interestingly kind know known large largely last later lot lots low main
	mainly maybe mean means meant mostly need needed needs new next nice nothing notably number often old overall
	part particular particularly place point possible probably put quickly rather read reading real reason recent
	recently result results right said saw see seeing seem seemed seeming seen sense set show showed shown shows
	significant significantly similar similarly small sort specific specifically start started state straightforward
	straightforwardly strong sure take taken takes tell thing things think thinking thought time times today tried
	true try trying turn turns understand understanding unlike useful usually various want wanted way ways week went
	whereas whole wide work worked working works worth year years yes clever cool fun neat nicely`) {
		m[relNormWord(w)] = true
	}
	return m
}()

// relStem folds common English suffixes off a lower-case word so that
// "training", "trained" and "trains" count as one term ("train"). It is
// crude on purpose: terms are only compared, never shown (the surface
// form is shown).
func relStem(w string) string {
	if len(w) > 4 && strings.HasSuffix(w, "ie") {
		return w[:len(w)-2] + "y"
	}
	for _, suf := range relSuffixes {
		if len(w) >= len(suf)+4 && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
			// "modelling" -> "modell" -> "model"
			if n := len(w); n > 4 && w[n-1] == w[n-2] && w[n-1] != 's' {
				w = w[:n-1]
			}
			return w
		}
	}
	return w
}

var relSuffixes = []string{"ing", "ed"}

// relLex interns the words of the texts as written: everything the build
// needs to know about a word (its normal form, its term keys, whether it
// reads like a name) is worked out once per distinct spelling, and each
// later occurrence costs one hash probe. Spellings are told apart by a
// 64-bit hash. One per worker: no locking.
type relLex struct {
	slots   []int32 // open addressing on the hash; -1 free
	entries []relLexEntry
	cold    []relLexCold // by entry, what is needed rarely

	hs []uint64   // scratch of relScanDoc: the words' hashes
	ws [][2]int32 // and their offsets
}

// relLexEntry is what is needed of a spelling at every occurrence: one
// cache line.
type relLexEntry struct {
	hash            uint64
	thName, thPlain uint64 // relTermHash of the term keys, 0 for none

	// Pass 1: the worker's statistics of the term keys.
	statName, statPlain *relWordStat
	// Pass 2: term ids (-1 none; relUnresolved before first use) and the
	// name id of norm (-1 none).
	tidName, tidPlain int32
	nameSingle        int32

	cue       uint8 // relCue*
	surfRank  int8  // relSurfaceRank(surface)
	nameStart bool  // relNameLike(surface, true)
	nameMid   bool  // relNameLike(surface, false)
	content   bool  // relContentWord(norm)
	capWord   bool  // relCapWordStr
	maybeName bool  // relMaybeName(surface)
	hasDigit  bool
	yesterday bool
	upper0    bool // no capital letter
	upper2    bool // two or more
	nameFirst bool // norm starts a multi-word name
}

// relLexCold is the rest of what is known of a spelling.
type relLexCold struct {
	surface, norm       string
	termName, termPlain string // relTermKey as a name and as a word
}

// relUnresolved marks an entry pass 2 has not met yet.
const relUnresolved = -2

// relTermHash is the 64-bit key of a term for two-word terms; 0 for none.
func relTermHash(term string) uint64 {
	if term == "" {
		return 0
	}
	return relHashBytes(term) | 1
}

// relBigramOf is the key of the two-word term of two terms' hashes.
func relBigramOf(a, b uint64) uint64 {
	return relMix64(a*0x9e3779b97f4a7c15 ^ (b<<29 | b>>35))
}

const (
	relCueNone uint8 = iota
	relCueBuild
	relCueOn
	relCueMy
	relCueSummary
	relCueExtension
	relCueOf
	relCueExtend
	relCueBased
)

func relCueCode(norm string) uint8 {
	switch norm {
	case "build", "built", "building":
		return relCueBuild
	case "on", "upon":
		return relCueOn
	case "my":
		return relCueMy
	case "summary", "summarie", "writeup", "review":
		return relCueSummary
	case "extension":
		return relCueExtension
	case "of":
		return relCueOf
	case "extend":
		return relCueExtend
	case "based":
		return relCueBased
	}
	return relCueNone
}

func newRelLex() *relLex {
	l := &relLex{slots: make([]int32, 1<<12)}
	for k := range l.slots {
		l.slots[k] = -1
	}
	return l
}

const (
	relFNVBasis = 14695981039346656037
	relFNVPrime = 1099511628211
)

func relHashBytes(s string) uint64 {
	h := uint64(relFNVBasis)
	for k := 0; k < len(s); k++ {
		h ^= uint64(s[k])
		h *= relFNVPrime
	}
	return h
}

// relWordRest returns where the word that goes on at text[j] ends: the
// letters and digits from j, a rune at a time.
func relWordRest(text string, j int) int {
	for j < len(text) {
		if d := text[j]; d < utf8.RuneSelf {
			if !relIsASCIIAlnum(d) {
				break
			}
			j++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += w
	}
	return j
}

// relWordHash is the hash of a spelling in relLex: its bytes eight at a
// time, the last ones zero-padded, and its length.
func relWordHash(w string) uint64 {
	var h uint64
	i := 0
	for ; i+8 <= len(w); i += 8 {
		h = relWordMix(h, swar.Load64(w, i))
	}
	var acc uint64
	for k := i; k < len(w); k++ {
		acc |= uint64(w[k]) << (8 * (k - i))
	}
	return relWordEnd(h, acc, len(w))
}

// relWordMix folds eight bytes of a word into its hash.
func relWordMix(h, x uint64) uint64 {
	h = (h ^ x) * 0x9e3779b97f4a7c15
	return h ^ h>>29
}

// relWordEnd ends the hash h of a word of n bytes with acc, its last n%8
// bytes.
func relWordEnd(h, acc uint64, n int) uint64 {
	h = relWordMix(h, acc) ^ uint64(n)
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

// get returns the index of the entry of the word w, whose relWordHash is
// h, adding it if new.
func (l *relLex) get(w string, h uint64) int32 {
	mask := uint64(len(l.slots) - 1)
	s := relMix64(h) & mask
	for ; ; s = (s + 1) & mask {
		e := l.slots[s]
		if e < 0 {
			break
		}
		if l.entries[e].hash == h {
			return e
		}
	}
	if 2*(len(l.entries)+1) > len(l.slots) {
		l.grow()
		mask = uint64(len(l.slots) - 1)
		s = relMix64(h) & mask
		for l.slots[s] >= 0 {
			s = (s + 1) & mask
		}
	}
	l.slots[s] = int32(len(l.entries))
	e, c := relNewLexEntry(strings.Clone(w), h)
	l.entries = append(l.entries, e)
	l.cold = append(l.cold, c)
	return int32(len(l.entries) - 1)
}

func (l *relLex) grow() {
	l.slots = make([]int32, 2*len(l.slots))
	for k := range l.slots {
		l.slots[k] = -1
	}
	mask := uint64(len(l.slots) - 1)
	for k := range l.entries {
		s := relMix64(l.entries[k].hash) & mask
		for l.slots[s] >= 0 {
			s = (s + 1) & mask
		}
		l.slots[s] = int32(k)
	}
}

func relNewLexEntry(w string, h uint64) (relLexEntry, relLexCold) {
	c := relLexCold{surface: w, norm: relNormWord(w)}
	e := relLexEntry{hash: h, tidName: relUnresolved, tidPlain: relUnresolved, nameSingle: -1}
	e.nameStart = relNameLike(w, true)
	e.nameMid = relNameLike(w, false)
	e.content = relContentWord(c.norm)
	c.termName = relTermKey(&relPiece{norm: c.norm, surface: w, name: true})
	c.termPlain = relTermKey(&relPiece{norm: c.norm, surface: w, name: false})
	e.thName, e.thPlain = relTermHash(c.termName), relTermHash(c.termPlain)
	e.capWord = relCapWordStr(w, c.norm)
	e.maybeName = relMaybeName(w)
	e.hasDigit = relHasDigit(w)
	e.yesterday = c.norm == "yesterday"
	e.cue = relCueCode(c.norm)
	up := relUpperCount(w)
	e.upper0, e.upper2 = up == 0, up >= 2
	e.surfRank = int8(relSurfaceRank(w))
	return e, c
}
