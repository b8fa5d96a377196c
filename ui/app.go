package ui

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"codeberg.org/precis/precis/internal/gcpace"
	"codeberg.org/precis/precis/internal/hugeheap"
	"codeberg.org/precis/precis/model"
)

// Options configure the reader.
type Options struct {
	// Style is the glamour style: dark, light, notty or a JSON style path.
	Style string
	// Store keeps bookmarks and reading state; nil keeps them in memory.
	Store Store
	// Open hands a URL to the system opener; nil uses xdg-open/$BROWSER.
	Open func(url string) error
	// Warnings are shown in the status line at start (e.g. a data file
	// that was moved aside).
	Warnings []string
	// Indexed, when set, is called in the background once the corpus's
	// search index is built, before its related index is;
	// RelatedIndexed once its related index is built.
	Indexed        func(*model.Corpus)
	RelatedIndexed func(*model.Corpus)
}

type pane int

const (
	paneList pane = iota
	paneReader
)

type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayRelated
	overlayLinks
)

// wideWidth is the narrowest terminal that shows both panes side by side.
const wideWidth = 90

// debounce delays for work that should wait until keys or resizes rest
// (variables so that tests can run without waiting).
var (
	previewDelay = 60 * time.Millisecond
	resizeDelay  = 120 * time.Millisecond
)

// Model is the reader: a list pane and a reading pane over one corpus.
// The corpus is immutable; everything slow (searching, rendering) runs in
// commands whose results are tagged and checked on arrival.
type Model struct {
	corpus  *model.Corpus
	store   Store
	indexed func(*model.Corpus)
	// relIndexed is Options.RelatedIndexed.
	relIndexed func(*model.Corpus)
	open       func(string) error
	style      string
	theme      theme
	keys       keyMap
	help       help.Model // the full help overlay
	// shortHelp draws the one-line hint without styles of its own, so the
	// status bar's style applies.
	shortHelp help.Model

	width, height int

	focus      pane
	overlay    overlay
	picker     picker
	helpOffset int // scroll of the help overlay on short terminals

	list          listPane
	filterInput   textinput.Model
	filtering     bool        // typing in the filter
	filterQuery   string      // the query the list shows…
	filterHits    []model.Hit // …and all its hits, best first
	filterPending bool        // a search for the filter is on its way
	openBest      bool        // enter came first: open its best hit
	filterGen     int
	filterCancel  context.CancelFunc
	bookmarksOnly bool

	reader      readerPane
	searchInput textinput.Model
	searching   bool // typing a search in the reading pane

	spinner spinner.Model
	cache   *renderCache
	history history

	previewGen int
	resizeGen  int

	status    string
	statusErr bool
	quitting  bool
	warnings  []string // from loading, shown once the corpus is there
	notices   []string // every warning shown, printed again when the reader ends

	filterFrom int        // the list selection when a filter began
	lastSearch textSearch // the search in the text before "/" began another

	loading *loadState // non-nil until the corpus is loaded
	loadErr error
}

// New returns the reader over corpus c.
func New(c *model.Corpus, opts Options) *Model {
	m := newModel(opts)
	m.setCorpus(c)
	return m
}

// NewLoading returns a reader that shows a loading screen until load,
// run in the background by Init, delivers the corpus: a large corpus
// opens on a screen at once and fills in. load reports what it is doing
// through progress; its warnings join the status line. An error from
// load ends the program and is returned by Err.
func NewLoading(name string, load func(progress func(string)) (*model.Corpus, []string, error), opts Options) *Model {
	m := newModel(opts)
	m.loading = &loadState{name: name, load: load, phase: "loading " + name}
	return m
}

// Err is the error that ended the program (a corpus that failed to load).
func (m *Model) Err() error { return m.loadErr }

func newModel(opts Options) *Model {
	if opts.Store == nil {
		opts.Store = newMemStore()
	}
	if opts.Open == nil {
		opts.Open = openURL
	}
	if opts.Style == "" {
		opts.Style = "dark"
	}
	m := &Model{
		store:      opts.Store,
		open:       opts.Open,
		style:      opts.Style,
		theme:      newTheme(opts.Style),
		keys:       newKeyMap(),
		help:       help.New(),
		shortHelp:  plainHelp(),
		reader:     newReaderPane(),
		cache:      newRenderCache(64),
		warnings:   opts.Warnings,
		indexed:    opts.Indexed,
		relIndexed: opts.RelatedIndexed,
	}
	m.filterInput = textinput.New()
	m.filterInput.Prompt = "/ "
	m.filterInput.Placeholder = "filter: names, words, typos welcome"
	m.searchInput = textinput.New()
	m.searchInput.Prompt = "/ "
	m.searchInput.Placeholder = "search this summary"
	// A steady cursor: no blink timer waking the program every half second.
	m.filterInput.Cursor.SetMode(cursor.CursorStatic)
	m.searchInput.Cursor.SetMode(cursor.CursorStatic)
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot))
	return m
}

// setCorpus puts the reader on its corpus, back where it was left.
func (m *Model) setCorpus(c *model.Corpus) {
	m.corpus = c
	m.loading = nil
	m.list.items = m.allItems()
	if len(m.warnings) > 0 {
		m.notices = append(m.notices, m.warnings...)
		m.setError(strings.Join(m.warnings, "; "))
	}
	// Reopen where the reader was left: on the summary open last, in
	// the reading pane, or selected in the list (and previewed beside
	// it) when the reader quit from the list.
	if last := m.store.Last(); last != "" {
		if s, ok := c.ByID(last); ok {
			m.list.selectIdx(s.N-1, 1<<30)
			m.reader.idx = s.N - 1
			m.reader.scrollTo = m.store.Scroll(s.ID)
			if m.store.LastInList() {
				m.reader.previewing = true
			} else {
				m.focus = paneReader
			}
		}
	}
}

// Init starts the spinner and builds the search and related-paper
// indexes in the background, so the first keystroke does not wait for
// them; the first render waits for the window size.
func (m *Model) Init() tea.Cmd {
	if m.loading != nil {
		return tea.Batch(m.spinner.Tick, m.loadCmd())
	}
	return tea.Batch(m.spinner.Tick, m.buildIndexes())
}

func (m *Model) buildIndexes() tea.Cmd {
	c, indexed, relIndexed := m.corpus, m.indexed, m.relIndexed
	size := c.TextBytes()
	return guard(func() tea.Msg {
		// No collections while the index is built: it leaves little
		// garbage. A large corpus's load paused them already; what it
		// left (the title deriver's tables, 100 MB at 100k summaries)
		// is collected first, and the index reuses that memory.
		if gcpace.Pause(size) {
			runtime.GC()
		}
		c.BuildSearchIndex()
		gcpace.Resume()
		// Building leaves garbage the size of the corpus: give it back
		// now rather than keep it resident for the session.
		debug.FreeOSMemory()
		gcpace.Tighten(size, c.MappedBytes())
		if indexed != nil {
			indexed(c)
		}
		c.BuildRelatedIndex()
		if relIndexed != nil {
			relIndexed(c)
		}
		// The heavy allocation is over: no more huge pages for the heap
		// (see internal/hugeheap), so that memory handed back stays so.
		hugeheap.Release()
		debug.FreeOSMemory()
		gcpace.Tighten(size, c.MappedBytes())
		return relatedReadyMsg{}
	})
}

// Notices are the warnings the reader showed in its status line, where
// a long one may have been cut: Run prints them in full when it ends.
func (m *Model) Notices() []string { return m.notices }

func (m *Model) setStatus(s string) { m.status, m.statusErr = s, false }
func (m *Model) setError(s string)  { m.status, m.statusErr = s, true }

// wide reports whether both panes fit side by side.
func (m *Model) wide() bool { return m.width >= wideWidth }

// bodyHeight is the height of the panes (all but header and status).
func (m *Model) bodyHeight() int { return max(0, m.height-2) }

// listWidth and readerWidth split the width between the panes.
func (m *Model) listWidth() int {
	if !m.wide() {
		return m.width
	}
	return clamp(m.width*2/5, 30, 60)
}

func (m *Model) readerWidth() int {
	if !m.wide() {
		return m.width
	}
	return max(1, m.width-m.listWidth()-1)
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	if m.corpus != nil {
		m.decorateVisible()
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.loading != nil {
		return m, m.updateLoading(msg)
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.resize(msg.Width, msg.Height)
	case resizeSettledMsg:
		if msg.gen != m.resizeGen {
			return m, nil
		}
		return m, m.requestRender()
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		return m, m.handleMouse(msg)
	case filterResultMsg:
		if msg.gen != m.filterGen {
			return m, nil // an older query: the newest wins
		}
		m.filterPending = false
		m.applyFilter(msg.query, msg.hits)
		if m.openBest {
			// enter was pressed before this answer came.
			m.openBest = false
			if idx := m.list.selected(); idx >= 0 {
				return m, m.openSummary(idx, -1, true)
			}
		}
		return m, m.previewSelected()
	case renderedMsg:
		return m, m.rendered(msg)
	case previewMsg:
		if msg.gen != m.previewGen {
			return m, nil
		}
		return m, m.showSelected()
	case openedMsg:
		if msg.err != nil {
			m.setError("cannot open " + msg.url + ": " + msg.err.Error())
		} else {
			m.setStatus("sent to the browser: " + msg.url)
		}
		return m, nil
	case tea.FocusMsg:
		if err := m.store.Reload(); err != nil {
			m.setError(err.Error())
		}
		m.storeWarnings()
		m.refreshList()
		return m, nil
	case relatedReadyMsg:
		// Renders made before the index lack the related papers.
		m.cache = newRenderCache(m.cache.cap)
		if m.reader.rendered.idx >= 0 && m.reader.scrollTo < 0 {
			// Stay on the line shown when the new rendering arrives (the
			// person may scroll meanwhile): the text above it is the same.
			m.reader.keepOffset = true
		}
		m.reader.rendered.width = -1 // keep the text on screen, render again
		return m, m.requestRender()
	case spinner.TickMsg:
		if !m.spinnerShown() {
			// Nothing on screen turns: let the ticks stop, so an idle
			// reader neither redraws nor wakes the CPU (requestRender
			// starts them again).
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	return m, nil
}

// spinnerShown reports whether the screen shows the spinner: the reading
// pane waits for a rendering.
func (m *Model) spinnerShown() bool {
	r := &m.reader
	return r.idx >= 0 && r.rendered.idx != r.idx && r.renderErr == nil
}

// resize lays the panes out for a new terminal size. The reading pane is
// re-rendered for the new width only once resizing has rested.
func (m *Model) resize(w, h int) tea.Cmd {
	if r := &m.reader; r.rendered.idx >= 0 && !r.fracSet {
		// Where the reader is, before the new size clamps anything; a
		// storm of sizes before the rendering comes keeps the first.
		r.frac, r.fracSet = r.vp.ScrollPercent(), true
	}
	m.width, m.height = max(0, w), max(0, h)
	m.reader.vp.Width = m.readerWidth()
	m.reader.vp.Height = m.bodyHeight()
	m.reader.vp.SetYOffset(m.reader.vp.YOffset)
	m.list.scrollToCursor(m.bodyHeight())
	m.filterInput.Width = max(1, m.width-20)
	m.searchInput.Width = max(1, m.width-20)
	m.help.Width = m.width
	if m.reader.idx < 0 && m.wide() {
		m.reader.idx = m.list.selected()
	}
	if m.reader.rendered.idx < 0 || m.reader.rendered.width == m.readerWidth() {
		m.reader.fracSet = false // the same text: nothing to restore
		return m.requestRender() // first layout: render at once
	}
	m.resizeGen++
	gen := m.resizeGen
	return tea.Tick(resizeDelay, func(time.Time) tea.Msg { return resizeSettledMsg{gen} })
}

// requestRender shows the reader's summary at the current width, from
// the cache or by starting a render.
func (m *Model) requestRender() tea.Cmd {
	r := &m.reader
	if r.idx < 0 || m.width <= 0 {
		return nil
	}
	key := renderKey{idx: r.idx, width: m.readerWidth()}
	if key == r.rendered {
		return nil
	}
	if content, ok := m.cache.get(key); ok {
		m.showRendered(key, content)
		return nil
	}
	if r.waiting && r.waitingFor == key {
		return nil
	}
	r.waiting, r.waitingFor, r.renderErr = true, key, nil
	return tea.Batch(m.renderCmd(key), m.spinner.Tick)
}

// rendered takes a finished render: cached always, shown if still wanted.
func (m *Model) rendered(msg renderedMsg) tea.Cmd {
	if msg.err == nil {
		m.cache.put(msg.key, msg.content)
	}
	r := &m.reader
	if msg.key == r.waitingFor {
		r.waiting = false
	}
	want := renderKey{idx: r.idx, width: m.readerWidth()}
	if msg.key != want {
		return m.requestRender() // stale: the summary or width changed
	}
	if msg.err != nil {
		r.renderErr = msg.err
		return nil
	}
	m.showRendered(msg.key, msg.content)
	return nil
}

// showRendered puts a rendering on screen, keeping the reading position:
// a pending restore, or the same fraction of the text after a resize.
func (m *Model) showRendered(key renderKey, content string) {
	r := &m.reader
	sameDoc := r.rendered.idx == key.idx
	frac, off := r.vp.ScrollPercent(), r.vp.YOffset
	if r.fracSet && key.width != r.rendered.width {
		frac = r.frac
	}
	if key.width != r.rendered.width || !sameDoc {
		r.fracSet = false
	}
	keep := r.keepOffset && sameDoc
	r.keepOffset = false
	r.setContent(key, content)
	switch {
	case keep:
		r.vp.SetYOffset(off)
	case r.scrollTo >= 0:
		r.vp.SetYOffset(r.scrollTo)
		if r.vp.YOffset == r.scrollTo || m.corpus.RelatedReady() {
			r.scrollTo = -1
		}
		// Else the text is still without its related papers and too
		// short for the place to restore: the render that has them will.
	case sameDoc:
		r.vp.SetYOffset(int(frac*float64(max(0, len(r.lines)-r.vp.Height)) + 0.5))
		if r.search.query != "" {
			r.jumpToMatch() // the match being looked at stays in view
		}
	}
}

// View draws the whole screen: header, panes, status line.
func (m *Model) View() string {
	if m.quitting || m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.loading != nil {
		return m.loadingView()
	}
	w, h := m.width, m.height
	var lines []string
	lines = append(lines, m.headerView(w))
	body := m.bodyHeight()
	switch {
	case m.wide():
		lw, rw := m.listWidth(), m.readerWidth()
		left := m.listView(lw, body)
		right := m.readerView(rw, body)
		sep := m.theme.Border.Render("│")
		for i := 0; i < body; i++ {
			lines = append(lines, left[i]+sep+right[i])
		}
	case m.focus == paneReader:
		lines = append(lines, m.readerView(w, body)...)
	default:
		lines = append(lines, m.listView(w, body)...)
	}
	lines = append(lines, m.statusView(w))
	if len(lines) > h {
		lines = lines[:h]
	}
	screen := strings.Join(lines, "\n")
	if m.overlay != overlayNone {
		screen = m.withOverlay(screen, w, h)
	}
	return screen
}

// headerView is the top line: the filter or search being typed, or the
// name of the corpus and the number of summaries shown.
func (m *Model) headerView(w int) string {
	t := m.theme
	count := fmt.Sprintf("%d/%d", len(m.list.items), m.corpus.Len())
	if m.filterPending && !m.corpus.SearchReady() {
		// A large corpus: the first search waits for the index.
		count = "indexing…"
	}
	switch {
	case m.filtering:
		return fit(m.filterInput.View()+"  "+t.HeaderDim.Render(count), w)
	case m.searching:
		return fit(m.searchInput.View()+"  "+t.HeaderDim.Render(m.reader.searchCounter()), w)
	}
	left := t.Header.Render(" precis")
	info := fmt.Sprintf(" · %d summaries", m.corpus.Len())
	if m.filterPending && !m.corpus.SearchReady() {
		next := "filtering"
		if m.openBest {
			next = "opening the best hit for"
		}
		return fit(left+t.HeaderDim.Render(" · indexing, then "+next+" “"+m.filterInput.Value()+"”"), w)
	}
	if m.filterQuery != "" || m.bookmarksOnly {
		info = " · " + count
		if m.filterQuery != "" {
			info += " matching “" + m.filterQuery + "”"
		}
		if m.bookmarksOnly {
			info += " · bookmarks only"
		}
	}
	return fit(left+t.HeaderDim.Render(info), w)
}

// statusView is the bottom line: a message on the left, the position,
// scroll and bookmark state on the right.
func (m *Model) statusView(w int) string {
	t := m.theme
	var right string
	if idx := m.currentIdx(); idx >= 0 {
		s := m.corpus.At(idx)
		right = fmt.Sprintf("%d of %d", s.N, m.corpus.Len())
		if m.focus == paneReader || m.wide() {
			if m.reader.idx >= 0 && m.reader.rendered.idx == m.reader.idx {
				right += fmt.Sprintf(" · %d%%", m.reader.scrollPercent())
			}
		}
		if m.store.IsBookmarked(s.ID) {
			right += " · ★"
		}
		if c := m.reader.searchCounter(); c != "" && m.focus == paneReader {
			right = c + " · " + right
		}
	}
	right = " " + right + " "
	left := m.status
	st := t.Status
	if left == "" {
		hints := m.keys.ShortHelp()
		switch {
		case m.filtering || m.searching:
			hints = m.keys.typingHelp(m.filtering)
		case m.overlay == overlayHelp:
			hints = m.keys.overlayHelp()
		case m.overlay != overlayNone:
			hints = m.keys.pickerHelp()
		case m.focus == paneReader:
			hints = m.keys.readerHelp()
		}
		left = m.shortHelp.ShortHelpView(hints)
		st = t.StatusDim
	} else if m.statusErr {
		st = t.Error
	}
	room := max(0, w-ansi.StringWidth(right))
	return st.Render(fit(" "+left, room)) + t.Status.Render(fit(right, w-room))
}

// currentIdx is the summary the status line talks about.
func (m *Model) currentIdx() int {
	if m.focus == paneReader && m.reader.idx >= 0 {
		return m.reader.idx
	}
	return m.list.selected()
}

// refreshList rebuilds the list after bookmarks or the filter changed.
func (m *Model) refreshList() {
	sel := m.list.selected()
	if m.filterQuery == "" {
		m.list.items = m.allItems()
	} else {
		m.list.items = m.hitItems(m.filterHits) // the ranking stands: no new search
	}
	if !m.list.selectIdx(sel, m.bodyHeight()) {
		m.list.setCursor(m.list.cursor, m.bodyHeight())
	}
}

// plainHelp is a help model whose output carries no styles.
func plainHelp() help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	h.Styles = help.Styles{}
	return h
}
