package crash

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The child process: when CRASH_CHILD is set, this test binary panics
// under Guard in the way named, instead of running tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("CRASH_CHILD"); mode != "" {
		child(mode)
		fmt.Fprintln(os.Stderr, "child returned")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(mode string) {
	restore := func() { fmt.Fprintln(os.Stderr, "RESTORED") }
	switch mode {
	case "main":
		defer Guard(restore)
		var m map[string]int
		m["boom"] = 42 // a runtime error
	case "value":
		defer Guard(restore)
		panic(fmt.Sprintf("boom %d", 42))
	case "hostile":
		defer Guard(restore)
		panic("line one\nline two \x1b]52;c;cm0K\x07 \x1b[2J end")
	case "goroutine":
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer Guard(restore)
			panic(errors.New("from a goroutine"))
		}()
		<-done
	case "restore-panics":
		defer Guard(func() { panic("restore failed too") })
		panic("boom")
	case "none":
		defer Guard(restore)
	}
}

type result struct {
	code   int
	output string // stderr and stdout, in order
	state  string // XDG_STATE_HOME given to the child
	tmp    string // TMPDIR given to the child
}

func runChild(t *testing.T, mode string, env ...string) result {
	t.Helper()
	r := result{state: t.TempDir(), tmp: t.TempDir()}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CRASH_CHILD="+mode, "XDG_STATE_HOME="+r.state, "TMPDIR="+r.tmp)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run child: %v", err)
	}
	r.output = out.String()
	return r
}

var lineRE = regexp.MustCompile(`^RESTORED\nprecis: internal error: (.*); crash report written to (\S+)\n$`)

// checkCrash asserts the child restored the terminal, then printed one
// line naming a report under dir that holds the panic and the stack.
func checkCrash(t *testing.T, r result, dir, wantValue string) string {
	t.Helper()
	if r.code != 1 {
		t.Fatalf("exit status %d, want 1; output %q", r.code, r.output)
	}
	m := lineRE.FindStringSubmatch(r.output)
	if m == nil {
		t.Fatalf("output %q is not RESTORED then one 'precis: internal error: …; crash report written to …' line", r.output)
	}
	if m[1] != wantValue {
		t.Errorf("value in the line = %q, want %q", m[1], wantValue)
	}
	path := m[2]
	if filepath.Dir(path) != dir {
		t.Errorf("report %s is not in %s", path, dir)
	}
	report, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("crash report: %v", err)
	}
	for _, want := range []string{"precis crash report", "panic:", "goroutine ", "crash.child"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("crash report lacks %q:\n%s", want, report)
		}
	}
	return string(report)
}

func TestPanicInMain(t *testing.T) {
	r := runChild(t, "main")
	report := checkCrash(t, r, filepath.Join(r.state, "precis"), "assignment to entry in nil map")
	if !strings.Contains(report, "runtime.Error") && !strings.Contains(report, "runtime.plainError") {
		t.Errorf("report does not give the panic's type:\n%s", report)
	}
}

func TestPanicValue(t *testing.T) {
	r := runChild(t, "value")
	report := checkCrash(t, r, filepath.Join(r.state, "precis"), "boom 42")
	if !strings.Contains(report, "panic:   boom 42\n") {
		t.Errorf("report does not give the panic value:\n%s", report)
	}
}

// A panic value from corpus text cannot act on the terminal or break the
// one line.
func TestHostilePanicValueIsOneSafeLine(t *testing.T) {
	r := runChild(t, "hostile")
	checkCrash(t, r, filepath.Join(r.state, "precis"), "line one line two ␛]52;c;cm0K ␛[2J end")
	if strings.ContainsAny(r.output, "\x1b\x07") {
		t.Errorf("output carries control characters: %q", r.output)
	}
}

func TestPanicInGoroutine(t *testing.T) {
	r := runChild(t, "goroutine")
	checkCrash(t, r, filepath.Join(r.state, "precis"), "from a goroutine")
}

// When the state directory cannot be written, the report goes to the
// temporary directory.
func TestReportFallsBackToTempDir(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runChild(t, "value", "XDG_STATE_HOME="+blocker)
	checkCrash(t, r, r.tmp, "boom 42")
}

// A restore that panics itself does not hide the report.
func TestRestorePanicStillReports(t *testing.T) {
	r := runChild(t, "restore-panics")
	if r.code != 1 || !strings.Contains(r.output, "precis: internal error: boom; crash report written to ") {
		t.Fatalf("exit %d, output %q", r.code, r.output)
	}
}

func TestNoPanicDoesNothing(t *testing.T) {
	r := runChild(t, "none")
	if r.code != 0 || r.output != "child returned\n" {
		t.Fatalf("exit %d, output %q; want 0 and only the child's own line", r.code, r.output)
	}
	if entries, _ := os.ReadDir(filepath.Join(r.state, "precis")); len(entries) != 0 {
		t.Fatalf("a report was written without a panic: %v", entries)
	}
}

func TestOneLine(t *testing.T) {
	long := strings.Repeat("é", 400)
	got := oneLine(long)
	if len(got) > 305 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "éé") {
		t.Errorf("oneLine(long) = %q", got)
	}
	if got := oneLine(" \n "); got != "panic" {
		t.Errorf("oneLine(blank) = %q", got)
	}
}
