// Command guarded is built by termguard's tests: it imports Bubble Tea
// and lipgloss the way precis does, with the guard, and reports what it
// saw at the top of main.
package main

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"codeberg.org/precis/precis/internal/termguard"
)

func main() {
	active := termguard.Active()
	termguard.Restore()
	_ = tea.Quit
	fmt.Printf("guard-active-at-main=%v TERM=%q colour-profile=%d\n", active, os.Getenv("TERM"), lipgloss.ColorProfile())
}
