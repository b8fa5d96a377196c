package ui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"codeberg.org/precis/precis/internal/sanitize/hostile"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
)

// TestHostileCorporaNeverReachTheTerminal opens every summary of every
// hostile fixture, in colour, at several sizes, with the filter, the
// links picker and the related picker, and checks every screen: nothing
// but SGR and safe OSC 8 sequences may come out.
func TestHostileCorporaNeverReachTheTerminal(t *testing.T) {
	ConfigureColors("dark")
	defer ConfigureColors("notty")
	for _, f := range hostile.Small() {
		if f.Binary {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			ss, _, err := parse.Bytes(f.Data, f.Name)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			c := model.NewCorpus(f.Name, ss)
			m := New(c, Options{Style: "dark", Open: func(string) error { return nil }})
			check := func(what string) {
				t.Helper()
				if err := hostile.Check(m.View(), true); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			for _, sz := range [][2]int{{120, 40}, {60, 20}, {20, 6}} {
				send(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				for i := 0; i < c.Len(); i++ {
					settle(t, m, m.openSummary(i, 0, true))
					check(fmt.Sprintf("summary %d at %dx%d", i+1, sz[0], sz[1]))
					keys(t, m, "o")
					check("links picker")
					keys(t, m, "<esc>", "r")
					check("related picker")
					keys(t, m, "<esc>", "G")
					check("bottom of the summary")
				}
				keys(t, m, "<esc>", "/")
				typeText(t, m, "e")
				check("filter")
				keys(t, m, "<esc>")
			}
		})
	}
}

// What a person pastes into the filter or the search is shown inert
// too: a bidi override or a C1 control is taken out of the input.
func TestPastedQueryIsInert(t *testing.T) {
	m := newTestModel(t, 120, 40)
	paste := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("swi\u202etch\u009b2J"), Paste: true}
	keys(t, m, "/")
	send(t, m, paste)
	if v := m.filterInput.Value(); v != "switch2J" && v != "swi"+"tch\uFFFD2J" {
		t.Errorf("filter input holds %q", v)
	}
	if err := hostile.Check(m.View(), true); err != nil {
		t.Errorf("filter: %v", err)
	}
	keys(t, m, "<esc>", "<enter>", "/")
	send(t, m, paste)
	if err := hostile.Check(m.View(), true); err != nil {
		t.Errorf("search in the text: %v", err)
	}
}
