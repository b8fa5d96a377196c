// Package crash turns a panic into one clear line and a crash report,
// after giving the terminal back.
//
// Defer Guard at the top of main, and at the top of every goroutine that
// can panic while the terminal is taken (Bubble Tea commands run in their
// own goroutines):
//
//	defer crash.Guard(restore)
//
// On a panic, Guard calls restore (which gives the terminal back: leaves
// the alternate screen, shows the cursor, ends raw mode), writes the panic
// value and the stack to a file under $XDG_STATE_HOME/precis/ (or the
// temporary directory when that cannot be written), prints
//
//	precis: internal error: <value>; crash report written to <path>
//
// on standard error and exits with status 1.
package crash

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"codeberg.org/precis/precis/internal/sanitize"
)

// Seams for tests of this package.
var (
	exit             = os.Exit
	stderr io.Writer = os.Stderr
	now              = time.Now
)

// handling is held by the first goroutine that panics: a second panic,
// in another goroutine or in restore, waits for the first to exit.
var handling sync.Mutex

// Guard recovers a panic in the goroutine that deferred it, gives the
// terminal back with restore (nil for none), writes a crash report and
// exits with status 1. Without a panic it does nothing. It must be called
// directly by defer: defer crash.Guard(restore).
func Guard(restore func()) {
	r := recover()
	if r == nil {
		return
	}
	Handle(r, debug.Stack(), restore)
}

// Handle does Guard's work for a panic value recovered elsewhere (with
// the stack of the goroutine that panicked). It does not return.
func Handle(value any, stack []byte, restore func()) {
	handling.Lock() // never unlocked: the process ends here
	if restore != nil {
		func() {
			defer func() { _ = recover() }() // a broken restore must not hide the report
			restore()
		}()
	}
	msg := oneLine(fmt.Sprint(value))
	path, err := writeReport(value, stack)
	if err != nil {
		fmt.Fprintf(stderr, "precis: internal error: %s; could not write a crash report (%v), stack follows\n%s",
			msg, err, sanitize.Text(string(stack)))
	} else {
		fmt.Fprintf(stderr, "precis: internal error: %s; crash report written to %s\n", msg, sanitize.Text(path))
	}
	exit(1)
}

// oneLine makes a panic value fit on one safe line of bounded length.
func oneLine(s string) string {
	s = sanitize.Text(s)
	s = strings.Join(strings.Fields(s), " ")
	const maxLen = 300
	if len(s) > maxLen {
		cut := maxLen
		for cut > 0 && s[cut]&0xc0 == 0x80 { // do not split a rune
			cut--
		}
		s = s[:cut] + "…"
	}
	if s == "" {
		s = "panic"
	}
	return s
}

// Dir is where crash reports go: $XDG_STATE_HOME/precis, with the XDG
// default ~/.local/state when the variable is unset or not absolute.
func Dir() string {
	base := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "precis")
}

// writeReport writes the crash report to Dir, or the temporary directory
// when Dir cannot be written, and returns its path.
func writeReport(value any, stack []byte) (string, error) {
	var report strings.Builder
	fmt.Fprintf(&report, "precis crash report\n\n")
	fmt.Fprintf(&report, "time:    %s\n", now().UTC().Format(time.RFC3339))
	fmt.Fprintf(&report, "version: %s\n", version())
	fmt.Fprintf(&report, "go:      %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&report, "args:    %q\n", os.Args)
	fmt.Fprintf(&report, "panic:   %v\n", value)
	fmt.Fprintf(&report, "type:    %T\n\n", value)
	report.Write(stack)

	name := "crash-" + now().UTC().Format("20060102-150405") + "-*.txt"
	var firstErr error
	for _, dir := range []string{Dir(), os.TempDir()} {
		if dir == "" {
			continue
		}
		path, err := writeFile(dir, name, report.String())
		if err == nil {
			return path, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", firstErr
}

func writeFile(dir, pattern, content string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.Main.Path + " " + bi.Main.Version
	}
	return "unknown"
}
