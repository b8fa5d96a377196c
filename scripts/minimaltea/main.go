// Command minimaltea is the floor precis's start-up is measured against
// (BENCHMARKS.md): a Bubble Tea program that draws one frame and quits.
package main

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
)

type model struct{}

func (model) Init() tea.Cmd                       { return tea.Quit }
func (model) Update(tea.Msg) (tea.Model, tea.Cmd) { return model{}, tea.Quit }
func (model) View() string                        { return "one frame\n" }

func main() {
	if _, err := tea.NewProgram(model{}, tea.WithInput(nil)).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
