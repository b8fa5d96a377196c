package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/model"
)

// handleKey routes a key: to the input being typed in, to an open
// overlay, or to the focused pane. Global keys are ignored while typing.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	m.openBest = false // a key after enter: the person has moved on
	// A message stays until the next key; the key may set a new one. (Every
	// warning is also printed when the reader ends.)
	m.status, m.statusErr = "", false
	// Keys typed quickly (or through a slow link) can arrive as one
	// message of several runes; outside a text input each is a command.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.filtering && !m.searching {
		var cmds []tea.Cmd
		for _, r := range msg.Runes {
			cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && (m.filtering || m.searching) {
		// A burst of letters ("right", "end") is text: as a key its name
		// would match the input's cursor bindings and be lost.
		msg.Paste = true
	}
	switch {
	case m.filtering:
		return m.filterKey(msg)
	case m.searching:
		return m.searchKey(msg)
	case m.overlay == overlayHelp:
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help, k.Back, k.Open):
			m.overlay = overlayNone
		case key.Matches(msg, k.Down):
			m.helpOffset++
		case key.Matches(msg, k.Up):
			m.helpOffset = max(0, m.helpOffset-1)
		}
		return nil
	case m.overlay != overlayNone:
		return m.pickerKey(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.overlay, m.helpOffset = overlayHelp, 0
		return nil
	case key.Matches(msg, k.SwitchPane):
		return m.switchPane()
	case key.Matches(msg, k.Bookmark):
		m.toggleBookmark()
		return nil
	case key.Matches(msg, k.Bookmarks):
		m.bookmarksOnly = !m.bookmarksOnly
		m.refreshList()
		if m.bookmarksOnly {
			msg := "showing bookmarks only (B shows all)"
			if n := m.missingBookmarks(); n > 0 && len(m.list.items) > 0 {
				msg += fmt.Sprintf("; %d not in this corpus (precis bookmarks --missing)", n)
			}
			m.setStatus(msg)
		} else {
			m.setStatus("showing all summaries")
		}
		return m.previewSelected()
	case key.Matches(msg, k.Related):
		m.openRelatedPicker()
		return nil
	case key.Matches(msg, k.Links):
		m.openLinksPicker()
		return nil
	case key.Matches(msg, k.HistoryBack):
		return m.walkHistory(-1)
	case key.Matches(msg, k.HistoryFwd):
		return m.walkHistory(+1)
	}
	if m.focus == paneReader {
		return m.readerKey(msg)
	}
	return m.listKey(msg)
}

// listKey handles keys for the focused list.
func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	k, l, h := m.keys, &m.list, m.bodyHeight()
	page := l.visibleItems(h)
	before := l.cursor
	switch {
	case key.Matches(msg, k.Down):
		l.move(1, h)
	case key.Matches(msg, k.Up):
		l.move(-1, h)
	case key.Matches(msg, k.Top):
		l.setCursor(0, h)
	case key.Matches(msg, k.Bottom):
		l.setCursor(len(l.items)-1, h)
	case key.Matches(msg, k.PageDown):
		l.move(page, h)
	case key.Matches(msg, k.PageUp):
		l.move(-page, h)
	case key.Matches(msg, k.HalfPageDown):
		l.move(max(1, page/2), h)
	case key.Matches(msg, k.HalfPageUp):
		l.move(-max(1, page/2), h)
	case key.Matches(msg, k.Open):
		if idx := l.selected(); idx >= 0 {
			return m.openSummary(idx, -1, true)
		}
	case key.Matches(msg, k.Filter):
		m.filtering = true
		if m.filterQuery == "" {
			m.filterFrom = l.selected()
		}
		m.filterInput.SetValue(m.filterQuery)
		m.filterInput.CursorEnd()
		return m.filterInput.Focus()
	case key.Matches(msg, k.Back):
		if m.filterQuery != "" {
			m.setFilter("")
			return m.previewSelected()
		}
		if m.bookmarksOnly {
			m.bookmarksOnly = false
			m.refreshList()
		}
	}
	if l.cursor != before {
		return m.previewSelected()
	}
	return nil
}

// readerKey handles keys for the focused reading pane.
func (m *Model) readerKey(msg tea.KeyMsg) tea.Cmd {
	k, vp := m.keys, &m.reader.vp
	if m.reader.rendered.idx == m.reader.idx && key.Matches(msg, k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp) {
		m.reader.scrollTo = -1 // the person has taken over: no restore pending
		m.reader.fracSet = false
	}
	switch {
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.HalfPageDown):
		vp.HalfPageDown()
	case key.Matches(msg, k.HalfPageUp):
		vp.HalfPageUp()
	case key.Matches(msg, k.Filter):
		// A new search starts from the view; esc or an empty enter
		// goes back to the last one.
		m.searching = true
		m.lastSearch, m.reader.search = m.reader.search, textSearch{}
		m.searchInput.SetValue("")
		return m.searchInput.Focus()
	case key.Matches(msg, k.Next):
		m.stepMatch(1)
	case key.Matches(msg, k.Prev):
		m.stepMatch(-1)
	case key.Matches(msg, k.Back):
		if m.reader.search.query != "" {
			m.reader.search = textSearch{}
			return nil
		}
		m.saveScroll()
		m.focus = paneList
		m.list.selectIdx(m.reader.idx, m.bodyHeight())
	case key.Matches(msg, k.Open):
		// Already open; enter in the reader is a no-op.
	}
	return nil
}

func (m *Model) stepMatch(d int) {
	s := &m.reader.search
	if len(s.matches) == 0 {
		if s.query != "" {
			m.setStatus("no match for " + s.query)
		}
		return
	}
	s.cur = (s.cur + d + len(s.matches)) % len(s.matches)
	m.reader.jumpToMatch()
}

// filterKey handles keys while the filter is being typed.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	h := m.bodyHeight()
	switch msg.Type {
	case tea.KeyEsc:
		// Cancel: the list and its selection as they were before.
		m.filtering = false
		m.filterInput.Blur()
		m.setFilter("")
		if m.filterFrom >= 0 {
			m.list.selectIdx(m.filterFrom, h)
		}
		return m.previewSelected()
	case tea.KeyEnter:
		m.filtering = false
		m.filterInput.Blur()
		// Take the typed query now, so enter opens what was typed for.
		if q := m.filterInput.Value(); q != m.filterQuery {
			if !m.corpus.SearchReady() {
				// The index is still being built: open the best hit when
				// the search on its way answers, rather than wait here.
				m.openBest = true
				return nil
			}
			m.setFilter(q)
		}
		if idx := m.list.selected(); idx >= 0 {
			return m.openSummary(idx, -1, true)
		}
		return nil
	case tea.KeyUp, tea.KeyCtrlP, tea.KeyCtrlK:
		m.list.move(-1, h)
		return m.previewSelected()
	case tea.KeyDown, tea.KeyCtrlN, tea.KeyCtrlJ:
		m.list.move(1, h)
		return m.previewSelected()
	}
	var cmd tea.Cmd
	m.filterInput, cmd = m.filterInput.Update(msg)
	cleanInput(&m.filterInput)
	if q := m.filterInput.Value(); q != m.filterQuery {
		return tea.Batch(cmd, m.startFilter(q))
	} else if m.filterPending {
		// Back to the query shown ("x" then backspace): the answer on its
		// way is for another one.
		m.filterGen++
		if m.filterCancel != nil {
			m.filterCancel()
			m.filterCancel = nil
		}
		m.filterPending = false
	}
	return cmd
}

// cleanInput keeps what was typed or pasted inert on screen: controls
// and bidi overrides are taken out (textinput drops C0 controls, not
// U+202E).
func cleanInput(in *textinput.Model) {
	if v := in.Value(); sanitize.Text(v) != v {
		in.SetValue(sanitize.Text(v))
	}
}

// startFilter runs the query off the UI path; the newest query cancels
// the one in flight and only its result is applied.
func (m *Model) startFilter(q string) tea.Cmd {
	m.filterGen++
	gen := m.filterGen
	m.filterPending = q != ""
	if m.filterCancel != nil {
		m.filterCancel()
	}
	if q == "" {
		m.filterCancel = nil
		m.applyFilter("", nil)
		return m.previewSelected()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.filterCancel = cancel
	c := m.corpus
	return guard(func() tea.Msg {
		hits, err := c.SearchContext(ctx, q, 0)
		if err != nil {
			return nil // cancelled by a newer query
		}
		return filterResultMsg{gen: gen, query: q, hits: hits}
	})
}

// setFilter applies a query synchronously (enter, esc).
func (m *Model) setFilter(q string) {
	m.filterGen++
	m.filterPending = false
	if m.filterCancel != nil {
		m.filterCancel()
		m.filterCancel = nil
	}
	if q == "" {
		m.applyFilter("", nil)
		return
	}
	m.applyFilter(q, m.corpus.Search(q, 0))
}

// applyFilter shows the hits of q (all summaries for an empty query),
// best first, with the cursor on the best hit.
func (m *Model) applyFilter(q string, hits []model.Hit) {
	prev := m.list.selected()
	if prev < 0 {
		prev = m.filterFrom // nothing matched: back to where the filter began
	}
	m.filterQuery, m.filterHits = q, hits
	if q == "" {
		m.list.items = m.allItems()
		if !m.list.selectIdx(prev, m.bodyHeight()) {
			m.list.setCursor(0, m.bodyHeight())
		}
		return
	}
	m.list.items = m.hitItems(hits)
	m.list.offset = 0
	m.list.setCursor(0, m.bodyHeight())
	if len(m.list.items) == 0 && m.reader.previewing {
		// Nothing matches: the preview of an earlier hit goes too, so no
		// key acts on a summary the list does not show.
		m.reader.idx, m.reader.previewing = -1, false
	}
}

// searchKey handles keys while a search in the text is being typed;
// matches update as you type.
func (m *Model) searchKey(msg tea.KeyMsg) tea.Cmd {
	r := &m.reader
	switch msg.Type {
	case tea.KeyEsc:
		m.searching = false
		m.searchInput.Blur()
		r.search = m.lastSearch
		r.findMatches() // the text may have been rendered again since
		return nil
	case tea.KeyEnter:
		m.searching = false
		m.searchInput.Blur()
		if m.searchInput.Value() == "" {
			r.search = m.lastSearch
			r.findMatches()
		}
		if r.search.query != "" && len(r.search.matches) == 0 {
			m.setStatus("no match for " + r.search.query)
		}
		return nil
	}
	var cmd tea.Cmd
	m.searchInput, cmd = m.searchInput.Update(msg)
	cleanInput(&m.searchInput)
	if q := m.searchInput.Value(); q != r.search.query {
		r.search.query = q
		r.search.cur = 0
		r.findMatches()
		// Start from the first match at or below the top of the view.
		for i, hit := range r.search.matches {
			if hit[0].line >= r.vp.YOffset {
				r.search.cur = i
				break
			}
		}
		r.jumpToMatch()
	}
	return cmd
}

// previewSelected shows the list selection in the reading pane once the
// cursor rests (wide layout only; narrow shows one pane at a time).
func (m *Model) previewSelected() tea.Cmd {
	idx := m.list.selected()
	if !m.wide() || idx < 0 || idx == m.reader.idx {
		return nil
	}
	if _, ok := m.cache.get(renderKey{idx: idx, width: m.readerWidth()}); ok {
		return m.showSelected()
	}
	m.previewGen++
	gen := m.previewGen
	return tea.Tick(previewDelay, func(time.Time) tea.Msg { return previewMsg{gen} })
}

// showSelected puts the list selection in the reading pane without
// making it part of the history.
func (m *Model) showSelected() tea.Cmd {
	idx := m.list.selected()
	if idx < 0 || idx == m.reader.idx {
		return nil
	}
	m.saveScroll()
	if m.reader.idx >= 0 && !m.reader.previewing {
		// Leaving a summary that was opened: it is part of what was read.
		m.history.push(m.reader.idx, m.reader.vp.YOffset)
	}
	m.reader.previewing = true
	m.reader.idx = idx
	m.reader.search = textSearch{}
	m.reader.scrollTo = m.store.Scroll(m.corpus.At(idx).ID)
	return m.requestRender()
}

// openSummary opens corpus index idx in the reading pane and focuses it.
// scroll < 0 restores the saved position. record adds the summary left
// to the history.
func (m *Model) openSummary(idx, scroll int, record bool) tea.Cmd {
	if idx < 0 || idx >= m.corpus.Len() {
		return nil
	}
	s := m.corpus.At(idx)
	if record && m.reader.idx >= 0 && m.reader.idx != idx && !m.reader.previewing {
		m.history.push(m.reader.idx, m.reader.vp.YOffset)
	}
	m.reader.previewing = false
	m.saveScroll()
	m.overlay = overlayNone
	m.focus = paneReader
	if scroll < 0 {
		scroll = m.store.Scroll(s.ID)
	}
	if m.reader.idx != idx {
		m.reader.search = textSearch{}
	}
	m.reader.idx = idx
	m.reader.scrollTo = scroll
	if m.reader.rendered.idx == idx {
		m.reader.vp.SetYOffset(scroll)
		m.reader.scrollTo = -1
	}
	m.list.selectIdx(idx, m.bodyHeight())
	m.markReading(s)
	return m.requestRender()
}

// markReading records that s is being read: a read mark, and the summary
// to reopen on next time.
func (m *Model) markReading(s *model.Summary) {
	if err := m.store.MarkRead(s.ID); err != nil {
		m.setError("could not save read mark: " + err.Error())
	} else if err := m.store.SetLast(s.ID); err != nil {
		m.setError("could not save reading state: " + err.Error())
	}
}

// saveScroll remembers the reading position of the open summary.
func (m *Model) saveScroll() {
	r := &m.reader
	if r.idx < 0 || r.rendered.idx != r.idx || r.scrollTo >= 0 {
		return // not on screen yet, or its place not restored yet
	}
	id := m.corpus.At(r.idx).ID
	if m.store.Scroll(id) == r.vp.YOffset {
		return
	}
	if err := m.store.SetScroll(id, r.vp.YOffset); err != nil {
		m.setError("could not save scroll position: " + err.Error())
	}
}

func (m *Model) switchPane() tea.Cmd {
	if m.focus == paneList {
		if idx := m.list.selected(); idx >= 0 && idx != m.reader.idx {
			// Nothing shown yet, or the preview of the selection has not
			// caught up with the cursor: read what is selected.
			return m.openSummary(idx, -1, true)
		}
		if m.reader.idx >= 0 {
			if m.reader.previewing {
				// Moving into a previewed summary is reading it.
				scroll := -1
				if m.reader.rendered.idx == m.reader.idx {
					scroll = m.reader.vp.YOffset
				}
				return m.openSummary(m.reader.idx, scroll, true)
			}
			m.focus = paneReader
			return m.requestRender()
		}
		return nil
	}
	m.saveScroll()
	m.focus = paneList
	return nil
}

// toggleBookmark bookmarks or un-bookmarks the current summary; a failed
// write changes nothing and says why.
func (m *Model) toggleBookmark() {
	idx := m.currentIdx()
	if idx < 0 {
		return
	}
	s := m.corpus.At(idx)
	added, err := m.store.ToggleBookmark(s)
	switch {
	case err != nil:
		m.setError("bookmark not saved: " + err.Error())
	case added:
		m.setStatus("★ bookmarked: " + s.Title)
	default:
		m.setStatus("bookmark removed: " + s.Title)
	}
	m.storeWarnings()
	// In bookmarks only, an un-bookmarked summary stays listed (unstarred)
	// until the list is shown again: b twice puts it back, rather than
	// removing the next one.
}

// walkHistory goes back (d < 0) or forward through what was read.
func (m *Model) walkHistory(d int) tea.Cmd {
	cur := historyEntry{idx: m.reader.idx, offset: m.reader.vp.YOffset}
	var e historyEntry
	var ok bool
	if d < 0 {
		e, ok = m.history.back(cur)
	} else {
		e, ok = m.history.forward(cur)
	}
	if !ok {
		if d < 0 {
			m.setStatus("nothing further back")
		} else {
			m.setStatus("nothing further forward")
		}
		return nil
	}
	return m.openSummary(e.idx, e.offset, false)
}

// missingBookmarks counts the bookmarks whose summary is not in the
// corpus (they are kept, and listed by precis bookmarks --missing).
func (m *Model) missingBookmarks() int {
	bs, ok := m.store.(interface{ Bookmarks() []model.Bookmark })
	if !ok {
		return 0
	}
	n := 0
	for _, b := range bs.Bookmarks() {
		if _, in := m.corpus.ByID(b.ID); !in {
			n++
		}
	}
	return n
}

// storeWarnings shows what the store had to say about its files (one it
// found unreadable and moved aside), if it has anything.
func (m *Model) storeWarnings() {
	if w, ok := m.store.(interface{ TakeWarnings() []string }); ok {
		if ws := w.TakeWarnings(); len(ws) > 0 {
			m.notices = append(m.notices, ws...)
			m.setError(strings.Join(ws, "; "))
		}
	}
}

func (m *Model) quit() tea.Cmd {
	m.saveScroll()
	if m.corpus != nil {
		// Reopen where the reader is now: on the summary in the reading
		// pane, or, when the list has the keys, on the one selected
		// there (previewed beside it when both panes show).
		idx, inList, set := m.reader.idx, m.focus == paneList, m.store.SetLast
		if inList {
			set = m.store.SetLastInList
			if sel := m.list.selected(); sel >= 0 {
				idx = sel
			}
		}
		if idx >= 0 && idx < m.corpus.Len() {
			if id := m.corpus.At(idx).ID; m.store.Last() != id || m.store.LastInList() != inList {
				if err := set(id); err != nil {
					m.setError("could not save reading state: " + err.Error())
				}
			}
		}
	}
	m.quitting = true
	return tea.Quit
}

// handleMouse scrolls the pane under the pointer with the wheel.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.overlay != overlayNone || msg.Action != tea.MouseActionPress {
		return nil
	}
	var d int
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		d = -1
	case tea.MouseButtonWheelDown:
		d = 1
	default:
		return nil
	}
	overList := !m.wide() && m.focus == paneList || m.wide() && msg.X < m.listWidth()
	if overList {
		m.list.move(d, m.bodyHeight())
		return m.previewSelected()
	}
	if m.reader.previewing && m.reader.idx >= 0 {
		// Scrolling a previewed summary is reading it.
		m.reader.previewing = false
		m.markReading(m.corpus.At(m.reader.idx))
	}
	if m.reader.rendered.idx == m.reader.idx {
		m.reader.scrollTo = -1 // the person has taken over: no restore pending
	}
	if d < 0 {
		m.reader.vp.ScrollUp(3)
	} else {
		m.reader.vp.ScrollDown(3)
	}
	return nil
}
