package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"codeberg.org/precis/precis/model"
)

// loadState is the reader before its corpus is there.
type loadState struct {
	name  string
	load  func(progress func(string)) (*model.Corpus, []string, error)
	phase string
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
		if key.Matches(msg, m.keys.Quit, m.keys.ForceQuit) {
			m.quitting = true
			return tea.Quit
		}
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
		m.setCorpus(msg.corpus)
		return tea.Batch(m.resize(w, h), m.buildIndexes())
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
	lines = append(lines, m.theme.StatusDim.Render(fit(" q quit", w)))
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}
