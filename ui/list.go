package ui

import (
	"fmt"
	"strings"

	"codeberg.org/precis/precis/model"
)

// listItem is one row of the list pane: a summary and, when a filter is
// applied, its score and what to highlight. Three words: the list holds
// one per hit, and a keystroke at 100k summaries can make 100k.
type listItem struct {
	idx   int // corpus index
	score float64
	// marks is nil for plain items (no filter) and for filter hits past
	// the first model.DecorateMax until they scroll into view.
	marks *model.Marks
}

// listPane is the list of summaries: every summary, or the filter's hits
// best first, optionally only the bookmarked ones.
type listPane struct {
	items  []listItem
	cursor int
	offset int // first visible item
}

const itemHeight = 2

// selected returns the corpus index under the cursor, or -1.
func (l *listPane) selected() int {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return -1
	}
	return l.items[l.cursor].idx
}

// move moves the cursor by delta items and keeps it visible in height rows.
func (l *listPane) move(delta, height int) {
	l.setCursor(l.cursor+delta, height)
}

func (l *listPane) setCursor(c, height int) {
	l.cursor = clamp(c, 0, len(l.items)-1)
	l.scrollToCursor(height)
}

// selectIdx puts the cursor on corpus index idx if the list shows it.
func (l *listPane) selectIdx(idx, height int) bool {
	for i, it := range l.items {
		if it.idx == idx {
			l.setCursor(i, height)
			return true
		}
	}
	return false
}

func (l *listPane) visibleItems(height int) int {
	return max(1, height/itemHeight)
}

func (l *listPane) scrollToCursor(height int) {
	n := l.visibleItems(height)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+n {
		l.offset = l.cursor - n + 1
	}
	l.offset = clamp(l.offset, 0, max(0, len(l.items)-n))
}

// view draws the list in exactly height lines of width cells.
func (m *Model) listView(width, height int) []string {
	l := &m.list
	lines := make([]string, 0, height)
	t := m.theme
	if len(l.items) == 0 {
		msg := "no summaries match"
		if m.bookmarksOnly && m.filterQuery == "" {
			msg = "no bookmarks yet: press b on a summary"
			switch n := m.missingBookmarks(); {
			case n == 1:
				msg = "your bookmark is not in this corpus (precis bookmarks --missing shows it)"
			case n > 1:
				msg = fmt.Sprintf("none of your %d bookmarks is in this corpus (precis bookmarks --missing lists them)", n)
			}
		}
		lines = append(lines, fit(t.Dim.Render("  "+msg), width))
	}
	l.scrollToCursor(height)
	for i := l.offset; i < len(l.items) && len(lines)+itemHeight <= height; i++ {
		it := l.items[i]
		s := m.corpus.At(it.idx)
		sel := i == l.cursor
		bar := "  "
		if sel {
			bar = t.SelectedBar.Render("▌ ")
		}
		mark := "  "
		if m.store.IsBookmarked(s.ID) {
			mark = t.Mark.Render("★ ")
		}
		titleStyle := t.Title
		if m.store.IsRead(s.ID) {
			titleStyle = t.TitleRead
		}
		prefix := bar + mark
		room := width - 4
		if sel {
			titleStyle = titleStyle.Inherit(t.Selected)
		}
		var mk model.Marks
		if it.marks != nil {
			mk = *it.marks
		}
		title := highlight(s.Title, mk.TitleMatches, room, titleStyle, t.Match.Inherit(titleStyle))
		lines = append(lines, fit(prefix+title, width))

		num := fmt.Sprintf("%d · ", s.N)
		if t.ReadGlyph != "" && m.store.IsRead(s.ID) {
			num = t.ReadGlyph + num
		}
		second, secondMatches := model.Blurb(s), []int(nil)
		if mk.Snippet != "" {
			second, secondMatches = mk.Snippet, mk.SnippetMatches
		}
		blurb := highlight(num+second, shift(secondMatches, len([]rune(num))), width-4, t.Blurb, t.Match)
		lines = append(lines, fit(strings.Repeat(" ", 4)+blurb, width))
	}
	for len(lines) < height {
		lines = append(lines, strings.Repeat(" ", max(0, width)))
	}
	return lines[:height]
}

// shift adds d to every position.
func shift(pos []int, d int) []int {
	if len(pos) == 0 {
		return nil
	}
	out := make([]int, len(pos))
	for i, p := range pos {
		out[i] = p + d
	}
	return out
}

// allItems lists the whole corpus in order, or only bookmarks.
func (m *Model) allItems() []listItem {
	items := make([]listItem, 0, m.corpus.Len())
	for i := 0; i < m.corpus.Len(); i++ {
		if m.bookmarksOnly && !m.store.IsBookmarked(m.corpus.At(i).ID) {
			continue
		}
		items = append(items, listItem{idx: i})
	}
	return items
}

// hitItems turns search hits into list items, keeping only bookmarks
// when asked.
func (m *Model) hitItems(hits []model.Hit) []listItem {
	items := make([]listItem, 0, len(hits))
	for _, h := range hits {
		if m.bookmarksOnly && !m.store.IsBookmarked(m.corpus.At(h.Index).ID) {
			continue
		}
		items = append(items, listItem{idx: h.Index, score: h.Score, marks: h.Marks})
	}
	return items
}

// decorateVisible fills in the highlights and snippets of the filter hits
// on screen that the search left bare (it decorates only the best ones).
func (m *Model) decorateVisible() {
	l := &m.list
	if m.filterQuery == "" || len(l.items) == 0 {
		return
	}
	end := min(len(l.items), l.offset+l.visibleItems(m.bodyHeight()))
	var hits []model.Hit
	var at []int
	for i := l.offset; i < end; i++ {
		if l.items[i].marks == nil {
			hits = append(hits, model.Hit{Index: l.items[i].idx, Score: l.items[i].score})
			at = append(at, i)
		}
	}
	if len(hits) == 0 {
		return
	}
	m.corpus.Decorate(m.filterQuery, hits)
	for j, i := range at {
		l.items[i].marks = hits[j].Marks
	}
}
