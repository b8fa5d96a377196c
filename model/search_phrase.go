package model

import "slices"

// Phrases: the index keeps no positions, so "gpt 2", "text-to-text" or
// "batch norm" would rank a summary that says "GPT" and "2" far apart
// like one that says "GPT-2". After ranking, the best hits are read once
// more, and a summary that has two neighbouring words of the query side
// by side (in its text or its title, names and authors) gains for each
// such pair.

const (
	// phraseTop is how many of the best hits are read for phrases: the
	// order within them can change, the hits below keep theirs (a bonus
	// only raises a score, so none of them can pass one above).
	phraseTop = 30
	// phraseRead is how much of a summary's text is read for them.
	phraseRead = 16 << 10
	// phraseBonus scales a pair's gain: the mean weight of its two words
	// (idf included).
	phraseBonus = 1.0
)

// rerankPhrases raises the scores of the first phraseTop keys by their
// phrase pairs and sorts those keys again. A pair is two neighbouring
// words of the query, or the two parts of a word split in two ("gpt2":
// gpt, 2); it is found when a form of its first part is followed at once
// by a form of its second.
func (ix *searchIndex) rerankPhrases(c *Corpus, q *query, keys []hitKey) {
	if len(q.words) == 0 || len(keys) < 2 {
		return
	}
	// lead and follow map a term to the pairs (bits) it can start or end.
	lead, follow := make(map[string]uint64), make(map[string]uint64)
	var gain []float32 // per pair
	addPair := func(first, second []int32, w float32) {
		if len(gain) == 64 {
			return
		}
		bit := uint64(1) << len(gain)
		gain = append(gain, w)
		for _, t := range first {
			lead[ix.term(t)] |= bit
		}
		for _, t := range second {
			follow[ix.term(t)] |= bit
		}
	}
	forms := make([][]int32, len(q.words))
	best := make([]float32, len(q.words))
	for i, w := range q.words {
		for _, a := range w.alts {
			if a.b == nil {
				forms[i] = append(forms[i], a.t)
				best[i] = max(best[i], a.w)
				continue
			}
			for _, b := range a.b {
				addPair([]int32{a.t}, []int32{b.t}, phraseBonus*(a.w+b.w)/2)
			}
		}
	}
	for i := 1; i < len(q.words); i++ {
		if len(forms[i-1]) > 0 && len(forms[i]) > 0 {
			addPair(forms[i-1], forms[i], phraseBonus*(best[i-1]+best[i])/2)
		}
	}
	if len(gain) == 0 {
		return
	}
	top := keys[:min(len(keys), phraseTop)]
	var tk tokenizer
	for k, key := range top {
		d := key.doc()
		var found, prev uint64
		scan := func(s string) {
			prev = 0
			tk.each(s, func(tok []byte, _, _ int) {
				found |= prev & follow[string(tok)]
				prev = lead[string(tok)]
			})
		}
		text := c.items[d].Text
		if len(text) > phraseRead {
			text = text[:phraseRead]
		}
		scan(text)
		scan(ix.fieldTexts[d])
		if found == 0 {
			continue
		}
		var bonus float32
		for p, g := range gain {
			if found&(1<<p) != 0 {
				bonus += g
			}
		}
		top[k] = makeKey(key.score()+bonus, d)
	}
	slices.Sort(top)
}
