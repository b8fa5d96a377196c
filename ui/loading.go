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

	// Keys typed while loading are kept and played once the corpus is
	// there, as if it had been there all along: a filter typed on the
	// loading screen is not lost. typing says a "/" has begun text that
	// q belongs to; text is that text, shown on the screen.
	ahead  []tea.KeyMsg
	typing bool
	text   []rune
}

// maxTypeAhead bounds the keys kept while loading.
const maxTypeAhead = 512

// typeAhead keeps k for when the corpus is there and follows the text
// it types.
func (l *loadState) typeAhead(k tea.KeyMsg) {
	if len(l.ahead) >= maxTypeAhead {
		return
	}
	l.ahead = append(l.ahead, k)
	switch {
	case !l.typing:
		if k.Type == tea.KeyRunes && len(k.Runes) > 0 && k.Runes[0] == '/' {
			// "/" and any runes after it in the same message.
			l.typing, l.text = true, append(l.text[:0], k.Runes[1:]...)
		}
	case k.Type == tea.KeyEnter || k.Type == tea.KeyEsc:
		l.typing = false
	case k.Type == tea.KeyBackspace:
		if len(l.text) > 0 {
			l.text = l.text[:len(l.text)-1]
		}
	case k.Type == tea.KeyRunes || k.Type == tea.KeySpace:
		l.text = append(l.text, k.Runes...)
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
		ahead := m.loading.ahead
		m.setCorpus(msg.corpus)
		cmds := []tea.Cmd{m.resize(w, h), m.buildIndexes()}
		for _, k := range ahead {
			cmds = append(cmds, m.handleKey(k))
		}
		return tea.Batch(cmds...)
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	}
	return nil
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
	if m.loading.typing {
		status = " / " + sanitize.Text(string(m.loading.text)) + "  (filters once loaded)"
	}
	lines = append(lines, m.theme.StatusDim.Render(fit(status, w)))
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}
