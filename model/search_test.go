package model_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// searchSeedCorpus is the embedded corpus with its metadata sidecar applied,
// as precis opens it.
func searchSeedCorpus(t testing.TB) *model.Corpus {
	t.Helper()
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	model.ApplyMeta(ss, seeds.Meta, seeds.MetaName)
	return model.NewCorpus(seeds.Name, ss)
}

type searchDevQuery struct {
	query string
	n     int
}

func searchReadDevSet(t *testing.T) []searchDevQuery {
	t.Helper()
	f, err := os.Open("testdata/search_devset.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []searchDevQuery
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 2 {
			t.Fatalf("search_devset.tsv:%d: want query<TAB>n", line)
		}
		n, err := strconv.Atoi(fs[1])
		if err != nil {
			t.Fatalf("search_devset.tsv:%d: %v", line, err)
		}
		qs = append(qs, searchDevQuery{fs[0], n})
	}
	return qs
}

// TestSearchDevSet measures hit@1 and hit@3 over the dev set and fails
// below 0.9 hit@1.
func TestSearchDevSet(t *testing.T) {
	c := searchSeedCorpus(t)
	qs := searchReadDevSet(t)
	if len(qs) < 40 {
		t.Fatalf("dev set has %d queries, want at least 40", len(qs))
	}
	var at1, at3 int
	for _, q := range qs {
		hits := c.Search(q.query, 3)
		rank := -1
		for i, h := range hits {
			if c.At(h.Index).N == q.n {
				rank = i
				break
			}
		}
		switch {
		case rank == 0:
			at1++
			at3++
		case rank > 0:
			at3++
			t.Logf("%q: summary %d ranked %d", q.query, q.n, rank+1)
		default:
			var got []int
			for _, h := range hits {
				got = append(got, c.At(h.Index).N)
			}
			t.Logf("%q: summary %d not in top 3 %v", q.query, q.n, got)
		}
	}
	h1, h3 := float64(at1)/float64(len(qs)), float64(at3)/float64(len(qs))
	t.Logf("dev set: %d queries, hit@1 %.3f, hit@3 %.3f", len(qs), h1, h3)
	if h1 < 0.9 {
		t.Errorf("hit@1 = %.3f, want >= 0.9", h1)
	}
	if h3 < 0.95 {
		t.Errorf("hit@3 = %.3f, want >= 0.95", h3)
	}
}

// searchTopN returns the positions n of the hits.
func searchTopN(c *model.Corpus, hits []model.Hit) []int {
	ns := make([]int, len(hits))
	for i, h := range hits {
		ns[i] = c.At(h.Index).N
	}
	return ns
}

// A word with no letter or digit can match no term: nothing matches,
// alone or beside other words.
func TestSearchPunctuationMatchesNothing(t *testing.T) {
	c := searchSeedCorpus(t)
	for _, q := range []string{"?", "…", "💥", "—", "|", "nerf ?", "'?", "^…", "?$"} {
		if hits := c.Search(q, 0); len(hits) != 0 {
			t.Errorf("Search(%q) = %d hits, want none", q, len(hits))
		}
		if _, err := c.Resolve(q); err == nil {
			t.Errorf("Resolve(%q) found a summary", q)
		}
	}
	if _, err := c.Resolve("!nerf"); err == nil {
		t.Error("Resolve(\"!nerf\") took a summary that merely lacks nerf")
	}
}

func TestSearchEmptyQueryListsAllInOrder(t *testing.T) {
	c := searchSeedCorpus(t)
	// Operators alone are a query still being typed: they ask nothing.
	for _, q := range []string{"", "   ", "'", "^", "$", "!", "!?"} {
		hits := c.Search(q, 0)
		if len(hits) != c.Len() {
			t.Fatalf("Search(%q) = %d hits, want %d", q, len(hits), c.Len())
		}
		for i, h := range hits {
			if h.Index != i {
				t.Fatalf("Search(%q)[%d].Index = %d, want corpus order", q, i, h.Index)
			}
		}
	}
	if got := c.Search("", 5); len(got) != 5 {
		t.Errorf("Search(\"\", 5) = %d hits, want 5", len(got))
	}
}

func TestSearchFormsFindTheSameSummary(t *testing.T) {
	c := searchSeedCorpus(t)
	groups := [][]string{
		{"switch transformer", "Switch-Transformer", "switchtransformer", "SWITCH   TRANSFORMER", "switch\u2013transformer"},
		{"fedavg", "fed avg", "Fed-Avg", "FEDAVG"},
		{"mt-dti", "mt dti", "mtdti", "MT\u2014DTI"},
	}
	for _, g := range groups {
		want := searchTopN(c, c.Search(g[0], 1))
		if len(want) != 1 {
			t.Fatalf("%q: no hit", g[0])
		}
		for _, q := range g[1:] {
			if got := searchTopN(c, c.Search(q, 1)); !slices.Equal(got, want) {
				t.Errorf("Search(%q) top = %v, want %v as for %q", q, got, want, g[0])
			}
		}
	}
}

// searchSquashed is the text of summary n lowercased with only letters and
// digits kept, to check what a hit contains independently of the index.
func searchSquashed(c *model.Corpus, i int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(c.At(i).Text) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestSearchWordsAreANDedInAnyOrder(t *testing.T) {
	c := searchSeedCorpus(t)
	a := searchTopN(c, c.Search("winter summer", 0))
	b := searchTopN(c, c.Search("summer winter", 0))
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("winter summer = %v, summer winter = %v", a, b)
	}
	if n := len(c.Search("winter", 0)); n <= len(a) {
		t.Errorf("adding a word did not narrow: winter %d hits, winter summer %d", n, len(a))
	}
	// With typo forms off ('), every hit holds both words.
	exact := c.Search("'winter 'summer", 0)
	if len(exact) == 0 {
		t.Fatal("'winter 'summer: no hit")
	}
	for _, h := range exact {
		s := searchSquashed(c, h.Index)
		if !strings.Contains(s, "winter") || !strings.Contains(s, "summer") {
			t.Errorf("summary %d matches \"'winter 'summer\" without both words", h.Index+1)
		}
	}
}

func TestSearchRepeatedNameRanksFirst(t *testing.T) {
	c := searchSeedCorpus(t)
	// 164 names CycleGAN three times, 151 once.
	got := searchTopN(c, c.Search("cyclegan", 0))
	i164, i151 := slices.Index(got, 164), slices.Index(got, 151)
	if i164 != 0 || i151 < 0 {
		t.Errorf("cyclegan ranks %v; want 164 first and 151 among the hits", got)
	}
}

func TestSearchTypoDoesNotDrownExactHit(t *testing.T) {
	c := searchSeedCorpus(t)
	// "grover" is a term; its one-edit neighbours must not outrank it.
	hits := c.Search("grover", 0)
	if len(hits) == 0 || c.At(hits[0].Index).N != 19 {
		t.Fatalf("grover: %v", searchTopN(c, hits))
	}
	for _, h := range hits[1:] {
		if h.Score >= hits[0].Score {
			t.Errorf("summary %d scores %.3f >= exact hit %.3f", h.Index+1, h.Score, hits[0].Score)
		}
	}
}

func TestSearchExtendedSyntax(t *testing.T) {
	c := searchSeedCorpus(t)
	if got := c.Search("'cylcegan", 0); len(got) != 0 {
		t.Errorf("'cylcegan (exact) found %v, want nothing", searchTopN(c, got))
	}
	if got := searchTopN(c, c.Search("\u2018cyclegan", 1)); !slices.Equal(got, []int{164}) {
		t.Errorf("\u2018cyclegan (typographic quote) = %v, want [164]", got)
	}
	gan := c.Search("gan", 0)
	notCycle := c.Search("gan !cyclegan", 0)
	if len(notCycle) == 0 || len(notCycle) >= len(gan) {
		t.Fatalf("gan: %d hits, gan !cyclegan: %d", len(gan), len(notCycle))
	}
	for _, h := range notCycle {
		if strings.Contains(searchSquashed(c, h.Index), "cyclegan") {
			t.Errorf("!cyclegan kept summary %d", h.Index+1)
		}
	}
	fed := c.Search("^federated", 0)
	if len(fed) == 0 {
		t.Fatal("^federated: no hit")
	}
	for _, h := range fed {
		s := c.At(h.Index)
		if !strings.HasPrefix(strings.ToLower(s.Text), "federated") && !strings.HasPrefix(strings.ToLower(s.Title), "federated") {
			t.Errorf("^federated kept summary %d", s.N)
		}
	}
	for _, h := range c.Search("!^the", 0) {
		if strings.HasPrefix(strings.ToLower(c.At(h.Index).Text), "the") {
			t.Errorf("!^the kept summary %d", h.Index+1)
		}
	}
	end := c.Search("parameters$", 0)
	for _, h := range end {
		s := c.At(h.Index)
		if !strings.HasSuffix(strings.ToLower(strings.TrimRight(s.Title, ". ")), "parameters") &&
			!strings.HasSuffix(strings.ToLower(strings.TrimRight(s.Text, ".!? )")), "parameters") {
			t.Errorf("parameters$ kept summary %d", s.N)
		}
	}
}

func TestSearchAuthorFindsPaper(t *testing.T) {
	c := searchSeedCorpus(t)
	if c.At(0).Paper == nil || !slices.Contains(c.At(0).Paper.Authors, "Serge Belongie") {
		t.Skip("the sidecar no longer names Serge Belongie for summary 1")
	}
	if got := searchTopN(c, c.Search("belongie", 1)); !slices.Equal(got, []int{1}) {
		t.Errorf("belongie = %v, want [1]", got)
	}
	// The arXiv id finds its paper too, and an id resolves in any case.
	for i := range c.Len() {
		s := c.At(i)
		if s.Paper == nil || s.Paper.Arxiv == "" {
			continue
		}
		if got := searchTopN(c, c.Search(s.Paper.Arxiv, 1)); !slices.Equal(got, []int{s.N}) {
			t.Errorf("arXiv %s = %v, want [%d]", s.Paper.Arxiv, got, s.N)
		}
		if r, err := c.Resolve(strings.ToUpper(s.ID)); err != nil || r.N != s.N {
			t.Errorf("Resolve(%q) = %v, %v; want summary %d", strings.ToUpper(s.ID), r, err, s.N)
		}
	}
}

// searchRunesAt returns the runes of s at the rune indexes idx.
func searchRunesAt(s string, idx []int) string {
	rs := []rune(s)
	var b strings.Builder
	for _, i := range idx {
		if i < 0 || i >= len(rs) {
			return "<out of range>"
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

func TestSearchHighlightsAndSnippet(t *testing.T) {
	c := searchSeedCorpus(t)
	hits := c.Search("cylcegan", 3)
	if len(hits) == 0 {
		t.Fatal("no hit")
	}
	h := hits[0]
	if strings.ContainsAny(h.Marks.Snippet, "\n\r\t") {
		t.Errorf("snippet is not one line: %q", h.Marks.Snippet)
	}
	if n := utf8.RuneCountInString(h.Marks.Snippet); n > model.SnippetRunes+2 || n < 20 {
		t.Errorf("snippet has %d runes: %q", n, h.Marks.Snippet)
	}
	if got := strings.ToLower(searchRunesAt(h.Marks.Snippet, h.Marks.SnippetMatches)); !strings.Contains(got, "cyclegan") {
		t.Errorf("snippet highlights %q in %q, want CycleGAN", got, h.Marks.Snippet)
	}
	hits = c.Search("switch transformer", 1)
	if got := strings.ToLower(searchRunesAt(c.At(hits[0].Index).Title, hits[0].Marks.TitleMatches)); got != "switchtransformer" && got != "switchtransformers" {
		t.Errorf("title %q highlights %q", c.At(hits[0].Index).Title, got)
	}
}

// An accented title: highlights are rune indexes, not byte offsets.
func TestSearchHighlightRuneIndexes(t *testing.T) {
	ss := []model.Summary{
		{Title: "Über Schrödinger’s café", Text: "A summary about Schrödinger and a café in Zürich."},
		{Title: "Plain", Text: "Nothing to see."},
	}
	c := model.NewCorpus("t", ss)
	for q, want := range map[string]string{"schrodinger": "Schrödinger", "cafe": "café", "zurich": "", "sdinger": ""} {
		hits := c.Search(q, 1)
		if len(hits) != 1 || hits[0].Index != 0 {
			t.Fatalf("%q: hits %v", q, hits)
		}
		if want == "" {
			continue
		}
		if got := searchRunesAt(c.At(0).Title, hits[0].Marks.TitleMatches); got != want {
			t.Errorf("%q highlights %q in the title, want %q", q, got, want)
		}
		if got := searchRunesAt(hits[0].Marks.Snippet, hits[0].Marks.SnippetMatches); got != want {
			t.Errorf("%q highlights %q in snippet %q, want %q", q, got, hits[0].Marks.Snippet, want)
		}
	}
	// A word that matches no title token is highlighted by the fuzzy
	// matcher: "cfe" is not a term, but c-f-e are letters of the title.
	hits := c.Search("caf", 1)
	if got := searchRunesAt(c.At(0).Title, hits[0].Marks.TitleMatches); got != "caf" {
		t.Errorf("caf highlights %q", got)
	}
}

func TestSearchContextCancelled(t *testing.T) {
	c := searchSeedCorpus(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.SearchContext(ctx, "transformer attention", 0); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if hits, err := c.SearchContext(context.Background(), "transformer attention", 0); err != nil || len(hits) == 0 {
		t.Errorf("after a cancelled search: %d hits, %v", len(hits), err)
	}
}

var (
	searchGenOnce sync.Once
	searchGenSS   []model.Summary
)

// searchGenSummaries parses a generated corpus of 800 summaries; tests that
// use it lower the size from which the search splits its work across
// cores, so that path is exercised.
func searchGenSummaries(t testing.TB) []model.Summary {
	searchGenOnce.Do(func() {
		ss, _, err := parse.Bytes(corpusgen.Generate(800, 7), "gen")
		if err != nil {
			t.Fatal(err)
		}
		searchGenSS = ss
	})
	return slices.Clone(searchGenSS)
}

// searchTyped returns every prefix of q, as a person types it.
func searchTyped(q string) []string {
	var out []string
	for i := range q {
		if i > 0 {
			out = append(out, q[:i])
		}
	}
	return append(out, q)
}

func searchSameHits(a, b []model.Hit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Index != b[i].Index || a[i].Score != b[i].Score {
			return false
		}
	}
	return true
}

// Keystroke by keystroke, a corpus that reuses the previous result set
// finds exactly what a fresh search finds.
func TestSearchIncrementalMatchesFresh(t *testing.T) {
	defer model.SetParallelMin(100)()
	ss := searchGenSummaries(t)
	typing := model.NewCorpus("typing", ss)
	fresh := model.NewCorpus("fresh", slices.Clone(ss))
	for _, q := range []string{"gan image !atari", "cyclegan the model is"} {
		for _, p := range searchTyped(q) {
			got := typing.Search(p, 0)
			fresh.Search("zzqx unrelated", 0) // forget the previous query
			want := fresh.Search(p, 0)
			if !searchSameHits(got, want) {
				t.Fatalf("%q after typing: %d hits, fresh: %d hits", p, len(got), len(want))
			}
		}
	}
}

func TestSearchConcurrentUse(t *testing.T) {
	defer model.SetParallelMin(100)()
	ss := searchGenSummaries(t)
	c := model.NewCorpus("gen", ss)
	queries := []string{"transformer attention", "cyclegan", "reinforcement learning reward", "vq vae", "mnasnt", "lottery ticket !pruning"}
	want := map[string][]model.Hit{}
	ref := model.NewCorpus("ref", slices.Clone(ss))
	for _, q := range queries {
		ref.Search("zzqx unrelated", 0)
		want[q] = ref.Search(q, 0)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				q := queries[(g+i)%len(queries)]
				for _, p := range []string{q[:len(q)/2], q} {
					got, err := c.SearchContext(context.Background(), p, 0)
					if err != nil {
						errs <- err.Error()
						return
					}
					if p == q && !searchSameHits(got, want[q]) {
						errs <- q
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent search of %q differs from a sequential one", e)
	}
}

// The index build (parallel, hashed, counting-sorted) must produce what
// a plain map-based build does.
func TestSearchIndexMatchesReference(t *testing.T) {
	seed := searchSeedCorpus(t).All()
	gen, _, err := parse.Bytes(corpusgen.Generate(3000, 7), "gen")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Ab", 30)
	odd := []model.Summary{
		{Title: "Ünïcödé ŁÓDŹ", Text: "Café naïve ÉCOLE “quoted” don’t a\u00a0b x—y " + long + " " + strings.Repeat("é", 30) + " " + strings.Repeat("a", 47) + "é" + "z"},
		{Title: "bad \xff utf8", Text: "ab\xffcd \xe2\x82 ΑΒΓ δέλτα 中文字 ١٢٣ x²"},
		{Title: "", Text: ""},
		// A term more often than a posting's tf counts (maxTF), one once
		// fewer, and one as often; a term of the fields only.
		{Title: "Fieldonly spam", Text: strings.Repeat("spam ", 130) + strings.Repeat("eggs ", 126) + strings.Repeat("ham ", 127)},
	}
	// Words of every length around the 8-byte steps of the build's fast
	// path, cased and not, ended by ASCII, by multi-byte letters and
	// separators, by invalid bytes and by the end of the text.
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", "q", "7", "x", "é", "É", "Ω", "中", "’", "—", " ", "-", ",", ".", "\n", "\xff", "\xe2\x82", "_", "@", "\u00a0"}
	random := make([]model.Summary, 300)
	for i := range random {
		var b strings.Builder
		for range rng.IntN(120) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(3) > 0 { // mostly runs of ASCII word bytes
				p = strings.Repeat(pieces[rng.IntN(5)], 1+rng.IntN(17))
			}
			b.WriteString(p)
		}
		random[i] = model.Summary{Title: fmt.Sprint("T", i), Text: b.String()}
	}
	for _, tc := range []struct {
		name  string
		items []model.Summary
	}{
		{"seed", seed},
		{"random", random},
		{"odd", odd},
		{"generated", gen},
		{"mixed", slices.Concat(odd, seed, gen[:500], odd)},
		{"empty", nil},
		{"one", odd[:1]},
	} {
		for _, small := range []bool{false, true} {
			if err := model.CheckSearchIndex(tc.items, small); err != nil {
				t.Errorf("%s (small chunks %v): %v", tc.name, small, err)
			}
		}
		// Regions shared by two workers, and an odd worker alone.
		for _, procs := range []int{1, 3, 5} {
			func() {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				if err := model.CheckSearchIndex(tc.items, true); err != nil {
					t.Errorf("%s (%d workers): %v", tc.name, procs, err)
				}
			}()
		}
	}
}
