package model_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
)

// expectQueries are the dev set's queries and queries that take every
// path of a word's expansion: prefixes of one and two letters, typos of
// each kind, four-letter swaps, splits, digit splits, joins, exact words,
// exclusions, anchors, non-ASCII words, and words that match nothing.
func expectQueries(t *testing.T) []string {
	qs := []string{
		"a", "ne", "gan", "cyclegan", "cylcegan", "cyclegn", "cycleggan", "cyclegam",
		"bret", "gial", "nref", "switchtransformer", "switch transformer", "vqvae", "vq vae",
		"vq-vae", "gpt2", "gpt 2", "t5", "fed avg", "fedavg", "'attention", "'lottery ticket",
		"gan !cyclegan", "!nerf", "^the", "learning$", "!^in", "transformer !'attention !vision",
		"résumé", "naïve bayes", "zzzzqqq", "lottery tciket hypothesis", "reinforcement learning reward",
		"mnasnt", "x", "2101.03961", "belongie", "self-supervised", "a b c d e", "lottery' ticket",
	}
	for _, q := range searchReadDevSet(t) {
		qs = append(qs, q.query)
	}
	return qs
}

// TestExpectQueriesSameHits: a search through the index made for its
// query (ExpectQueries, as `precis search` builds it) gives what the
// whole index gives: the same hits in the same order, with the same
// scores, title matches and snippets.
func TestExpectQueriesSameHits(t *testing.T) {
	gen, _, err := parse.Bytes(corpusgen.Generate(2000, 7), "gen")
	if err != nil {
		t.Fatal(err)
	}
	corpora := map[string]*model.Corpus{
		"seed":      searchSeedCorpus(t),
		"generated": model.NewCorpus("gen", gen),
	}
	for name, c := range corpora {
		for _, q := range expectQueries(t) {
			want := c.Search(q, 0)
			got := model.SearchExpecting(c, q, 0)
			if !reflect.DeepEqual(got, want) {
				n := min(len(got), len(want), 3)
				t.Errorf("%s: %q: %d hits, want %d; first %v, want %v", name, q, len(got), len(want), got[:n], want[:n])
			}
		}
	}
}

// TestProbesCoverExpand: every term or prefix a query's expansion asks
// the vocabulary for is one its probes keep, whatever the corpus holds;
// a form added to the expansion and not to the probes fails here.
func TestProbesCoverExpand(t *testing.T) {
	c := searchSeedCorpus(t)
	for _, q := range expectQueries(t) {
		if miss := model.UncoveredProbes(c, q); len(miss) > 0 {
			t.Errorf("%q: not covered: %v", q, miss[:min(len(miss), 8)])
		}
	}
}

// TestExpectingIndexHoldsOnlyWhatQueriesAsk: the index made for some
// queries holds exactly the terms they can ask for, with the whole
// index's postings.
func TestExpectingIndexHoldsOnlyWhatQueriesAsk(t *testing.T) {
	items := slices.Clone(searchSeedCorpus(t).All())
	for _, qs := range [][]string{{"lottery ticket"}, {"gan !cyclegan", "^the"}, {"a"}, {"zzzzqqq"}, {"gpt2", "fed avg"}} {
		if err := model.CheckExpectingIndex(items, qs...); err != nil {
			t.Errorf("%q: %v", qs, err)
		}
	}
	// Tokens that start, end or are made of other scripts, one-letter
	// tokens, and tokens cut at the longest length.
	odd := []model.Summary{
		{Title: "Ünïcödé Café", Text: "café naïve résumé — Ünïcödé ΣΑΣ 東京タワー x1 a b é éa aé 3d l’amour " + strings.Repeat("y", 70) + " end"},
		{Title: "Ωmega", Text: "ωmega über-fast a—b «quoted» naïveté 2x2 x" + strings.Repeat("é", 30) + " yé yè"},
	}
	for _, qs := range [][]string{{"cafe"}, {"é"}, {"ümïcode"}, {"a"}, {"yy"}, {"ωmega", "uber"}, {"naive"}, {"x"}} {
		if err := model.CheckExpectingIndex(odd, qs...); err != nil && !strings.Contains(err.Error(), "every one of") {
			t.Errorf("%q: %v", qs, err)
		}
	}
}
