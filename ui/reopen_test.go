package ui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// open starts a reader on the seed corpus with store st, at w x h.
func openWithStore(t *testing.T, st Store, w, h int) *Model {
	t.Helper()
	m := New(corpus(t), Options{Style: "notty", Store: st, Open: func(string) error { return nil }})
	settle(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// TestReopenInThePaneLeft: the reader reopens on the summary it was left
// on, in the pane that had the keys. Left in the list (previewing, or in
// one pane with the list shown), it reopens in the list, where / filters;
// left reading, it reopens in the reading pane, where / searches the
// text.
func TestReopenInThePaneLeft(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {70, 30}} {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			st := newMemStore()
			m := openWithStore(t, st, w, h)
			keys(t, m, "j", "j", "j", "q")
			if want := m.corpus.At(3).ID; st.Last() != want || !st.LastInList() {
				t.Fatalf("quit from the list: last %q in list %v, want %q in the list", st.Last(), st.LastInList(), want)
			}

			m = openWithStore(t, st, w, h)
			if m.focus != paneList || m.list.selected() != 3 {
				t.Fatalf("reopened: focus %v on %d, want the list on summary 4", m.focus, m.list.selected())
			}
			keys(t, m, "/")
			if !m.filtering {
				t.Fatal("reopened in the list, / does not filter")
			}
			keys(t, m, "<esc>", "<enter>", "q")
			if want := m.corpus.At(3).ID; st.Last() != want || st.LastInList() {
				t.Fatalf("quit reading: last %q in list %v, want %q read", st.Last(), st.LastInList(), want)
			}

			m = openWithStore(t, st, w, h)
			if m.focus != paneReader || m.reader.idx != 3 {
				t.Fatalf("reopened: focus %v on %d, want the reading pane on summary 4", m.focus, m.reader.idx)
			}
			keys(t, m, "/")
			if !m.searching {
				t.Fatal("reopened reading, / does not search the text")
			}
			// Back to the list without moving, and quit: the list again.
			keys(t, m, "<esc>", "<esc>", "q")
			if !st.LastInList() || st.Last() != m.corpus.At(3).ID {
				t.Fatalf("quit from the list after reading: last %q in list %v", st.Last(), st.LastInList())
			}
		})
	}
}
