// Command precis is a terminal reader for a corpus of machine-learning
// paper summaries: fuzzy-find a paper, read its summary rendered as
// markdown, bookmark it, and hop between related papers. With no
// arguments it opens the interactive reader on the embedded corpus; its
// subcommands make every capability scriptable.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"codeberg.org/precis/precis/internal/crash"
	"codeberg.org/precis/precis/internal/quickstart"
	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/internal/termguard"
	"codeberg.org/precis/precis/ui"
)

// Exit statuses, as DESIGN.md gives them.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

func main() {
	// Before anything reads TERM: termguard kept Bubble Tea's package init
	// from querying the terminal (see its package comment).
	termguard.Restore()
	// Packages initialized with the collector held off (see quickstart).
	quickstart.Done()
	defer crash.Guard(ui.ReleaseTerminal)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes precis with args and returns the exit status. Every error
// becomes one line on stderr.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := newApp(stdin, stdout, stderr)
	err := a.execute(args)
	if err == nil {
		return exitOK
	}
	// Messages can quote file names and queries: keep them inert.
	fmt.Fprintf(stderr, "precis: %s\n", oneLine(sanitize.Text(err.Error())))
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitRuntime
}

// usageError marks an error in how precis was called (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// oneLine folds an error message onto a single line.
func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}
