package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/precis/precis/seeds"
)

// tmuxSession runs the real precis binary in a detached tmux session on
// its own server, so tests drive it as a person would: keys in, screen
// out.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
	dir    string
}

// startTmux starts precis with args at w x h. The exit status of precis
// lands in dir/status when it ends.
func startTmux(t *testing.T, env []string, w, h int, args ...string) *tmuxSession {
	t.Helper()
	return startTmuxStdin(t, env, w, h, "", args...)
}

// startTmuxStdin is startTmux with standard input read from the file
// stdin (none when "").
func startTmuxStdin(t *testing.T, env []string, w, h int, stdin string, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (CI installs it)")
	}
	dir := t.TempDir()
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), name: "precis", dir: dir}
	quoted := []string{shellQuote(precisBin)}
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	if stdin != "" {
		quoted = append(quoted, "<", shellQuote(stdin))
	}
	script := fmt.Sprintf("%s; echo $? > %s; sleep 30", strings.Join(quoted, " "), shellQuote(filepath.Join(dir, "status")))
	cmd := exec.Command("tmux", "-S", s.socket, "-f", "/dev/null", "new-session", "-d", "-s", s.name,
		"-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "sh", "-c", script)
	cmd.Env = append(env, "TERM=xterm-256color")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends keys as tmux send-keys names them (Enter, Escape, "q", …).
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

// text types literal text.
func (s *tmuxSession) text(text string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", s.name, "-l", text)
}

func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.tmux("capture-pane", "-p", "-t", s.name)
}

// ready waits for the first frame, and a moment more: keys typed while
// the program is still taking the terminal can be lost.
func (s *tmuxSession) ready() {
	s.t.Helper()
	s.waitFor("164 summaries")
	time.Sleep(300 * time.Millisecond)
}

// until polls the screen until ok accepts it, and returns that screen;
// after 10 s it fails the test, saying what it waited for.
func (s *tmuxSession) until(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waited in vain for %s; the screen shows:\n%s", what, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor waits until the screen contains want, and returns the screen.
func (s *tmuxSession) waitFor(want string) string {
	s.t.Helper()
	return s.until(fmt.Sprintf("the screen to show %q", want), func(scr string) bool {
		return strings.Contains(scr, want)
	})
}

// waitStatus waits until the right end of the status line reads want
// (the render of a summary can take a moment on a busy machine).
func (s *tmuxSession) waitStatus(want string) string {
	s.t.Helper()
	return s.until(fmt.Sprintf("the status line to read %q", want), func(scr string) bool {
		return statusRight(scr) == want
	})
}

// exitStatus waits for precis to end and returns its exit status.
func (s *tmuxSession) exitStatus() string {
	s.t.Helper()
	var status []byte
	s.until("precis to exit", func(string) bool {
		b, err := os.ReadFile(filepath.Join(s.dir, "status"))
		status = b
		return err == nil && len(b) > 0
	})
	return strings.TrimSpace(string(status))
}

func (s *tmuxSession) resize(w, h int) {
	s.t.Helper()
	s.tmux("resize-window", "-t", s.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// TestTmuxJourney: filter, open, help, resize, quit, in a real terminal.
func TestTmuxJourney(t *testing.T) {
	env, _ := userDirs(t)
	s := startTmux(t, env, 120, 40)
	s.ready()
	s.keys("/")
	s.text("switch transformer")
	s.waitFor("/164")
	s.keys("Enter")
	scr := s.waitFor("3 of 164")
	if !strings.Contains(scr, "Switch Transformer") {
		t.Fatalf("the Switch Transformer summary is not on screen:\n%s", scr)
	}
	s.keys("?")
	s.waitFor("toggle bookmark")
	s.keys("?")
	s.resize(40, 12)
	s.waitFor("3 of 164")
	s.resize(200, 50)
	scr = s.waitFor("3 of 164")
	if !strings.Contains(scr, "Switch Transformer") {
		t.Fatalf("after resizing the summary is gone:\n%s", scr)
	}
	s.keys("q")
	if st := s.exitStatus(); st != "0" {
		t.Fatalf("precis exited %s, want 0", st)
	}
}

// statusRight is the right end of the status line: "n of N · p% · ★".
func statusRight(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	last := lines[len(lines)-1]
	if i := strings.LastIndex(last, " of "); i >= 0 {
		j := strings.LastIndex(last[:i], " ")
		return strings.TrimSpace(last[j+1:])
	}
	return ""
}

// TestTmuxBookmarksSurviveRestart: b on two summaries, quit, reopen: both
// are marked and the reader is back on the last one, scrolled as it was.
func TestTmuxBookmarksSurviveRestart(t *testing.T) {
	env, _ := userDirs(t)
	s := startTmux(t, env, 120, 40)
	s.ready()
	s.keys("j", "b")
	s.waitFor("bookmarked")
	s.keys("j", "j", "b", "Enter")
	s.waitFor("4 of 164 ·")
	s.waitFor("4 of 164 · 0%")
	s.keys("j", "j", "j", "j", "j", "j")
	time.Sleep(300 * time.Millisecond)
	before := statusRight(s.screen())
	s.keys("q")
	if st := s.exitStatus(); st != "0" {
		t.Fatalf("precis exited %s", st)
	}

	s2 := startTmux(t, env, 120, 40)
	s2.ready()
	scr := s2.waitStatus(before)
	if n := strings.Count(scr, "★"); n < 2 {
		t.Fatalf("after a restart %d bookmarks are marked, want 2:\n%s", n, scr)
	}
	s2.keys("q")
	s2.exitStatus()
}

// TestTmuxRelatedAndHistory: open a summary, r, pick one, [ returns to
// the first at the same scroll position, ] goes forward again.
func TestTmuxRelatedAndHistory(t *testing.T) {
	env, _ := userDirs(t)
	s := startTmux(t, env, 120, 40)
	s.ready()
	s.keys("/")
	s.text("nerf")
	s.waitFor("/164")
	s.keys("Enter")
	s.waitFor("14 of 164 · 0%") // the NeRF summary, rendered
	s.keys("j", "j", "j", "j")
	time.Sleep(300 * time.Millisecond)
	first := statusRight(s.screen())
	// r says so, rather than wait, while the related index is still being
	// built in the background: ask until the picker opens.
	s.until("r to open the related papers", func(scr string) bool {
		if strings.Contains(scr, "Related to") {
			return true
		}
		s.keys("r")
		time.Sleep(150 * time.Millisecond)
		return false
	})
	s.keys("Enter")
	// Another summary, rendered (its status shows how far down it is).
	second := statusRight(s.until("the picked paper to open", func(scr string) bool {
		st := statusRight(scr)
		return st != first && strings.Contains(st, "%")
	}))
	s.keys("[")
	s.waitStatus(first) // the first summary, at the same scroll position
	s.keys("]")
	s.waitStatus(second)
	s.keys("q")
	s.exitStatus()
}

// TestTmuxHostileCorpusLeavesTerminalAlone opens every summary of the
// hostile fixtures in a real terminal that honours clipboard writes and
// title changes (tmux with set-clipboard and allow-rename: a raw OSC 52
// lands in its buffer list, an OSC 2 in #{pane_title}), and checks that
// neither happened. Payloads may show as inert text (␛]0;PWNED…).
func TestTmuxHostileCorpusLeavesTerminalAlone(t *testing.T) {
	env, _ := userDirs(t)
	for _, fixture := range []string{"escapes-raw.txt", "escapes-entities.txt", "c1.txt", "bidi.txt", "bel.txt", "invalid-utf8.txt"} {
		t.Run(fixture, func(t *testing.T) {
			path, err := filepath.Abs(filepath.Join("testdata", "hostile", fixture))
			if err != nil {
				t.Fatal(err)
			}
			s := startTmux(t, env, 100, 30, "--corpus", path)
			// Let the program set the clipboard and title if it could.
			s.tmux("set-option", "-g", "set-clipboard", "on")
			s.tmux("set-option", "-g", "allow-rename", "on")
			s.tmux("set-option", "-g", "allow-passthrough", "on")
			title := strings.TrimSpace(s.tmux("display-message", "-p", "-t", s.name, "#{pane_title}"))
			s.waitFor("summaries")
			time.Sleep(300 * time.Millisecond)
			// Open every summary, scroll to its end, show its links and
			// related papers, and search its list.
			for i := 0; i < 12; i++ {
				s.keys("Enter", "G", "o")
				time.Sleep(60 * time.Millisecond)
				s.keys("Escape", "r")
				time.Sleep(60 * time.Millisecond)
				s.keys("Escape", "Escape", "j")
			}
			s.keys("/")
			s.text("click")
			time.Sleep(300 * time.Millisecond)
			s.keys("Escape")
			if got := strings.TrimSpace(s.tmux("display-message", "-p", "-t", s.name, "#{pane_title}")); got != title || strings.Contains(got, "PWNED") {
				t.Errorf("the terminal title changed from %q to %q", title, got)
			}
			if out, err := exec.Command("tmux", "-S", s.socket, "list-buffers").CombinedOutput(); err == nil && len(strings.TrimSpace(string(out))) > 0 {
				t.Errorf("something was written to the clipboard: %s", out)
			}
			s.keys("q")
			if st := s.exitStatus(); st != "0" {
				t.Fatalf("precis exited %s on %s", st, fixture)
			}
		})
	}
}

// A corpus piped in (--corpus -) is read once, and the reader takes its
// keys from the terminal, not from the exhausted pipe.
func TestTmuxCorpusFromStdin(t *testing.T) {
	env, _ := userDirs(t)
	corpus := filepath.Join(t.TempDir(), "piped.txt")
	if err := os.WriteFile(corpus, seeds.Corpus, 0o644); err != nil {
		t.Fatal(err)
	}
	s := startTmuxStdin(t, env, 120, 40, corpus, "--corpus", "-")
	s.ready()
	s.keys("j", "j", "Enter")
	s.waitFor("3 of 164")
	s.keys("q")
	if st := s.exitStatus(); st != "0" {
		t.Fatalf("precis exited %s:\n%s", st, s.screen())
	}
}

// TestTmuxCacheSecondOpen: the reader keeps the index of a large corpus
// file in its caches once built; the next run uses them: its filter
// finds what the first run's did, and its related papers are there at
// once.
func TestTmuxCacheSecondOpen(t *testing.T) {
	env, _ := userDirs(t)
	path, cacheDir := largeCorpus(t)
	env = append(env, "XDG_CACHE_HOME="+cacheDir)
	n := strings.Count(mustRead(t, path), "[link]\n")
	filter := func(s *tmuxSession) string {
		s.waitFor(fmt.Sprintf("1 of %d", n))
		time.Sleep(300 * time.Millisecond)
		s.text("/lottery ticket")
		// The hits, once the screen is the same twice.
		prev := ""
		return s.until("hits for the filter", func(scr string) bool {
			same := scr == prev
			prev = scr
			return same && strings.Contains(scr, "Lottery Ticket") && !strings.Contains(scr, fmt.Sprintf("%d of %d", n, n))
		})
	}
	s := startTmux(t, env, 120, 40, "--corpus", path)
	first := filter(s)
	var cache, related string
	s.until("the caches to be written", func(string) bool {
		if files := cacheFiles(t, cacheDir, cacheExt); len(files) == 1 {
			cache = files[0]
		}
		if files := cacheFiles(t, cacheDir, relatedExt); len(files) == 1 {
			related = files[0]
		}
		return cache != "" && related != ""
	})
	s.keys("Escape")
	time.Sleep(200 * time.Millisecond) // not alt+q
	s.keys("q")
	if st := s.exitStatus(); st != "0" {
		t.Fatalf("precis exited %s", st)
	}
	age(t, cache)
	age(t, related)

	// New reading state, so that the list has the focus again.
	env2, _ := userDirs(t)
	s2 := startTmux(t, append(env2, "XDG_CACHE_HOME="+cacheDir), 120, 40, "--corpus", path)
	second := filter(s2)
	if !usedSinceAged(t, cache) || !usedSinceAged(t, related) {
		t.Fatal("the second run did not use the caches")
	}
	if a, b := hitLines(first), hitLines(second); a != b {
		t.Fatalf("the filter's hits differ with the cache:\n%s\nwant:\n%s", b, a)
	}
	// The related papers are there at once: the index came with the
	// corpus, not built after it.
	s2.keys("Escape")
	time.Sleep(200 * time.Millisecond)
	s2.keys("r")
	s2.until("the related papers", func(scr string) bool {
		if strings.Contains(scr, "still finding related") {
			t.Fatalf("the related index is being built, with its cache:\n%s", scr)
		}
		return strings.Contains(scr, "Related to")
	})
	s2.keys("Escape")
	time.Sleep(200 * time.Millisecond)
	s2.keys("Escape")
	time.Sleep(200 * time.Millisecond)
	s2.keys("q")
	s2.exitStatus()
}

// hitLines is the list pane's lines of a screen with a filter: the
// left 40 columns.
func hitLines(scr string) string {
	var b strings.Builder
	for _, l := range strings.Split(scr, "\n") {
		r := []rune(l)
		b.WriteString(string(r[:min(40, len(r))]))
		b.WriteByte('\n')
	}
	return b.String()
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
