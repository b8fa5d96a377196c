package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// BenchmarkKeystrokeUIPath is what one filter keystroke costs on the UI
// goroutine: Update (which hands the search to a command) and View.
func BenchmarkKeystrokeUIPath(b *testing.B) {
	m := newTestModel(b, 120, 40)
	keys(b, m, "/")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := 'a' + rune(i%26)
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		_ = m.View()
		if i%8 == 7 {
			m.filterInput.SetValue("")
		}
	}
}

// BenchmarkKeystrokeToListView is a whole keystroke at 164 summaries: the
// search command, the result applied to the list, and the next frame.
func BenchmarkKeystrokeToListView(b *testing.B) {
	m := newTestModel(b, 120, 40)
	m.reader.idx = -1 // no preview render in the measurement
	queries := []string{"l", "lo", "lot", "lott", "lotte", "lotter", "lottery"}
	keys(b, m, "/")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		cmd := m.startFilter(q)
		if msg := cmd(); msg != nil {
			m.Update(msg)
		}
		_ = m.View()
	}
}

// BenchmarkOpenUncached is opening a summary not rendered before: glamour
// in its command, the result shown, the frame drawn.
func BenchmarkOpenUncached(b *testing.B) {
	m := newTestModel(b, 120, 40)
	n := m.corpus.Len()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.cache = newRenderCache(64) // nothing cached
		idx := (i*37 + 1) % n
		m.reader.idx = -1
		cmd := m.openSummary(idx, 0, false)
		for _, msg := range runAll(cmd) {
			m.Update(msg)
		}
		if m.reader.rendered.idx != idx {
			b.Fatalf("summary %d not rendered", idx)
		}
		_ = m.View()
	}
}

// runAll runs a command and the commands of any batch it returns, and
// collects their messages (not spinner ticks).
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	case renderedMsg, filterResultMsg:
		return []tea.Msg{msg}
	}
	return nil
}

// BenchmarkStartupFirstFrame is start-up on the embedded corpus, up to the
// first frame: parse, sidecar, corpus, reader, layout, View.
func BenchmarkStartupFirstFrame(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
		if err != nil {
			b.Fatal(err)
		}
		model.ApplyMeta(ss, seeds.Meta, seeds.MetaName)
		c := model.NewCorpus(seeds.Name, ss)
		m := New(c, Options{Style: "dark"})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if v := m.View(); len(v) == 0 {
			b.Fatal("empty first frame")
		}
	}
}
