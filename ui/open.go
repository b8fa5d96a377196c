package ui

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"codeberg.org/precis/precis/internal/sanitize"
)

// openLink hands an http(s) URL to the system opener, off the UI path.
// Anything else is refused: a corpus must not make precis run programs
// on other schemes.
func (m *Model) openLink(u string) tea.Cmd {
	safe, ok := sanitize.SafeURL(u)
	if !ok {
		m.setError("not opened: only http and https links open")
		return nil
	}
	open := m.open
	return guard(func() tea.Msg { return openedMsg{url: safe, err: open(safe)} })
}

// openURL starts $BROWSER or the platform opener on u without waiting.
func openURL(u string) error {
	var cmd *exec.Cmd
	if b := strings.TrimSpace(os.Getenv("BROWSER")); b != "" {
		args := strings.Fields(b)
		cmd = exec.Command(args[0], append(args[1:], u)...)
	} else {
		switch runtime.GOOS {
		case "darwin":
			cmd = exec.Command("open", u)
		case "windows":
			cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
		default:
			cmd = exec.Command("xdg-open", u)
		}
	}
	if cmd == nil {
		return errors.New("no opener")
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // reap the opener; its status is not ours
	return nil
}
