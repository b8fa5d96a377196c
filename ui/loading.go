package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/model"
)

// loadState is the reader before its corpus is there.
type loadState struct {
	name  string
	load  func(progress func(string)) (*model.Corpus, []string, error)
	phase string

	// A filter can be typed on the loading screen: "/" begins it (q is
	// then text), enter or esc ends it. It becomes the list's filter once
	// the corpus is there (entered: and its best hit opens). Other keys
	// have nothing to act on yet and are dropped.
	typing, entered bool
	text            []rune
}

// maxTypeAhead bounds the filter typed while loading, in runes.
const maxTypeAhead = 256

// typeAhead follows the filter typed while loading.
func (l *loadState) typeAhead(k tea.KeyMsg) {
	switch {
	case !l.typing:
		if k.Type == tea.KeyRunes && len(k.Runes) > 0 && k.Runes[0] == '/' {
			// "/" and any runes after it in the same message (a paste).
			l.typing, l.entered, l.text = true, false, append(l.text[:0], k.Runes[1:]...)
		}
	case k.Type == tea.KeyEnter:
		l.typing, l.entered = false, true
	case k.Type == tea.KeyEsc:
		l.typing, l.text = false, l.text[:0]
	case k.Type == tea.KeyBackspace:
		if len(l.text) > 0 {
			l.text = l.text[:len(l.text)-1]
		}
	case k.Type == tea.KeyRunes || k.Type == tea.KeySpace:
		l.text = append(l.text, k.Runes...)
	}
	if len(l.text) > maxTypeAhead {
		l.text = l.text[:maxTypeAhead]
	}
}

// loadProgressMsg says what the loading is doing now.
type loadProgressMsg struct{ phase string }

// corpusLoadedMsg delivers the loaded corpus, or why it failed.
type corpusLoadedMsg struct {
	corpus   *model.Corpus
	warnings []string
	err      error
}

// loadCmd runs the load off the UI path; its progress reaches the
// program through the running program's Send.
func (m *Model) loadCmd() tea.Cmd {
	load := m.loading.load
	return guard(func() tea.Msg {
		c, warnings, err := load(func(phase string) {
			if p := program.Load(); p != nil {
				p.Send(loadProgressMsg{phase})
			}
		})
		return corpusLoadedMsg{corpus: c, warnings: warnings, err: err}
	})
}

// updateLoading handles messages while the corpus loads: the size, the
// progress, quitting, and the corpus when it comes.
func (m *Model) updateLoading(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(0, msg.Width), max(0, msg.Height)
	case tea.KeyMsg:
		// q quits, unless it is part of a filter typed ahead.
		if key.Matches(msg, m.keys.ForceQuit) || !m.loading.typing && key.Matches(msg, m.keys.Quit) {
			m.quitting = true
			return tea.Quit
		}
		m.loading.typeAhead(msg)
	case loadProgressMsg:
		m.loading.phase = msg.phase
	case corpusLoadedMsg:
		if msg.err != nil {
			m.loadErr = msg.err
			m.quitting = true
			return tea.Quit
		}
		m.warnings = append(m.warnings, msg.warnings...)
		w, h := m.width, m.height
		l := m.loading
		m.setCorpus(msg.corpus)
		cmds := []tea.Cmd{m.resize(w, h), m.buildIndexes()}
		if l.typing || l.entered && len(l.text) > 0 {
			cmds = append(cmds, m.typedFilter(string(l.text), l.entered))
		}
		return tea.Batch(cmds...)
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	}
	return nil
}

// typedFilter makes text, typed on the loading screen, the list's
// filter, as if typed after "/" in the list; enter says enter followed.
func (m *Model) typedFilter(text string, enter bool) tea.Cmd {
	m.focus = paneList
	m.filtering = true
	m.filterFrom = m.list.selected()
	m.filterInput.SetValue(text)
	cleanInput(&m.filterInput)
	m.filterInput.CursorEnd()
	cmds := []tea.Cmd{m.filterInput.Focus()}
	if q := m.filterInput.Value(); q != "" {
		cmds = append(cmds, m.startFilter(q))
	}
	if enter {
		cmds = append(cmds, m.filterKey(tea.KeyMsg{Type: tea.KeyEnter}))
	}
	return tea.Batch(cmds...)
}

// loadingView is the screen while the corpus loads.
func (m *Model) loadingView() string {
	w, h := m.width, m.height
	lines := []string{fit(m.theme.Header.Render(" precis")+m.theme.HeaderDim.Render(" · loading "+m.loading.name), w)}
	for len(lines) < h/2 {
		lines = append(lines, strings.Repeat(" ", w))
	}
	lines = append(lines, fit("  "+m.spinner.View()+" "+m.loading.phase+"…", w))
	for len(lines) < h-1 {
		lines = append(lines, strings.Repeat(" ", w))
	}
	status := " q quit"
	switch l := m.loading; {
	case l.typing:
		status = " / " + sanitize.Text(string(l.text)) + "  (filters once loaded)"
	case l.entered && len(l.text) > 0:
		status = " / " + sanitize.Text(string(l.text)) + "  (opens the best hit once loaded)"
	}
	lines = append(lines, m.theme.StatusDim.Render(fit(status, w)))
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}
