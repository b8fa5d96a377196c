package termguard_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"codeberg.org/precis/precis/internal/termguard"
)

// The query termenv writes to find the background colour, and the cursor
// position request that follows it.
const (
	osc11Query = "\x1b]11;?"
	dsrQuery   = "\x1b[6n"
)

// deadline only keeps a broken start-up from hanging the test; the
// assertions are about what was written, not how long it took.
const deadline = 3 * time.Second

// repoRoot is the module root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// The binaries the tests run, built on first use: the two test programs
// in one go build, precis in another (so that a tree where main does not
// build yet still tests the guard).
var (
	binDir          string
	helpers, precis struct {
		once sync.Once
		err  error
	}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "termguard-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

// build returns the binary named name ("guarded", "unguarded" or
// "precis"), building it on first use.
func build(t *testing.T, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds binaries")
	}
	b, pkgs := &helpers, []string{"./internal/termguard/testdata/guarded", "./internal/termguard/testdata/unguarded"}
	if name == "precis" {
		b, pkgs = &precis, []string{"."}
	}
	b.once.Do(func() {
		args := append(append([]string{"build"}, overlay()...), "-o", binDir+string(filepath.Separator))
		cmd := exec.Command("go", append(args, pkgs...)...)
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %v: %v\n%s", pkgs, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return filepath.Join(binDir, name)
}

// overlay gives the go build flags for PRECIS_TEST_OVERLAY, which names
// a go build -overlay file, to try a wiring of main before committing it.
func overlay() []string {
	if o := os.Getenv("PRECIS_TEST_OVERLAY"); o != "" {
		return []string{"-overlay", o}
	}
	return nil
}

// runOnPTY runs bin with args on a new pseudo-terminal (its controlling
// terminal, stdin, stdout and stderr, 80x24) with TERM=xterm-256color, and
// returns everything it wrote. Nobody answers the terminal's queries,
// except that with answerDSR a cursor-position request gets a reply (as
// a real terminal would give), so that a program that queries still
// finishes quickly.
func runOnPTY(t *testing.T, bin string, answerDSR bool, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(filteredEnv(), "TERM=xterm-256color", "COLORTERM=", "NO_COLOR=",
		"XDG_DATA_HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()

	var mu sync.Mutex
	var out bytes.Buffer
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		buf := make([]byte, 4096)
		answered := false
		for {
			n, err := ptmx.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			seen := strings.Contains(out.String(), dsrQuery)
			mu.Unlock()
			if answerDSR && seen && !answered {
				answered = true
				ptmx.Write([]byte("\x1b[1;1R"))
			}
			if err != nil {
				return
			}
		}
	}()

	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case err = <-waitErr:
	case <-time.After(deadline):
		cmd.Process.Kill()
		<-waitErr
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("%s %s still running after %v; it wrote %q", filepath.Base(bin), strings.Join(args, " "), deadline, out.String())
	}
	select { // the slave is closed: the reader sees EIO once drained
	case <-readDone:
	case <-time.After(time.Second):
	}
	mu.Lock()
	defer mu.Unlock()
	return out.String(), err
}

// filteredEnv is the test's environment without the variables runOnPTY
// sets and those that change termenv's view of the terminal: with CI set
// (as CI machines do) termenv treats every output as not a terminal, so
// nothing would be queried and the colour profile would be Ascii.
func filteredEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLORFGBG", "CI", "XDG_DATA_HOME", "XDG_STATE_HOME":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// Without the guard, Bubble Tea's init writes the background-colour
// query to a terminal stdout: the test can see the failure it guards
// against.
func TestUnguardedStartQueriesTheTerminal(t *testing.T) {
	t.Parallel()
	bin := build(t, "unguarded")
	out, err := runOnPTY(t, bin, true)
	if err != nil {
		t.Fatalf("unguarded: %v\n%q", err, out)
	}
	if !strings.Contains(out, osc11Query) {
		t.Fatalf("unguarded program did not query the terminal; this test cannot see the problem any more: %q", out)
	}
}

// With the guard imported, its init runs before termenv's, lipgloss's
// and Bubble Tea's (import-path order), so nothing is asked; at the top of
// main the guard is still active, and after Restore TERM and lipgloss's
// colour profile are those of the real terminal.
func TestGuardedStartAsksNothing(t *testing.T) {
	t.Parallel()
	bin := build(t, "guarded")
	out, err := runOnPTY(t, bin, false)
	if err != nil {
		t.Fatalf("guarded: %v\n%q", err, out)
	}
	if strings.Contains(out, osc11Query) || strings.Contains(out, dsrQuery) {
		t.Fatalf("guarded program queried the terminal: %q", out)
	}
	// lipgloss's colour profile 1 is ANSI256 (termenv.ANSI256): not Ascii.
	want := `guard-active-at-main=true TERM="xterm-256color" colour-profile=1`
	if !strings.Contains(out, want) {
		t.Fatalf("guarded program printed %q, want %q", out, want)
	}
}

// The precis binary itself, for commands that must not wait on the
// terminal: nothing is asked, and with stdout on a terminal `show` is in
// colour (so TERM was restored before the style was chosen, and the
// style was chosen without asking).
func TestPrecisAsksTheTerminalNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds precis")
	}
	deps, err := exec.Command("go", append(append([]string{"list"}, overlay()...), "-deps", "codeberg.org/precis/precis")...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if !strings.Contains(string(deps), "codeberg.org/precis/precis/internal/termguard\n") {
		t.Skip("main does not import internal/termguard yet (see the package doc)")
	}
	bin := build(t, "precis")
	for _, args := range [][]string{{"--version"}, {"list"}, {"show", "1"}, {"list", "--json"}} {
		out, err := runOnPTY(t, bin, false, args...)
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("precis %v: %v", args, err)
			}
			t.Fatalf("precis %v: exit %d\n%q", args, ee.ExitCode(), out)
		}
		if strings.Contains(out, osc11Query) || strings.Contains(out, dsrQuery) {
			t.Errorf("precis %v queried the terminal: %q", args, out)
		}
		if args[0] == "show" && !strings.Contains(out, "\x1b[") {
			t.Errorf("precis show on a terminal is not in colour (TERM not restored before the style was chosen?): %q", out[:min(len(out), 300)])
		}
	}
}

// In this test binary the guard's init ran too: TERM is "dumb" until
// Restore, then what the process started with.
func TestRestorePutsTERMBack(t *testing.T) {
	initial, err := os.ReadFile("/proc/self/environ")
	if err != nil {
		t.Skip("needs /proc/self/environ to know the starting environment")
	}
	start, had := "", false
	for _, kv := range strings.Split(string(initial), "\x00") {
		if v, ok := strings.CutPrefix(kv, "TERM="); ok {
			start, had = v, true
		}
	}
	if start != "dumb" {
		if !termguard.Active() || os.Getenv("TERM") != "dumb" {
			t.Fatalf("guard not active before Restore: active=%v TERM=%q", termguard.Active(), os.Getenv("TERM"))
		}
	}
	termguard.Restore()
	termguard.Restore() // twice is harmless
	got, gotHad := os.LookupEnv("TERM")
	if got != start || gotHad != had {
		t.Fatalf("after Restore TERM=%q (set %v), want %q (set %v)", got, gotHad, start, had)
	}
	if termguard.Active() {
		t.Fatal("Active after Restore")
	}
}
