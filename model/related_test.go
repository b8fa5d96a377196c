package model_test

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

func seedCorpus(t testing.TB) *model.Corpus {
	t.Helper()
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	return model.NewCorpus(seeds.Name, ss)
}

// devSet is the hand-judged related-papers set in testdata.
type devSet struct {
	groups  map[string][]int // name -> positions n
	buildOn []buildsOn
}

type buildsOn struct {
	src, dst int // positions n
	words    string
}

func loadDevSet(t *testing.T) devSet {
	t.Helper()
	f, err := os.Open("testdata/related_devset.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds := devSet{groups: map[string][]int{}}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		if cols[0] == "builds-on" {
			if len(cols) != 4 {
				t.Fatalf("devset line %d: want builds-on, source, target, words", line)
			}
			src, err1 := strconv.Atoi(cols[1])
			dst, err2 := strconv.Atoi(cols[2])
			if err1 != nil || err2 != nil {
				t.Fatalf("devset line %d: bad positions", line)
			}
			ds.buildOn = append(ds.buildOn, buildsOn{src, dst, cols[3]})
			continue
		}
		if len(cols) != 2 {
			t.Fatalf("devset line %d: want group, members", line)
		}
		for _, f := range strings.Fields(cols[1]) {
			n, err := strconv.Atoi(f)
			if err != nil {
				t.Fatalf("devset line %d: %v", line, err)
			}
			ds.groups[cols[0]] = append(ds.groups[cols[0]], n)
		}
	}
	return ds
}

// judged returns, per query index, the indexes judged related to it.
func (ds devSet) judged() map[int]map[int]bool {
	out := map[int]map[int]bool{}
	for _, members := range ds.groups {
		for _, q := range members {
			for _, r := range members {
				if r == q {
					continue
				}
				if out[q-1] == nil {
					out[q-1] = map[int]bool{}
				}
				out[q-1][r-1] = true
			}
		}
	}
	return out
}

type agreement struct {
	queries          int
	top1, top3, p3   float64
	missTop1Examples []string
}

func (a agreement) String() string {
	return fmt.Sprintf("top-1 %.1f%%, top-3 %.1f%% (any of 3), precision@3 %.1f%% over %d queries",
		100*a.top1, 100*a.top3, 100*a.p3, a.queries)
}

func score(judged map[int]map[int]bool, rank func(q int) []int) agreement {
	var a agreement
	qs := make([]int, 0, len(judged))
	for q := range judged {
		qs = append(qs, q)
	}
	sort.Ints(qs)
	for _, q := range qs {
		got := rank(q)
		a.queries++
		if len(got) > 0 && judged[q][got[0]] {
			a.top1++
		} else if len(got) > 0 {
			a.missTop1Examples = append(a.missTop1Examples, fmt.Sprintf("%d->%d", q+1, got[0]+1))
		}
		hit := 0
		for _, r := range got[:min(3, len(got))] {
			if judged[q][r] {
				hit++
			}
		}
		if hit > 0 {
			a.top3++
		}
		a.p3 += float64(hit) / 3
	}
	n := float64(a.queries)
	a.top1 /= n
	a.top3 /= n
	a.p3 /= n
	return a
}

// baseline is plain TF-IDF cosine over the summaries' words: lower-cased
// runs of letters and digits, raw counts times log(N/df), no stop words.
type baseline struct {
	vecs []map[string]float64
}

func newBaseline(c *model.Corpus) *baseline {
	b := &baseline{}
	df := map[string]int{}
	tfs := make([]map[string]float64, c.Len())
	for i := 0; i < c.Len(); i++ {
		tf := map[string]float64{}
		for _, w := range strings.FieldsFunc(strings.ToLower(c.At(i).Text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			tf[w]++
		}
		for w := range tf {
			df[w]++
		}
		tfs[i] = tf
	}
	n := float64(c.Len())
	for _, tf := range tfs {
		var norm float64
		for w, x := range tf {
			tf[w] = x * math.Log(n/float64(df[w]))
			norm += tf[w] * tf[w]
		}
		norm = math.Sqrt(norm)
		for w := range tf {
			if norm > 0 {
				tf[w] /= norm
			}
		}
		b.vecs = append(b.vecs, tf)
	}
	return b
}

func (b *baseline) rank(q, k int) []int {
	type s struct {
		i int
		v float64
	}
	var all []s
	for i, v := range b.vecs {
		if i == q {
			continue
		}
		var dot float64
		for w, x := range b.vecs[q] {
			dot += x * v[w]
		}
		all = append(all, s{i, dot})
	}
	sort.Slice(all, func(a, c int) bool {
		if all[a].v != all[c].v {
			return all[a].v > all[c].v
		}
		return all[a].i < all[c].i
	})
	out := make([]int, 0, k)
	for _, x := range all[:min(k, len(all))] {
		out = append(out, x.i)
	}
	return out
}

func indexes(rs []model.Related) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = r.Index
	}
	return out
}

// TestRelatedDevSet reports how often the engine's top-1 and top-3 agree
// with the hand-judged dev set, against plain TF-IDF cosine, and requires
// the engine to beat the baseline clearly.
func TestRelatedDevSet(t *testing.T) {
	c := seedCorpus(t)
	ds := loadDevSet(t)
	judged := ds.judged()
	if len(judged) < 25 {
		t.Fatalf("dev set covers %d summaries, want at least 25", len(judged))
	}
	eng := score(judged, func(q int) []int { return indexes(c.Related(q, 3)) })
	b := newBaseline(c)
	base := score(judged, func(q int) []int { return b.rank(q, 3) })
	t.Logf("engine:   %s", eng)
	t.Logf("baseline: %s", base)
	t.Logf("engine top-1 misses (query->top): %s", strings.Join(eng.missTop1Examples, " "))
	if eng.top1 < base.top1+0.10 {
		t.Errorf("engine top-1 %.3f does not beat baseline %.3f by 10 points", eng.top1, base.top1)
	}
	if eng.top3 < base.top3+0.05 {
		t.Errorf("engine top-3 %.3f does not beat baseline %.3f by 5 points", eng.top3, base.top3)
	}
	if eng.p3 < base.p3+0.05 {
		t.Errorf("engine precision@3 %.3f does not beat baseline %.3f by 5 points", eng.p3, base.p3)
	}
}

// TestRelatedBuildsOn: every summary that says it builds on another
// summary of the corpus has that one in its top 5, and the dev set's
// quotes are really in the source summaries.
func TestRelatedBuildsOn(t *testing.T) {
	c := seedCorpus(t)
	ds := loadDevSet(t)
	if len(ds.buildOn) < 8 {
		t.Fatalf("dev set has %d builds-on pairs", len(ds.buildOn))
	}
	for _, p := range ds.buildOn {
		src := c.At(p.src - 1)
		if !strings.Contains(src.Text, p.words) {
			t.Errorf("summary %d does not contain %q: dev set out of date", p.src, p.words)
			continue
		}
		rs := c.Related(p.src-1, 5)
		found := false
		for _, r := range rs {
			found = found || r.Index == p.dst-1
		}
		if !found {
			t.Errorf("summary %d builds on %d, not in its top 5: %v", p.src, p.dst, rs)
		}
	}
}

func TestRelatedNeRFAndLottery(t *testing.T) {
	c := seedCorpus(t)
	// 14 is NeRF: Nerfies (13) builds on it, and it builds on SIREN (15).
	rs := c.Related(13, 5)
	if len(rs) < 2 {
		t.Fatalf("related 14: %v", rs)
	}
	top2 := map[int]string{rs[0].Index: rs[0].Reason, rs[1].Index: rs[1].Reason}
	for _, want := range []int{12, 14} {
		reason, ok := top2[want]
		if !ok {
			t.Errorf("related 14: %d not in the top 2: %v", want+1, rs)
		} else if !strings.Contains(reason, "builds on") {
			t.Errorf("related 14 -> %d: reason %q does not say builds on", want+1, reason)
		}
	}
	// 16 is the lottery ticket hypothesis for BERT: the other lottery
	// ticket summaries follow.
	lottery := map[int]bool{39: true, 62: true, 63: true, 94: true, 106: true}
	rs = c.Related(15, 5)
	hits := 0
	for _, r := range rs {
		if lottery[r.Index] {
			hits++
		}
	}
	if hits < 3 {
		t.Errorf("related 16: %d of the top 5 are lottery-ticket summaries, want >= 3: %v", hits, rs)
	}
}

func TestRelatedShape(t *testing.T) {
	c := seedCorpus(t)
	for i := 0; i < c.Len(); i++ {
		rs := c.Related(i, 7)
		if len(rs) != 7 {
			t.Fatalf("related %d: %d results, want 7", i+1, len(rs))
		}
		seen := map[int]bool{}
		for j, r := range rs {
			if r.Index == i || seen[r.Index] || r.Index < 0 || r.Index >= c.Len() {
				t.Fatalf("related %d: bad or repeated index %d in %v", i+1, r.Index, rs)
			}
			seen[r.Index] = true
			if j > 0 && r.Score > rs[j-1].Score {
				t.Fatalf("related %d: not best first: %v", i+1, rs)
			}
			if r.Reason == "" {
				t.Fatalf("related %d -> %d: no reason", i+1, r.Index+1)
			}
		}
	}
	if rs := c.Related(-1, 3); rs != nil {
		t.Errorf("Related(-1) = %v", rs)
	}
	if rs := c.Related(c.Len(), 3); rs != nil {
		t.Errorf("Related(len) = %v", rs)
	}
	if rs := c.Related(0, 1000); len(rs) > c.Len()-1 {
		t.Errorf("Related(0, 1000) gave %d results", len(rs))
	}
}

func TestRelatedSmallCorpora(t *testing.T) {
	one := model.NewCorpus("one", []model.Summary{{Text: "A single summary about NeRF."}})
	if rs := one.Related(0, 5); len(rs) != 0 {
		t.Errorf("one summary: %v", rs)
	}
	empty := model.NewCorpus("empty", []model.Summary{{Text: ""}, {Text: "   "}, {Text: "https://i.imgur.com/x.png"}})
	if rs := empty.Related(0, 5); len(rs) != 0 {
		t.Errorf("empty texts: %v", rs)
	}
	two := model.NewCorpus("two", []model.Summary{
		{Text: "Contrastive learning with SimCLR augmentation pulls views together."},
		{Text: "This builds on my summary of SimCLR: contrastive augmentation again."},
		{Text: "Reinforcement learning agents explore with curiosity rewards."},
	})
	rs := two.Related(1, 2)
	if len(rs) == 0 || rs[0].Index != 0 {
		t.Fatalf("related of the SimCLR follow-up: %v", rs)
	}
}

func TestRelatedConcurrent(t *testing.T) {
	c := seedCorpus(t)
	want := make([][]model.Related, c.Len())
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.BuildRelatedIndex()
			for i := 0; i < c.Len(); i++ {
				_ = c.Related(i, 5)
			}
		}()
	}
	wg.Wait()
	for i := range want {
		want[i] = c.Related(i, 5)
	}
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c.Len() - 1; i >= 0; i-- {
				got := c.Related(i, 5)
				if fmt.Sprint(got) != fmt.Sprint(want[i]) {
					t.Errorf("related %d differs under concurrency", i+1)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// generated returns a corpus of n generated summaries.
func generated(b *testing.B, n int) *model.Corpus {
	b.Helper()
	ss, _, err := parse.Bytes(corpusgen.Generate(n, 1), "generated")
	if err != nil {
		b.Fatal(err)
	}
	return model.NewCorpus("generated", ss)
}

var benchCorpora = map[int]*model.Corpus{}

func benchCorpus(b *testing.B, n int) *model.Corpus {
	if c := benchCorpora[n]; c != nil {
		return c
	}
	c := generated(b, n)
	c.BuildRelatedIndex()
	benchCorpora[n] = c
	return c
}

// BenchmarkRelated100k: related summaries for one summary, on demand, at
// 100k summaries (the index built beforehand).
func BenchmarkRelated100k(b *testing.B) {
	c := benchCorpus(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = c.Related((i*7919)%c.Len(), 10)
	}
	b.ReportMetric(float64(model.RelatedIndexBytes(c))/(1<<20), "index-MB")
	if !model.RelatedIndexCheck(c) {
		b.Fatal("inverted lists do not match the term vectors")
	}
}

func BenchmarkRelated10k(b *testing.B) {
	c := benchCorpus(b, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = c.Related((i*7919)%c.Len(), 10)
	}
	b.ReportMetric(float64(model.RelatedIndexBytes(c))/(1<<20), "index-MB")
}

// BenchmarkBuildRelated10k / 100k: building the whole index.
func BenchmarkBuildRelated10k(b *testing.B)  { benchBuild(b, 10_000) }
func BenchmarkBuildRelated100k(b *testing.B) { benchBuild(b, 100_000) }

func benchBuild(b *testing.B, n int) {
	data := corpusgen.Generate(n, 1)
	b.ReportAllocs()
	var cpu time.Duration
	var c *model.Corpus
	for b.Loop() {
		b.StopTimer()
		ss, _, err := parse.Bytes(data, "generated")
		if err != nil {
			b.Fatal(err)
		}
		c = model.NewCorpus("generated", ss)
		b.StartTimer()
		cpu0 := corpusgen.ProcessCPU()
		c.BuildRelatedIndex()
		cpu += corpusgen.ProcessCPU() - cpu0
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/summary")
	b.ReportMetric(float64(model.RelatedIndexBytes(c))/(1<<20), "index-MB")
	if !model.RelatedIndexCheck(c) {
		b.Fatal("inverted lists do not match the term vectors")
	}
}

// A term a reason names is one both summaries are about: a name both
// write as shown, or a word both say more than once, never one that one
// of them uses in passing.
func TestRelatedReasonsNameSharedTopics(t *testing.T) {
	c := seedCorpus(t)
	times := func(text, term string) int {
		re := regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(term) + `(s|es|ed|d|ing)?($|[^\pL\pN])`)
		return len(re.FindAllStringIndex(text, -1))
	}
	checked := 0
	for i := range c.Len() {
		for _, r := range c.Related(i, 5) {
			_, shared, ok := strings.Cut(r.Reason, "shares: ")
			if !ok {
				continue
			}
			a, b := c.At(i).Text, c.At(r.Index).Text
			for _, term := range strings.Split(shared, ", ") {
				checked++
				name := strings.ContainsAny(term, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") && strings.Contains(a, term) && strings.Contains(b, term)
				if !name && (times(a, term) < 2 || times(b, term) < 2) {
					t.Errorf("related %d -> %d: %q names %q, which %d and %d say %d and %d times", i+1, r.Index+1, r.Reason, term, i+1, r.Index+1, times(a, term), times(b, term))
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d shared terms checked", checked)
	}
}

// The related index's build waits while foreground work (a search, a
// summary being rendered) is under way: the reader builds it in the
// background, and a keystroke's search should have the cores. It goes on
// once the work is done.
func TestRelatedBuildWaitsForForeground(t *testing.T) {
	// How long a build takes here with nothing holding it.
	free := seedCorpus(t)
	t0 := time.Now()
	free.BuildRelatedIndex()
	took := time.Since(t0)

	c := seedCorpus(t)
	release := c.Foreground()
	done := make(chan struct{})
	go func() { c.BuildRelatedIndex(); close(done) }()
	select {
	case <-done:
		release()
		t.Fatal("the related index was built while foreground work was under way")
	case <-time.After(3*took + 100*time.Millisecond):
	}
	if c.RelatedReady() {
		t.Fatal("RelatedReady while the build waits")
	}
	release()
	select {
	case <-done:
	case <-time.After(30*took + 10*time.Second):
		t.Fatal("the related index was not built after the foreground work ended")
	}
	if !c.RelatedReady() {
		t.Fatal("not RelatedReady after the build")
	}
}

// A caller that waits for the related index while it holds foreground
// work (a render that asks for related papers) does not deadlock with the
// build, which would otherwise wait for that work to end.
func TestRelatedWantedWhileForeground(t *testing.T) {
	c := seedCorpus(t)
	done := c.Foreground()
	defer done()
	got := make(chan int, 1)
	go func() { got <- len(c.Related(0, 5)) }()
	select {
	case n := <-got:
		if n == 0 {
			t.Fatal("no related papers for the first summary")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Related under foreground work never returned")
	}
}
