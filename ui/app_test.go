package ui

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// updating reports -update, which rewrites the golden screens in
// testdata/ (the flag is registered by teatest's golden package).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestMain(m *testing.M) {
	ConfigureColors("notty")
	previewDelay, resizeDelay = 0, 0
	os.Exit(m.Run())
}

var seedCorpus *model.Corpus

func corpus(t testing.TB) *model.Corpus {
	t.Helper()
	if seedCorpus == nil {
		ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
		if err != nil {
			t.Fatal(err)
		}
		if warns := model.ApplyMeta(ss, seeds.Meta, seeds.MetaName); len(warns) > 0 {
			t.Fatalf("sidecar warnings: %q", warns)
		}
		seedCorpus = model.NewCorpus(seeds.Name, ss)
	}
	return seedCorpus
}

// newTestModel is a reader over the seed corpus at w x h, settled.
func newTestModel(t testing.TB, w, h int) *Model {
	t.Helper()
	m := New(corpus(t), Options{Style: "notty", Open: func(string) error { return nil }})
	settle(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// send delivers msg and runs every command it leads to, as the program
// would, until nothing is left (spinner ticks are not fed back).
func send(t testing.TB, m *Model, msg tea.Msg) {
	t.Helper()
	_, cmd := m.Update(msg)
	settle(t, m, cmd)
}

func settle(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, spinner.TickMsg, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// keys sends each key in turn; words in angle brackets are named keys.
func keys(t testing.TB, m *Model, ks ...string) {
	t.Helper()
	for _, k := range ks {
		send(t, m, keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "<enter>":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "<esc>":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "<tab>":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "<down>":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "<up>":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "<space>":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "<backspace>":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "<ctrl+d>":
		return tea.KeyMsg{Type: tea.KeyCtrlD}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// typeText types s one rune at a time.
func typeText(t testing.TB, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// screen is the view without escape sequences.
func screen(m *Model) string { return ansi.Strip(m.View()) }

// checkFits fails unless the view is at most h lines of at most w cells.
func checkFits(t testing.TB, m *Model, w, h int) {
	t.Helper()
	v := m.View()
	lines := strings.Split(v, "\n")
	if v != "" && len(lines) > h {
		t.Fatalf("%dx%d: view has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d cells wide: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("screen %s differs from %s (rerun with -update if intended)\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

func TestGoldenScreens(t *testing.T) {
	sizes := [][2]int{{80, 24}, {120, 40}, {40, 12}}
	for _, sz := range sizes {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			m := newTestModel(t, w, h)
			golden(t, fmt.Sprintf("start_%dx%d", w, h), screen(m))
			checkFits(t, m, w, h)

			keys(t, m, "/")
			typeText(t, m, "switch transformer")
			golden(t, fmt.Sprintf("filter_%dx%d", w, h), screen(m))
			checkFits(t, m, w, h)

			keys(t, m, "<enter>")
			golden(t, fmt.Sprintf("open_%dx%d", w, h), screen(m))
			checkFits(t, m, w, h)

			keys(t, m, "?")
			golden(t, fmt.Sprintf("help_%dx%d", w, h), screen(m))
			checkFits(t, m, w, h)
		})
	}
}

func TestFilterThenEnterOpensTheBestHit(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "/")
	typeText(t, m, "switch transformer")
	if got := m.list.selected(); got != 2 {
		t.Fatalf("best hit for 'switch transformer' is index %d, want 2 (summary 3)", got)
	}
	keys(t, m, "<enter>")
	if m.focus != paneReader || m.reader.idx != 2 {
		t.Fatalf("after enter: focus %v, reading %d; want the reader on summary 3", m.focus, m.reader.idx)
	}
	if s := screen(m); !strings.Contains(s, "Switch Transformer") {
		t.Fatalf("the Switch Transformer summary is not on screen:\n%s", s)
	}
	if !strings.Contains(screen(m), "3 of 164") {
		t.Errorf("status line lacks the position:\n%s", screen(m))
	}
}

func TestGlobalKeysAreTextWhileTyping(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "/")
	typeText(t, m, "bq?r")
	if m.overlay != overlayNone || m.quitting {
		t.Fatal("a global key acted while typing in the filter")
	}
	if got := m.filterInput.Value(); got != "bq?r" {
		t.Fatalf("filter holds %q, want %q", got, "bq?r")
	}
	if m.store.IsBookmarked(m.corpus.At(0).ID) {
		t.Fatal("b bookmarked while typing")
	}
}

func TestStaleFilterResultIsDropped(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "/")
	typeText(t, m, "lottery")
	want := len(m.list.items)
	// A result for an older generation arrives late: it must not win.
	send(t, m, filterResultMsg{gen: m.filterGen - 1, query: "l", hits: nil})
	if len(m.list.items) != want {
		t.Fatalf("a stale filter result replaced the list (%d items, want %d)", len(m.list.items), want)
	}
}

func TestStaleRenderIsDropped(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "<enter>")
	shown := m.reader.rendered
	send(t, m, renderedMsg{key: renderKey{idx: 5, width: shown.width}, content: "STALE"})
	if strings.Contains(screen(m), "STALE") || m.reader.rendered != shown {
		t.Fatal("a render for another summary replaced the one being read")
	}
}

func TestReaderSearchCountsAndSteps(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "<enter>", "/")
	typeText(t, m, "the")
	keys(t, m, "<enter>")
	n := len(m.reader.search.matches)
	if n < 3 {
		t.Fatalf("found %d matches of 'the' in summary 1", n)
	}
	if !strings.Contains(screen(m), fmt.Sprintf("1/%d", n)) {
		t.Fatalf("no match counter 1/%d on screen:\n%s", n, screen(m))
	}
	keys(t, m, "n", "n")
	if !strings.Contains(screen(m), fmt.Sprintf("3/%d", n)) {
		t.Fatalf("n n did not reach match 3/%d", n)
	}
	keys(t, m, "N")
	if m.reader.search.cur != 1 {
		t.Fatalf("N went to match %d, want 2", m.reader.search.cur+1)
	}
}

// A phrase that the wrapping broke over two lines is still found, and
// both of its parts are marked.
func TestReaderSearchFindsPhrasesAcrossLines(t *testing.T) {
	m := newTestModel(t, 70, 30)
	keys(t, m, "<enter>")
	var phrase string
	var line int
	for i := 0; i+1 < len(m.reader.plain) && phrase == ""; i++ {
		a, b := strings.Fields(m.reader.plain[i]), strings.Fields(m.reader.plain[i+1])
		if len(a) > 2 && len(b) > 2 && isWord(a[len(a)-1]) && isWord(b[0]) {
			phrase, line = a[len(a)-1]+" "+b[0], i
		}
	}
	if phrase == "" {
		t.Fatal("no two words of summary 1 wrap from one line to the next at 70 columns")
	}
	keys(t, m, "/")
	typeText(t, m, strings.ToUpper(phrase))
	keys(t, m, "<enter>")
	var spans []int
	for _, hit := range m.reader.search.matches {
		if len(hit) == 2 && hit[0].line == line {
			spans = append(spans, hit[0].line, hit[1].line)
		}
	}
	if len(spans) == 0 {
		t.Fatalf("%q, wrapped over lines %d and %d, not found as one match: %+v\n%s", phrase, line+1, line+2, m.reader.search.matches, screen(m))
	}
	if strings.Contains(screen(m), "no match") {
		t.Fatalf("the status says no match:\n%s", screen(m))
	}
}

func isWord(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return s != ""
}

func TestBookmarkToggleAndBookmarksOnly(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "j", "b", "j", "j", "b", "B")
	if len(m.list.items) != 2 {
		t.Fatalf("B shows %d items, want the 2 bookmarked", len(m.list.items))
	}
	if !strings.Contains(screen(m), "★") {
		t.Fatal("bookmarks are not marked in the list")
	}
	keys(t, m, "b")
	if len(m.list.items) != 2 || strings.Count(screen(m), "★") != 1 {
		t.Fatalf("after un-bookmarking, B shows %d items with %d stars, want it kept unstarred (2, 1)", len(m.list.items), strings.Count(screen(m), "★"))
	}
	keys(t, m, "B", "B")
	if len(m.list.items) != 1 {
		t.Fatalf("B shown again lists %d items, want 1", len(m.list.items))
	}
}

type failingStore struct{ *memStore }

func (failingStore) ToggleBookmark(*model.Summary) (bool, error) {
	return false, fmt.Errorf("disk full")
}

func TestFailedBookmarkWriteSaysWhy(t *testing.T) {
	m := New(corpus(t), Options{Style: "notty", Store: failingStore{newMemStore()}})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	keys(t, m, "b")
	if m.store.IsBookmarked(m.corpus.At(0).ID) {
		t.Fatal("a failed write left a bookmark")
	}
	if !strings.Contains(screen(m), "bookmark not saved: disk full") {
		t.Fatalf("the status line does not say why:\n%s", screen(m))
	}
}

func TestHistoryRestoresScroll(t *testing.T) {
	m := newTestModel(t, 120, 40)
	// Open a long summary, scroll, open another, come back.
	keys(t, m, "/")
	typeText(t, m, "alphafold")
	keys(t, m, "<enter>")
	first := m.reader.idx
	keys(t, m, "j", "j", "j", "j", "j")
	off := m.reader.vp.YOffset
	if off == 0 {
		t.Fatal("could not scroll the summary")
	}
	send(t, m, tea.KeyMsg{Type: tea.KeyEsc})
	keys(t, m, "<esc>", "j", "<enter>")
	second := m.reader.idx
	if second == first {
		t.Fatal("did not open a second summary")
	}
	keys(t, m, "[")
	if m.reader.idx != first || m.reader.vp.YOffset != off {
		t.Fatalf("[ went to %d at line %d, want %d at line %d", m.reader.idx, m.reader.vp.YOffset, first, off)
	}
	keys(t, m, "]")
	if m.reader.idx != second {
		t.Fatalf("] went to %d, want %d", m.reader.idx, second)
	}
}

func TestNarrowShowsOnePaneAtATime(t *testing.T) {
	m := newTestModel(t, 60, 20)
	if strings.Contains(screen(m), "│") {
		t.Fatal("a narrow terminal shows two panes")
	}
	keys(t, m, "<enter>")
	if m.focus != paneReader || !strings.Contains(screen(m), "1 of 164") {
		t.Fatalf("enter did not show the reader:\n%s", screen(m))
	}
	keys(t, m, "<esc>")
	if m.focus != paneList {
		t.Fatal("esc did not go back to the list")
	}
}

func TestEverySizeAndResizeStorm(t *testing.T) {
	m := newTestModel(t, 80, 24)
	keys(t, m, "<enter>") // a summary open: both panes have content
	// Every width from 1 to 300 at a few heights, every height from 1 to
	// 100 at a few widths.
	for w := 1; w <= 300; w++ {
		for _, h := range []int{1, 2, 12, 100} {
			send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			checkFits(t, m, w, h)
		}
	}
	for h := 1; h <= 100; h++ {
		for _, w := range []int{1, 40, 89, 90, 300} {
			send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			checkFits(t, m, w, h)
		}
	}
	// A storm of sizes with keys in between, overlays included.
	rng := rand.New(rand.NewSource(1))
	ks := []string{"j", "k", "<enter>", "<esc>", "?", "?", "r", "<esc>", "o", "<esc>", "G", "g", "<tab>", "<space>"}
	for i := 0; i < 400; i++ {
		w, h := 1+rng.Intn(300), 1+rng.Intn(100)
		m.Update(tea.WindowSizeMsg{Width: w, Height: h}) // no settling: a storm
		if i%3 == 0 {
			keys(t, m, ks[rng.Intn(len(ks))])
		}
		checkFits(t, m, w, h)
	}
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	checkFits(t, m, 120, 40)
}

func TestHelpListsEveryKey(t *testing.T) {
	m := newTestModel(t, 200, 50)
	keys(t, m, "?")
	s := screen(m)
	for _, group := range m.keys.FullHelp() {
		for _, b := range group {
			if !strings.Contains(s, b.Help().Desc) {
				t.Errorf("help overlay lacks %q (%s)", b.Help().Desc, b.Help().Key)
			}
		}
	}
}

func TestLinksOnlyOpenHTTP(t *testing.T) {
	var opened []string
	m := New(corpus(t), Options{Style: "notty", Open: func(u string) error { opened = append(opened, u); return nil }})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, u := range []string{"javascript:alert(1)", "file:///etc/passwd", "https://arxiv.org/abs/2101.03961"} {
		settle(t, m, m.openLink(u))
	}
	if len(opened) != 1 || opened[0] != "https://arxiv.org/abs/2101.03961" {
		t.Fatalf("opened %q, want only the https link", opened)
	}
}

func TestKeysArrivingTogetherEachAct(t *testing.T) {
	m := newTestModel(t, 120, 40)
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjb")})
	if m.list.selected() != 2 || !m.store.IsBookmarked(m.corpus.At(2).ID) {
		t.Fatalf("\"jjb\" in one message: cursor on %d, bookmarked %v; want 2 and true", m.list.selected(), m.store.IsBookmarked(m.corpus.At(2).ID))
	}
	// "/" then more runes in the same message: the rest is the query.
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/nerf")})
	if !m.filtering || m.filterInput.Value() != "nerf" {
		t.Fatalf("\"/nerf\" in one message: filtering %v with %q", m.filtering, m.filterInput.Value())
	}
}

func TestLoadingScreenThenCorpus(t *testing.T) {
	release := make(chan struct{})
	load := func(progress func(string)) (*model.Corpus, []string, error) {
		<-release
		return corpus(t), []string{"big.txt:3: empty summary after [link], skipped"}, nil
	}
	m := NewLoading("big.txt", load, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := screen(m); !strings.Contains(s, "loading big.txt") {
		t.Fatalf("no loading screen:\n%s", s)
	}
	checkFits(t, m, 80, 24)
	close(release)
	settle(t, m, m.loadCmd())
	s := screen(m)
	if !strings.Contains(s, "164 summaries") || !strings.Contains(s, "empty summary") {
		t.Fatalf("after loading, the list and the load warning should show:\n%s", s)
	}
	checkFits(t, m, 80, 24)
}

// TestTypeAheadWhileLoading: keys typed on the loading screen are played
// once the corpus is there; q inside a filter typed ahead is text, and
// the loading screen shows that text.
func TestTypeAheadWhileLoading(t *testing.T) {
	release := make(chan struct{})
	m := NewLoading("big.txt", func(func(string)) (*model.Corpus, []string, error) {
		<-release
		return corpus(t), nil, nil
	}, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	keys(t, m, "j", "j", "/", "q", "x", "<backspace>", "u", "a", "n", "t")
	if m.quitting {
		t.Fatal("q typed into a filter ahead of the corpus quit the reader")
	}
	if s := screen(m); !strings.Contains(s, "/ quant") {
		t.Fatalf("the loading screen does not show the filter typed ahead:\n%s", s)
	}
	close(release)
	settle(t, m, m.loadCmd())
	if !m.filtering || m.filterInput.Value() != "quant" {
		t.Fatalf("after loading: filtering %v with %q, want the filter \"quant\" typed ahead", m.filtering, m.filterInput.Value())
	}
	if m.filterQuery != "quant" || len(m.list.items) == 0 || len(m.list.items) == m.corpus.Len() {
		t.Fatalf("the filter typed ahead was not applied: query %q, %d items", m.filterQuery, len(m.list.items))
	}
	keys(t, m, "<esc>")
	if m.list.selected() != 2 {
		t.Errorf("j j typed ahead: selection %d after esc, want 2", m.list.selected())
	}

	// Outside a filter, q on the loading screen quits at once.
	m = NewLoading("big.txt", func(func(string)) (*model.Corpus, []string, error) {
		select {}
	}, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	keys(t, m, "/", "a", "<esc>", "q")
	if !m.quitting {
		t.Fatal("q after the typed-ahead filter was closed did not quit")
	}
}

func TestLoadErrorEndsTheProgram(t *testing.T) {
	m := NewLoading("big.txt", func(func(string)) (*model.Corpus, []string, error) {
		return nil, nil, fmt.Errorf("big.txt:7: binary data (NUL byte)")
	}, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	settle(t, m, m.loadCmd())
	if m.Err() == nil || !m.quitting {
		t.Fatal("a failed load must end the program with its error")
	}
}

func TestSummaryShowsBeforeTheRelatedIndexThenGainsIt(t *testing.T) {
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	c := model.NewCorpus(seeds.Name, ss) // a fresh corpus: no index built
	m := New(c, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	keys(t, m, "<enter>", "G")
	if s := screen(m); !strings.Contains(s, "finding them") {
		t.Fatalf("the summary should show at once, related papers pending:\n%s", s)
	}
	off := m.reader.vp.YOffset
	keys(t, m, "r")
	if m.overlay != overlayNone || !strings.Contains(screen(m), "still finding related papers") {
		t.Fatal("r before the index is built must say so, not wait for it")
	}
	c.BuildRelatedIndex()
	send(t, m, relatedReadyMsg{})
	if m.reader.vp.YOffset != off {
		t.Fatalf("re-rendering with related papers moved the view from line %d to %d", off, m.reader.vp.YOffset)
	}
	keys(t, m, "G")
	if s := screen(m); !strings.Contains(s, "Related papers") || strings.Contains(s, "finding them") {
		t.Fatalf("after the index is built the related papers should show:\n%s", s)
	}
}

func TestBookmarksOnlyWithinAFilterKeepsTheRanking(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "/")
	typeText(t, m, "lottery")
	keys(t, m, "<enter>", "<esc>")
	var ranked []int
	for _, it := range m.list.items {
		ranked = append(ranked, it.idx)
	}
	if len(ranked) < 3 {
		t.Fatalf("'lottery' finds %d summaries", len(ranked))
	}
	keys(t, m, "j", "b", "B")
	if len(m.list.items) != 1 || m.list.items[0].idx != ranked[1] {
		t.Fatalf("B within the filter shows %v, want only %d", m.list.items, ranked[1])
	}
	keys(t, m, "B")
	for i, it := range m.list.items {
		if i >= len(ranked) || it.idx != ranked[i] {
			t.Fatalf("after B again the hits are not back in their ranking: item %d is %d", i, it.idx)
		}
	}
	if len(m.list.items) != len(ranked) {
		t.Fatalf("after B again %d hits, want %d", len(m.list.items), len(ranked))
	}
}

// Side by side, moving the list previews; tab into the preview (or the
// wheel over it) is reading it: it is marked read, and the next start
// reopens on it at the same place. Quitting while previewing another
// reopens on that one.
func TestWideReadingIsRememberedAndReopened(t *testing.T) {
	store := newMemStore()
	start := func() *Model {
		m := New(corpus(t), Options{Style: "notty", Store: store, Open: func(string) error { return nil }})
		settle(t, m, m.Init())
		send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		return m
	}
	m := start()
	keys(t, m, "j", "j", "j")
	fourth := corpus(t).At(3)
	if store.IsRead(fourth.ID) {
		t.Fatal("a summary only previewed is marked read")
	}
	keys(t, m, "<tab>", "j", "j", "j")
	if !store.IsRead(fourth.ID) || store.Last() != fourth.ID {
		t.Fatalf("after tab into summary 4: read %v, last %q; want read and last", store.IsRead(fourth.ID), store.Last())
	}
	offset := m.reader.vp.YOffset
	keys(t, m, "q")
	if store.Scroll(fourth.ID) != offset || offset == 0 {
		t.Fatalf("scroll saved %d, want %d (not 0)", store.Scroll(fourth.ID), offset)
	}

	m = start()
	if m.reader.idx != 3 || m.reader.vp.YOffset != offset || !strings.Contains(screen(m), "4 of 164") {
		t.Fatalf("reopened on %d at %d, want summary 4 at %d:\n%s", m.reader.idx+1, m.reader.vp.YOffset, offset, screen(m))
	}
	keys(t, m, "<tab>", "j", "j")
	sixth := corpus(t).At(5)
	keys(t, m, "q")
	if store.Last() != sixth.ID || store.IsRead(sixth.ID) {
		t.Fatalf("quit while previewing summary 6: last %q (want %q), read %v (want false)", store.Last(), sixth.ID, store.IsRead(sixth.ID))
	}
}

// A message in the status line lasts until the next key.
func TestStatusMessageLastsOneKey(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "<enter>", "/")
	typeText(t, m, "zzqqxx")
	keys(t, m, "<enter>", "n")
	if !strings.Contains(screen(m), "no match for zzqqxx") {
		t.Fatalf("n with no match says nothing:\n%s", screen(m))
	}
	keys(t, m, "<esc>", "<esc>", "j")
	if strings.Contains(screen(m), "no match for") {
		t.Fatalf("the message outlived the keys after it:\n%s", screen(m))
	}
}

// storeWithMissing has bookmarks of summaries not in the corpus.
type storeWithMissing struct {
	*memStore
	missing []model.Bookmark
}

func (s storeWithMissing) Bookmarks() []model.Bookmark { return s.missing }

// Bookmarks whose summaries are not in the corpus are not hidden behind
// "no bookmarks yet": B says where they are.
func TestBookmarksOnlySaysWhatIsMissing(t *testing.T) {
	store := storeWithMissing{newMemStore(), []model.Bookmark{{ID: "000000000001", Title: "Gone"}, {ID: "000000000002", Title: "Also gone"}}}
	m := New(corpus(t), Options{Style: "notty", Store: store})
	settle(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	keys(t, m, "B")
	if scr := screen(m); !strings.Contains(scr, "none of your 2 bookmarks is in this corpus") {
		t.Fatalf("B with only missing bookmarks:\n%s", scr)
	}
	keys(t, m, "B", "b", "B")
	if scr := screen(m); len(m.list.items) != 1 || !strings.Contains(scr, "2 not in this corpus") {
		t.Fatalf("B with one bookmark here and two missing:\n%s", scr)
	}
}

// The place saved at the end of a long summary is restored even though
// the first rendering comes before the related papers (which make the
// text longer) are known; quitting before they are does not overwrite it.
func TestScrollRestoredBeforeAndAfterRelatedPapers(t *testing.T) {
	fresh := func() *model.Corpus {
		ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
		if err != nil {
			t.Fatal(err)
		}
		model.ApplyMeta(ss, seeds.Meta, seeds.MetaName)
		return model.NewCorpus(seeds.Name, ss)
	}
	store := newMemStore()
	m := New(corpus(t), Options{Style: "notty", Store: store})
	settle(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	keys(t, m, "<tab>", "G", "q")
	saved := store.Scroll(store.Last())
	if saved < 20 {
		t.Fatalf("saved scroll %d: the summary is too short for this test", saved)
	}

	// A new start: the related index is not built yet.
	c := fresh()
	m = New(c, Options{Style: "notty", Store: store})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if c.RelatedReady() {
		t.Fatal("the related index is built already: the test cannot see the problem")
	}
	keys(t, m, "q") // quitting at once keeps the saved place
	if got := store.Scroll(store.Last()); got != saved {
		t.Fatalf("quitting before the related papers are known saved %d over %d", got, saved)
	}
	m = New(c, Options{Style: "notty", Store: store})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	c.BuildRelatedIndex()
	send(t, m, relatedReadyMsg{})
	if m.reader.vp.YOffset != saved {
		t.Fatalf("reopened at %d, want %d", m.reader.vp.YOffset, saved)
	}
}

// q quits from the help overlay and the pickers too (esc closes them).
func TestQuitFromOverlays(t *testing.T) {
	for _, open := range []string{"?", "r", "o"} {
		m := newTestModel(t, 120, 40)
		keys(t, m, "<enter>", open)
		if m.overlay == overlayNone {
			t.Fatalf("%s opened nothing", open)
		}
		keys(t, m, "q")
		if !m.quitting {
			t.Errorf("q in the overlay of %s did not quit", open)
		}
	}
}

// esc in a filter that matched nothing goes back to the summary that was
// selected before.
func TestFilterEscKeepsTheSelection(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "j", "j", "j", "/")
	typeText(t, m, "zzqqxx")
	keys(t, m, "<esc>")
	if got := m.list.selected(); got != 3 {
		t.Fatalf("after esc the selection is summary %d, want 4", got+1)
	}
}

// "/" then esc keeps the last search in the text; a search typed again
// (even in one burst of keys) starts from the view.
func TestTextSearchEscKeepsTheLastOne(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "<enter>", "/")
	typeText(t, m, "the")
	keys(t, m, "<enter>", "n", "n")
	n := len(m.reader.search.matches)
	keys(t, m, "/", "<esc>")
	if !strings.Contains(screen(m), fmt.Sprintf("/the 3/%d", n)) {
		t.Fatalf("esc lost the last search:\n%s", screen(m))
	}
	keys(t, m, "n")
	if m.reader.search.cur != 3 {
		t.Fatalf("n after esc went to match %d, want 4", m.reader.search.cur+1)
	}
	keys(t, m, "g", "/")
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("the")})
	keys(t, m, "<enter>")
	if !strings.Contains(screen(m), fmt.Sprintf("/the 1/%d", n)) {
		t.Fatalf("the same search again from the top is not at its first match:\n%s", screen(m))
	}
}

// In bookmarks only, b twice puts back what the first b removed: the
// selection stays on it, and the pane and status line with it.
func TestBookmarksOnlyUnbookmarkKeepsPaneAndStatusTogether(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "b", "j", "b", "j", "j", "b", "B", "g", "j")
	if len(m.list.items) != 3 || m.list.selected() != 1 {
		t.Fatalf("B: %d items, selected %d; want 3, summary 2", len(m.list.items), m.list.selected()+1)
	}
	id := corpus(t).At(1).ID
	keys(t, m, "b")
	if m.store.IsBookmarked(id) || m.list.selected() != 1 || m.reader.idx != 1 || !strings.Contains(screen(m), "2 of 164") {
		t.Fatalf("after b: bookmarked %v, selected %d, pane %d:\n%s", m.store.IsBookmarked(id), m.list.selected()+1, m.reader.idx+1, screen(m))
	}
	keys(t, m, "b")
	if !m.store.IsBookmarked(id) || m.store.IsBookmarked(corpus(t).At(3).ID) != true {
		t.Fatal("b twice did not put summary 2 back, or removed another")
	}
}

// A page down made while the rendering with the related papers is on its
// way is kept when it arrives (it used to jump back to where the page
// was when the papers became known).
func TestScrollMadeWhileRerenderingIsKept(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "<enter>")
	_, cmd := m.Update(relatedReadyMsg{}) // the new rendering is requested, not yet here
	keys(t, m, " ")
	off := m.reader.vp.YOffset
	if off == 0 {
		t.Fatal("space did not scroll")
	}
	settle(t, m, cmd)
	if m.reader.vp.YOffset != off {
		t.Fatalf("the rendering moved the page to %d, want %d", m.reader.vp.YOffset, off)
	}
}

// Letters typed in one burst into the filter or the search are all text,
// even when they spell a key's name ("right", "end").
func TestBurstOfLettersIsText(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "/")
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("end")})
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" to ")})
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("right")})
	if v := m.filterInput.Value(); v != "end to right" {
		t.Fatalf("filter holds %q, want %q", v, "end to right")
	}
	keys(t, m, "<esc>", "<enter>", "/")
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("left")})
	if v := m.searchInput.Value(); v != "left" {
		t.Fatalf("search holds %q, want left", v)
	}
}

// esc while typing a filter cancels it: the selection before it comes
// back, hits or not; and when nothing matches, no preview of an earlier
// hit is left for keys to act on.
func TestFilterEscCancelsAndNoMatchShowsNothing(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "j", "j", "j", "j", "/")
	typeText(t, m, "lottery")
	if m.list.selected() == 4 {
		t.Fatal("the filter's best hit is summary 5: pick another query")
	}
	keys(t, m, "<esc>")
	if m.list.selected() != 4 {
		t.Fatalf("esc left the selection on summary %d, want 5", m.list.selected()+1)
	}
	keys(t, m, "/")
	typeText(t, m, "zzqqxx")
	if m.reader.idx >= 0 {
		t.Fatalf("nothing matches, yet the pane shows summary %d", m.reader.idx+1)
	}
	keys(t, m, "<enter>", "<tab>", "b")
	if m.reader.idx >= 0 || m.store.IsBookmarked(corpus(t).At(4).ID) {
		t.Fatal("tab or b acted on a summary the empty list does not show")
	}
}

// Resizing keeps the place: the end of a summary stays the end through a
// trip to a larger size and back, and a search match stays in view.
func TestResizeKeepsThePlace(t *testing.T) {
	m := newTestModel(t, 80, 24)
	keys(t, m, "<enter>", "G")
	if !strings.Contains(screen(m), "· 100%") {
		t.Fatalf("G did not reach the end:\n%s", screen(m))
	}
	for _, size := range [][2]int{{200, 50}, {80, 24}, {40, 12}, {80, 24}} {
		send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		settle(t, m, func() tea.Msg { return resizeSettledMsg{gen: m.resizeGen} })
		if !strings.Contains(screen(m), "· 100%") {
			t.Fatalf("at %dx%d the end of the summary is no longer in view:\n%s", size[0], size[1], screen(m))
		}
	}
	keys(t, m, "g", "/")
	typeText(t, m, "the")
	keys(t, m, "<enter>", "n", "n", "n")
	send(t, m, tea.WindowSizeMsg{Width: 60, Height: 20})
	settle(t, m, func() tea.Msg { return resizeSettledMsg{gen: m.resizeGen} })
	cur := m.reader.search.matches[m.reader.search.cur][0]
	if cur.line < m.reader.vp.YOffset || cur.line >= m.reader.vp.YOffset+m.reader.vp.Height {
		t.Fatalf("after a resize the current match (line %d) is out of view (%d–%d)", cur.line, m.reader.vp.YOffset, m.reader.vp.YOffset+m.reader.vp.Height)
	}
}

// TestFilterBeforeTheIndexIsBuilt: on a corpus whose search index is
// still being built, the filter says "indexing…" rather than a stale
// count, and enter does not wait for the index on the UI path: the best
// hit opens when the search answers.
func TestFilterBeforeTheIndexIsBuilt(t *testing.T) {
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	c := model.NewCorpus(seeds.Name, ss) // no index yet
	m := New(c, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	send(t, m, keyMsg("/"))
	_, search := m.Update(keyMsg("switch"))
	if s := screen(m); !strings.Contains(s, "indexing…") {
		t.Fatalf("no sign that the search waits for the index:\n%s", s)
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if c.SearchReady() {
		t.Fatal("enter built the index on the UI path")
	}
	if s := screen(m); !strings.Contains(s, "indexing, then opening the best hit for “switch”") {
		t.Fatalf("after enter, no sign of what is coming:\n%s", s)
	}
	settle(t, m, cmd)
	settle(t, m, search) // the search runs, building the index, and answers
	best := c.Search("switch", 1)[0].Index
	if m.reader.idx != best || m.focus != paneReader {
		t.Fatalf("after the answer: reading %d (focus %v), want the best hit %d open", m.reader.idx, m.focus, best)
	}
	if s := screen(m); strings.Contains(s, "indexing…") {
		t.Errorf("still says indexing once the index is built:\n%s", s)
	}
}

// TestIdleReaderStopsTicking: once nothing on screen turns, the spinner's
// ticks end, so an idle reader does not redraw ten times a second.
func TestIdleReaderStopsTicking(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "<enter>")
	if m.reader.idx < 0 || m.reader.rendered.idx != m.reader.idx {
		t.Fatalf("no summary shown: idx %d, rendered %d", m.reader.idx, m.reader.rendered.idx)
	}
	if _, cmd := m.Update(m.spinner.Tick()); cmd != nil {
		t.Fatal("the spinner keeps ticking on an idle screen")
	}
	// While a rendering is awaited, it turns.
	m.reader.rendered.idx = -1
	if _, cmd := m.Update(m.spinner.Tick()); cmd == nil {
		t.Fatal("no spinner while the reading pane waits for a rendering")
	}
}
