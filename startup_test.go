package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// quickstart's init must run before the libraries' (see its package
// comment), and the collector must not run while they initialize: the
// ballast holds it off. GODEBUG's inittrace and gctrace lines say both,
// in the order they happen.
func TestQuickstartInitFirst(t *testing.T) {
	cmd := exec.Command(precisBin, "list")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1,gctrace=1", "GOGC=100")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("precis list: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(stderr.String(), "\n")
	// Libraries (any package outside the standard library and precis)
	// that need none of the standard packages initialized after syscall
	// may come first; they allocate next to nothing.
	quick, lastInit := -1, -1
	var before []string
	libBytes := 0
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 || f[0] != "init" {
			continue
		}
		lastInit = i
		if f[1] == "codeberg.org/precis/precis/internal/quickstart" {
			quick = i
			break
		}
		first, _, _ := strings.Cut(f[1], "/")
		if strings.Contains(first, ".") && !strings.HasPrefix(f[1], "codeberg.org/precis/precis/") {
			// "init PKG @T ms, D ms clock, N bytes, A allocs"
			for j := 1; j < len(f); j++ {
				if f[j] == "bytes," {
					n, _ := strconv.Atoi(f[j-1])
					libBytes += n
				}
			}
			before = append(before, l)
		}
	}
	if quick < 0 {
		t.Fatalf("no init trace for quickstart:\n%s", stderr.String())
	}
	if libBytes > 64<<10 {
		t.Fatalf("libraries allocated %d bytes before quickstart initialized:\n%s", libBytes, strings.Join(before, "\n"))
	}
	for i := quick; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "init ") {
			lastInit = i
		}
	}
	for _, l := range lines[quick:lastInit] {
		if strings.HasPrefix(l, "gc ") {
			t.Errorf("the collector ran while the libraries initialized: %s", l)
		}
	}
	// Two collections at most before the libraries initialize: the one
	// the ballast starts and the reservation's.
	var gcs []string
	for _, l := range lines[:quick] {
		if strings.HasPrefix(l, "gc ") {
			gcs = append(gcs, l)
		}
	}
	if len(gcs) > 2 {
		t.Errorf("%d collections before quickstart's init ended, want 2 at most:\n%s", len(gcs), strings.Join(gcs, "\n"))
	}
}

// seedload's init, which starts parsing the embedded corpus, must run
// before the libraries that take long to initialize, so that the two
// overlap: before every library that allocates more than 64 KB in its
// init (chroma's lexers and styles allocate megabytes).
func TestSeedloadInitsEarly(t *testing.T) {
	cmd := exec.Command(precisBin, "list")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("precis list: %v\n%s", err, stderr.String())
	}
	seen, heavy := false, 0
	var order []string // the packages in the order they initialized
	for _, l := range strings.Split(stderr.String(), "\n") {
		// "init PKG @T ms, D ms clock, N bytes, A allocs"
		f := strings.Fields(l)
		if len(f) < 8 || f[0] != "init" {
			continue
		}
		order = append(order, f[1])
		if f[1] == "codeberg.org/precis/precis/internal/seedload" {
			seen = true
			continue
		}
		first, _, _ := strings.Cut(f[1], "/")
		n := 0
		for j := 2; j < len(f); j++ {
			if f[j] == "bytes," {
				n, _ = strconv.Atoi(f[j-1])
			}
		}
		if !strings.Contains(first, ".") || strings.HasPrefix(f[1], "codeberg.org/precis/precis/") || n <= 64<<10 {
			continue
		}
		heavy++
		if !seen {
			t.Errorf("%s initializes before internal/seedload: %s", f[1], l)
		}
	}
	if !seen {
		t.Fatalf("no init trace for internal/seedload:\n%s", stderr.String())
	}
	if heavy == 0 {
		t.Fatalf("no library allocating more than 64 KB in its init: is the trace read right?\n%s", stderr.String())
	}
	// internal/seedmeta, which starts parsing the embedded sidecar, must
	// run right after model, whose ReadMeta it calls, before the
	// libraries still to initialize (glamour's styles).
	at := map[string]int{}
	for i, p := range order {
		at[p] = i + 1
	}
	const meta, m = "codeberg.org/precis/precis/internal/seedmeta", "codeberg.org/precis/precis/model"
	const later = "github.com/charmbracelet/glamour/styles"
	if at[meta] == 0 || at[later] == 0 || at[meta] > at[later] {
		t.Errorf("%s initializes at %d, %s at %d: want it before", meta, at[meta], later, at[later])
	}
	if at[meta] != at[m]+1 {
		t.Errorf("%s initializes at %d, not right after %s (%d)", meta, at[meta], m, at[m])
	}
}
