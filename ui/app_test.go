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

// TestTypeAheadWhileLoading: a filter typed on the loading screen
// becomes the list's filter once the corpus is there, whatever else was
// pressed before it; q inside it is text, and the screen shows it.
func TestTypeAheadWhileLoading(t *testing.T) {
	loading := func() (*Model, chan struct{}) {
		release := make(chan struct{})
		m := NewLoading("big.txt", func(func(string)) (*model.Corpus, []string, error) {
			<-release
			return corpus(t), nil, nil
		}, Options{Style: "notty"})
		send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
		return m, release
	}
	m, release := loading()
	// Keys with nothing to act on yet, then the filter.
	keys(t, m, "j", "?", "<tab>", "o", "/", "q", "x", "<backspace>", "u", "a", "n", "t")
	if m.quitting {
		t.Fatal("q typed into a filter ahead of the corpus quit the reader")
	}
	if s := screen(m); !strings.Contains(s, "/ quant") {
		t.Fatalf("the loading screen does not show the filter typed ahead:\n%s", s)
	}
	close(release)
	settle(t, m, m.loadCmd())
	if !m.filtering || m.filterInput.Value() != "quant" || m.overlay != overlayNone {
		t.Fatalf("after loading: filtering %v with %q (overlay %v), want the filter \"quant\" typed ahead", m.filtering, m.filterInput.Value(), m.overlay)
	}
	if m.filterQuery != "quant" || len(m.list.items) == 0 || len(m.list.items) == m.corpus.Len() {
		t.Fatalf("the filter typed ahead was not applied: query %q, %d items", m.filterQuery, len(m.list.items))
	}

	// A paste, and enter: the best hit opens once loaded.
	m, release = loading()
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/switch transformer"), Paste: true})
	keys(t, m, "<enter>")
	if s := screen(m); !strings.Contains(s, "opens the best hit once loaded") {
		t.Fatalf("enter typed ahead is not shown:\n%s", s)
	}
	close(release)
	settle(t, m, m.loadCmd())
	if best := m.corpus.Search("switch transformer", 1)[0].Index; m.reader.idx != best || m.focus != paneReader {
		t.Fatalf("after loading: reading %d (focus %v), want the best hit %d open", m.reader.idx, m.focus, best)
	}

	// Esc drops the filter typed ahead; q then quits.
	m, _ = loading()
	keys(t, m, "/", "a", "<esc>", "q")
	if !m.quitting {
		t.Fatal("q after the typed-ahead filter was closed did not quit")
	}
}

// unindexedModel is a reader at 120x40 on a fresh seed corpus whose
// search index is not built yet, as a large corpus's is for seconds.
func unindexedModel(t *testing.T) (*Model, *model.Corpus) {
	t.Helper()
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	c := model.NewCorpus(seeds.Name, ss)
	m := New(c, Options{Style: "notty"})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	return m, c
}

// TestFilterBeforeTheIndexIsBuilt: on a corpus whose search index is
// still being built, the filter says "indexing…" rather than a stale
// count, and enter does not wait for the index on the UI path: the best
// hit opens when the search answers.
func TestFilterBeforeTheIndexIsBuilt(t *testing.T) {
	m, c := unindexedModel(t)
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

// TestFilterBackToTheShownQueryDropsTheAnswerOnItsWay: typing a letter
// and taking it back before its search answers leaves the list on the
// query shown, not on the answer for the letter.
func TestFilterBackToTheShownQueryDropsTheAnswerOnItsWay(t *testing.T) {
	m := newTestModel(t, 120, 40)
	keys(t, m, "/")
	typeText(t, m, "lottery")
	want := len(m.list.items)
	_, late := m.Update(keyMsg("s")) // "lotterys": its search not run yet
	keys(t, m, "<backspace>")
	settle(t, m, late)
	if m.filterInput.Value() != "lottery" || m.filterQuery != "lottery" || len(m.list.items) != want {
		t.Fatalf("input %q, list for %q with %d items; want both \"lottery\" and %d items", m.filterInput.Value(), m.filterQuery, len(m.list.items), want)
	}
}

// TestFilterPendingStaysInSight: after enter, a key cancels opening the
// best hit, but the header still says the filter is coming.
func TestFilterPendingStaysInSight(t *testing.T) {
	m, _ := unindexedModel(t)
	send(t, m, keyMsg("/"))
	_, search := m.Update(keyMsg("gan"))
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m.Update(keyMsg("j"))
	if s := screen(m); !strings.Contains(s, "indexing, then filtering “gan”") {
		t.Fatalf("after enter and j, no sign of the filter coming:\n%s", s)
	}
	settle(t, m, search)
	if m.filterQuery != "gan" || m.focus != paneList {
		t.Fatalf("filter %q, focus %v: want the list filtered for gan and nothing opened", m.filterQuery, m.focus)
	}
}

// TestIndexedAfterSearchIndex: Options.Indexed gets the corpus once its
// search index is built (the reader writes its cache then), before the
// related index, and once; Options.RelatedIndexed once its related index
// is built (the reader writes the related cache then).
func TestIndexedAfterSearchIndex(t *testing.T) {
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	c := model.NewCorpus(seeds.Name, ss)
	var got, gotRel []*model.Corpus
	var searchReady, relatedReady, relReady bool
	m := New(c, Options{Style: "notty", Indexed: func(ic *model.Corpus) {
		got = append(got, ic)
		searchReady, relatedReady = ic.SearchReady(), ic.RelatedReady()
	}, RelatedIndexed: func(ic *model.Corpus) {
		gotRel = append(gotRel, ic)
		relReady = ic.RelatedReady()
	}})
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	settle(t, m, m.Init())
	if len(got) != 1 || got[0] != c {
		t.Fatalf("Indexed called %d times", len(got))
	}
	if !searchReady || relatedReady {
		t.Fatalf("Indexed called with the search index built %v, the related index %v; want built, not yet", searchReady, relatedReady)
	}
	if len(gotRel) != 1 || gotRel[0] != c || !relReady {
		t.Fatalf("RelatedIndexed called %d times, the related index built %v; want once, built", len(gotRel), relReady)
	}
}
