package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/internal/sanitize/hostile"
)

// Every subcommand, on every hostile corpus, writes nothing to the
// terminal but printable text, SGR colour and OSC 8 links to http(s)
// targets; --plain, --json and list write no ESC at all. The fixtures
// are in testdata/hostile/ (see internal/sanitize/hostile); the large
// ones are generated here.

// hostileRun runs precis in-process, as a user would, with no input.
func hostileRun(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

// hostileCheck runs precis and checks its exit status and both streams:
// styled allows SGR and OSC 8 on stdout, otherwise no ESC at all.
func hostileCheck(t *testing.T, styled bool, args ...string) string {
	t.Helper()
	out, errOut, code := hostileRun(args...)
	if code != 0 {
		t.Fatalf("precis %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	if err := hostile.Check(out, styled); err != nil {
		t.Errorf("precis %s: stdout: %v", strings.Join(args, " "), err)
	}
	if err := hostile.Check(errOut, false); err != nil {
		t.Errorf("precis %s: stderr: %v", strings.Join(args, " "), err)
	}
	return out
}

// checkJSONStrings decodes JSON output and checks every string in it:
// scripts print them raw (jq -r), so they must be safe once decoded.
func checkJSONStrings(t *testing.T, what, out string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if err := hostile.Check(v, false); err != nil {
				t.Errorf("%s: JSON string: %v", what, err)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for k, e := range v {
				walk(k)
				walk(e)
			}
		}
	}
	walk(v)
}

// checkCorpus runs every command on a corpus file: list, list --json,
// show (coloured, plain, JSON) for the summaries in ns (all when nil),
// search and related.
func checkCorpus(t *testing.T, path string, ns []int, queries ...string) {
	t.Helper()
	c := []string{"--corpus", path}
	list := hostileCheck(t, false, append(c, "list")...)
	count := strings.Count(list, "\n")
	if count == 0 {
		t.Fatalf("list of %s is empty", path)
	}
	checkJSONStrings(t, "list --json", hostileCheck(t, false, append(c, "list", "--json")...))
	if ns == nil {
		for n := 1; n <= count; n++ {
			ns = append(ns, n)
		}
	}
	for _, n := range ns {
		ref := strconv.Itoa(n)
		dark := hostileCheck(t, true, append(c, "show", "--style", "dark", "--width", "80", ref)...)
		if !strings.Contains(dark, "\x1b[") {
			t.Errorf("show --style dark %d: no colour, so the check saw no styling: %q", n, dark[:min(len(dark), 200)])
		}
		hostileCheck(t, false, append(c, "show", "--plain", ref)...)
		hostileCheck(t, false, append(c, "show", "--style", "notty", ref)...)
		checkJSONStrings(t, "show --json", hostileCheck(t, false, append(c, "show", "--json", ref)...))
	}
	for _, cmd := range []string{"search", "related"} {
		qs := queries
		if cmd == "related" {
			qs = []string{"1", strconv.Itoa(count)}
		}
		for _, q := range qs {
			for _, asJSON := range []bool{false, true} {
				args := append(append([]string{}, c...), cmd, q)
				if asJSON {
					args = append(args, "--json")
				}
				out, errOut, code := hostileRun(args...)
				if code != 0 && code != 1 { // 1: no hits is an answer
					t.Errorf("precis %s: exit %d: %s", strings.Join(args, " "), code, errOut)
				}
				if err := hostile.Check(out, true); err != nil {
					t.Errorf("precis %s: stdout: %v", strings.Join(args, " "), err)
				}
				if err := hostile.Check(errOut, false); err != nil {
					t.Errorf("precis %s: stderr: %v", strings.Join(args, " "), err)
				}
				if asJSON && code == 0 {
					checkJSONStrings(t, strings.Join(args, " "), out)
				}
			}
		}
	}
}

func hostilePath(name string) string { return filepath.Join("testdata", "hostile", name) }

func TestHostileFixtures(t *testing.T) {
	for _, fx := range hostile.Small() {
		if fx.Binary {
			continue
		}
		t.Run(fx.Name, func(t *testing.T) {
			checkCorpus(t, hostilePath(fx.Name), nil, "PWNED", "Transformer", "\x1b]0;x\x07")
		})
	}
}

// Escapes found raw in a corpus are shown, not silently dropped: a reader
// sees ␛ where the clipboard write was.
func TestRawEscapesAreMadeVisible(t *testing.T) {
	c := []string{"--corpus", hostilePath("escapes-raw.txt")}
	for _, args := range [][]string{
		append(c, "show", "--plain", "2"),
		append(c, "show", "--style", "dark", "2"),
		append(c, "list"),
	} {
		out, errOut, code := hostileRun(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		plain := sanitize.StripANSI(out)
		if i := strings.Index(plain, "52;c;cm0gLXJmIH4K"); i < 0 || !strings.Contains(plain[max(0, i-8):i], sanitize.VisibleESC) {
			t.Errorf("%v: the OSC 52 is not shown after a %s: %q", args, sanitize.VisibleESC, out)
		}
	}
}

// Escapes smuggled as HTML entities never reach the terminal (glamour
// would decode them; the markdown conversion and the output sanitizer
// each stop them), and the text around them stays.
func TestEntityEscapesNeverReachTheTerminal(t *testing.T) {
	c := []string{"--corpus", hostilePath("escapes-entities.txt")}
	for n := 2; n <= 15; n++ {
		out := hostileCheck(t, true, append(c, "show", "--style", "dark", "--width", "200", strconv.Itoa(n))...)
		plain := sanitize.StripANSI(out)
		if !strings.Contains(plain, "routes tokens") || !strings.Contains(plain, "experts") {
			t.Errorf("show %d lost the text around the escape: %q", n, plain)
		}
	}
}

// A file with a NUL byte is binary: one clear line, exit status 1, no
// output.
func TestHostileNULIsABinaryError(t *testing.T) {
	for _, args := range [][]string{{"list"}, {"show", "1"}, {"list", "--json"}} {
		args = append([]string{"--corpus", hostilePath("nul.txt")}, args...)
		out, errOut, code := hostileRun(args...)
		if code != 1 || out != "" {
			t.Errorf("precis %v: exit %d, stdout %q; want 1 and nothing", args, code, out)
		}
		if !strings.Contains(errOut, "binary") || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "precis: ") {
			t.Errorf("precis %v: stderr %q; want one line saying binary", args, errOut)
		}
		if err := hostile.Check(errOut, false); err != nil {
			t.Errorf("precis %v: stderr: %v", args, err)
		}
	}
}

// A hostile corpus on standard input is treated the same.
func TestHostileStdin(t *testing.T) {
	data, err := os.ReadFile(hostilePath("escapes-raw.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--corpus", "-", "show", "--style", "dark", "1"}, bytes.NewReader(data), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if err := hostile.Check(out.String(), true); err != nil {
		t.Error(err)
	}
}

// 10,000 tiny summaries, every tenth with an attack.
func TestHostileManySummaries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "many.txt")
	if err := os.WriteFile(path, hostile.Many(10000), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ := hostileRun("--corpus", path, "list")
	if n := strings.Count(out, "\n"); n != 10000 {
		t.Errorf("list has %d lines, want 10000", n)
	}
	checkCorpus(t, path, []int{1, 11, 21, 31, 41, 5001, 10000}, "M4242", "Tiny")
}

// A 1 MB summary on a single line. glamour takes seconds on it (about
// 5 s plain and 14 s coloured on a loaded 2-core machine), so show runs
// on a 64 KB line unless PRECIS_BIG_TESTS is set; list, JSON and search
// always take the full megabyte.
func TestHostileOneMegabyteLine(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, hostile.BigLine(1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	c := []string{"--corpus", big}
	hostileCheck(t, false, append(c, "list")...)
	json := hostileCheck(t, false, append(c, "show", "--json", "1")...)
	if len(json) < 1<<20 {
		t.Errorf("show --json of the 1 MB summary is %d bytes", len(json))
	}
	checkJSONStrings(t, "show --json", json)
	showSize := 64 << 10
	if os.Getenv("PRECIS_BIG_TESTS") != "" {
		showSize = 1 << 20
	}
	line := big
	if showSize < 1<<20 {
		line = filepath.Join(dir, "line.txt")
		if err := os.WriteFile(line, hostile.BigLine(showSize), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkCorpus(t, line, []int{1}, "Transformer")
}
