// Command unguarded is built by termguard's tests: it imports Bubble Tea
// without the guard, to show that the test sees the query it prevents.
package main

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
)

func main() {
	_ = tea.Quit
	fmt.Println("unguarded done")
}
