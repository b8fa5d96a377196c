package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/quickstart"
	"codeberg.org/precis/precis/internal/termguard"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/seeds"
)

// precisBin is the precis binary TestMain builds, for tests that need
// real processes (concurrency, SIGKILL).
var precisBin string

func TestMain(m *testing.M) {
	// main() never runs in a test binary: put TERM back as termguard's
	// init found it, for the tests that start programs in a terminal.
	termguard.Restore()
	quickstart.Done()
	dir, err := os.MkdirTemp("", "precis-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	precisBin = filepath.Join(dir, "precis")
	if out, err := exec.Command("go", "build", "-o", precisBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building precis: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	// No test may touch the user's own bookmarks: tests that use the
	// store set their own directories, and these catch any that forget.
	os.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	os.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// userDirs gives the test its own XDG data and state directories (for
// in-process runs) and returns the environment that gives them to a
// precis process, and the bookmarks file.
func userDirs(t *testing.T) (env []string, bookmarksFile string) {
	t.Helper()
	dir := t.TempDir()
	data, state := filepath.Join(dir, "data"), filepath.Join(dir, "state")
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_STATE_HOME", state)
	env = append(os.Environ(), "XDG_DATA_HOME="+data, "XDG_STATE_HOME="+state)
	return env, filepath.Join(data, "precis", "bookmarks.json")
}

// precis runs precis in-process as a user would run it.
func precis(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

func mustPrecis(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := precis(args...)
	if code != 0 || errOut != "" {
		t.Fatalf("precis %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
	}
	return out
}

type jsonRow struct {
	N       int    `json:"n"`
	WasN    int    `json:"was_n"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Added   string `json:"added"`
	Missing bool   `json:"missing"`
}

func bookmarksJSON(t *testing.T, args ...string) []jsonRow {
	t.Helper()
	out := mustPrecis(t, append(args, "bookmarks", "--json")...)
	var rows []jsonRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("bookmarks --json: %v\n%s", err, out)
	}
	return rows
}

func listRows(t *testing.T, args ...string) []jsonRow {
	t.Helper()
	var rows []jsonRow
	if err := json.Unmarshal([]byte(mustPrecis(t, append(args, "list", "--json")...)), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func ns(rows []jsonRow) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = r.N
	}
	return out
}

func TestBookmarkAddRmList(t *testing.T) {
	userDirs(t)
	list := listRows(t)

	out := mustPrecis(t, "bookmark", "add", "3", "5")
	if want := fmt.Sprintf("bookmarked: 3  %s  %s\nbookmarked: 5  %s  %s\n", list[2].ID, list[2].Title, list[4].ID, list[4].Title); out != want {
		t.Fatalf("bookmark add 3 5 printed\n%s\nwant\n%s", out, want)
	}
	if out := mustPrecis(t, "bookmark", "add", list[2].ID); !strings.HasPrefix(out, "already bookmarked: 3 ") {
		t.Errorf("adding again printed %q", out)
	}
	rows := bookmarksJSON(t)
	if !slices.Equal(ns(rows), []int{3, 5}) || rows[0].ID != list[2].ID || rows[1].Title != list[4].Title || rows[0].Added == "" || rows[0].Missing {
		t.Fatalf("bookmarks --json = %+v", rows)
	}
	if out := mustPrecis(t, "bookmarks"); out != fmt.Sprintf("%4d  %s  %s\n%4d  %s  %s\n", 3, list[2].ID, list[2].Title, 5, list[4].ID, list[4].Title) {
		t.Errorf("bookmarks printed\n%s", out)
	}

	if out := mustPrecis(t, "bookmark", "rm", "3"); !strings.Contains(out, "removed bookmark: "+list[2].ID) {
		t.Errorf("rm printed %q", out)
	}
	if got := ns(bookmarksJSON(t)); !slices.Equal(got, []int{5}) {
		t.Fatalf("after rm: %v", got)
	}

	// Errors: one line on stderr, status 1 (runtime) or 2 (usage), and
	// nothing changes.
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bookmark", "rm", "3"}, 1, "is not bookmarked"},
		{[]string{"bookmark", "rm", "5", "3"}, 1, "is not bookmarked"},
		{[]string{"bookmark", "add", "9999"}, 1, "no summary 9999"},
		{[]string{"bookmark"}, 2, "add or rm"},
		{[]string{"bookmark", "add"}, 2, "needs a REF"},
		{[]string{"bookmark", "rm"}, 2, "needs a REF"},
		{[]string{"bookmarks", "--json", "--markdown"}, 2, "not both"},
		{[]string{"bookmarks", "extra"}, 2, "takes no arguments"},
	} {
		out, errOut, code := precis(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) || strings.Count(errOut, "\n") != 1 || out != "" {
			t.Errorf("precis %s: exit %d, stdout %q, stderr %q; want exit %d and one line with %q",
				strings.Join(tc.args, " "), code, out, errOut, tc.code, tc.msg)
		}
	}
	if got := ns(bookmarksJSON(t)); !slices.Equal(got, []int{5}) {
		t.Fatalf("failed commands changed the bookmarks: %v", got)
	}
}

func TestBookmarksEmpty(t *testing.T) {
	userDirs(t)
	if rows := mustPrecis(t, "bookmarks", "--json"); strings.TrimSpace(rows) != "[]" {
		t.Errorf("bookmarks --json with none = %q, want []", rows)
	}
	out, errOut, code := precis("bookmarks")
	if code != 0 || out != "" || !strings.Contains(errOut, "no bookmarks") {
		t.Errorf("bookmarks with none: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestBookmarksMarkdownReadingList(t *testing.T) {
	userDirs(t)
	list := listRows(t)
	mustPrecis(t, "bookmark", "add", "2", "7")
	md := mustPrecis(t, "bookmarks", "--markdown")
	if !strings.HasPrefix(md, "# Reading list\n") {
		t.Fatalf("reading list does not start with a heading:\n%s", md)
	}
	for i, n := range []int{2, 7} {
		var show struct{ Text string }
		if err := decodeShown(mustPrecis(t, "show", "--json", strconv.Itoa(n)), &show); err != nil {
			t.Fatal(err)
		}
		item := fmt.Sprintf("%d. **%s** (#%d, `%s`)\n", i+1, model.EscapeMarkdown(list[n-1].Title), n, list[n-1].ID)
		if !strings.Contains(md, item) {
			t.Errorf("reading list lacks %q:\n%s", item, md)
		}
		first := firstSentence(show.Text)
		if len(first) < 20 || len(first) >= len(show.Text) || !strings.HasPrefix(show.Text, strings.TrimSuffix(first, "…")) {
			t.Errorf("first sentence of %d = %q", n, first)
		}
		if !strings.Contains(md, "\n   "+first+"\n") {
			t.Errorf("reading list lacks the first sentence of %d (%q):\n%s", n, first, md)
		}
	}
}

func TestFirstSentence(t *testing.T) {
	long := strings.Repeat("word ", 100)
	for _, tc := range []struct{ in, want string }{
		{"Deep nets are big. They learn.", "Deep nets are big."},
		{"We use dropout, e.g. on inputs. Then we train.", "We use dropout, e.g. on inputs."},
		{"Work by J. Smith et al. Shows gains. More.", "Work by J. Smith et al. Shows gains."},
		{"Version 2.5 is out! Yes.", "Version 2.5 is out!"},
		{"Is it \"good?\" Maybe.", "Is it \"good?\""},
		{"First paragraph without a stop\nSecond. Paragraph.", "First paragraph without a stop"},
		{"The **main idea.** Next.", "The **main idea.**"},
		{"  ", ""},
	} {
		if got := firstSentence(tc.in); got != tc.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got := firstSentence(long)
	if !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > maxSentence+1 || strings.HasSuffix(got, " …") {
		t.Errorf("long sentence cut to %q", got)
	}
}

// seedBlocks splits the embedded corpus into its raw summaries, each
// from its [link] line.
func seedBlocks(t *testing.T) []string {
	t.Helper()
	var blocks []string
	for _, line := range strings.SplitAfter(string(seeds.Corpus), "\n") {
		if strings.TrimRight(line, "\r\n") == "[link]" {
			blocks = append(blocks, "")
		}
		if len(blocks) > 0 {
			blocks[len(blocks)-1] += line
		}
	}
	if len(blocks) < 80 {
		t.Fatalf("embedded corpus split into %d summaries", len(blocks))
	}
	return blocks
}

// A bookmark whose summary is not in the corpus is kept and shown as
// missing, with the title and position it had.
func TestBookmarksMissingFromCorpus(t *testing.T) {
	userDirs(t)
	list := listRows(t)
	small := filepath.Join(t.TempDir(), "small.txt")
	if err := os.WriteFile(small, []byte(seedBlocks(t)[1]), 0o600); err != nil {
		t.Fatal(err)
	}
	smallList := listRows(t, "--corpus", small)
	if len(smallList) != 1 || smallList[0].ID != list[1].ID {
		t.Fatalf("small corpus = %+v, want summary 2 alone (id %s)", smallList, list[1].ID)
	}
	mustPrecis(t, "bookmark", "add", "5", "2")

	rows := bookmarksJSON(t, "--corpus", small)
	want := []jsonRow{
		{N: 1, ID: list[1].ID, Title: smallList[0].Title},              // as this corpus calls it
		{WasN: 5, ID: list[4].ID, Title: list[4].Title, Missing: true}, // n null: 5 may be another summary here
	}
	for i := range rows {
		rows[i].Added = ""
	}
	if !slices.Equal(rows, want) {
		t.Fatalf("bookmarks --json on the small corpus =\n%+v\nwant\n%+v", rows, want)
	}
	if raw := mustPrecis(t, "--corpus", small, "bookmarks", "--missing", "--json"); !strings.Contains(raw, `"n": null`) || !strings.Contains(raw, `"was_n": 5`) {
		t.Errorf("a missing bookmark's JSON should have n null and was_n 5:\n%s", raw)
	}
	out := mustPrecis(t, "--corpus", small, "bookmarks", "--missing")
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, list[4].ID+"  "+list[4].Title) || !strings.Contains(out, "missing") {
		t.Errorf("bookmarks --missing printed\n%s", out)
	}
	other := filepath.Join(t.TempDir(), "other.txt")
	if err := os.WriteFile(other, []byte(seedBlocks(t)[2]), 0o600); err != nil {
		t.Fatal(err)
	}
	if md := mustPrecis(t, "--corpus", other, "bookmarks", "--markdown"); strings.Contains(md, "No bookmarks yet") || !strings.Contains(md, "None of the bookmarks is in this corpus") {
		t.Errorf("reading list where every bookmark is missing:\n%s", md)
	}
	md := mustPrecis(t, "--corpus", small, "bookmarks", "--markdown")
	if !strings.Contains(md, "## Missing from the corpus") || !strings.Contains(md, "**"+model.EscapeMarkdown(list[4].Title)+"** (was #5, `"+list[4].ID+"`)") {
		t.Errorf("reading list does not show the missing bookmark:\n%s", md)
	}
	// The embedded corpus still has it: nothing was dropped.
	if got := ns(bookmarksJSON(t)); !slices.Equal(got, []int{5, 2}) {
		t.Fatalf("bookmarks on the full corpus = %v, want [5 2]", got)
	}
	// rm takes the id of a missing bookmark.
	mustPrecis(t, "--corpus", small, "bookmark", "rm", list[4].ID)
	if out := mustPrecis(t, "--corpus", small, "bookmarks", "--missing", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("after rm: missing = %s", out)
	}
}

// A bookmarks file that cannot be read is kept aside and reported in one
// line; the next bookmark add works.
func TestBookmarksCorruptFileKeptAside(t *testing.T) {
	for _, content := range []string{
		`{"version": 1, "bookmarks": [{"id": "0123456789ab", "title": "Kept", "n": 1}, {"id": "ab`,
		`{"version": 99, "bookmarks": []}`,
		"not json at all\n",
	} {
		t.Run(content[:10], func(t *testing.T) {
			_, file := userDirs(t)
			if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := precis("bookmarks", "--json")
			if code != 0 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "precis: warning: ") {
				t.Fatalf("bookmarks on a bad file: exit %d, stderr %q; want one warning line", code, errOut)
			}
			aside := regexp.MustCompile(`\S+\.corrupt-\d{8}T\d{6}`).FindString(errOut)
			if data, err := os.ReadFile(aside); err != nil || string(data) != content {
				t.Fatalf("warning %q: file kept aside = %q, %v", errOut, data, err)
			}
			mustPrecis(t, "bookmark", "add", "4")
			ids := map[string]bool{}
			for _, r := range bookmarksJSON(t) {
				ids[r.ID] = true
			}
			if !ids[listRows(t)[3].ID] {
				t.Fatalf("bookmark add 4 after the bad file was kept aside did not stick: %v", ids)
			}
			if strings.Contains(content, `"Kept"`) && !ids["0123456789ab"] {
				t.Fatalf("the whole bookmark in the truncated file was not recovered: %v", ids)
			}
			if data, _ := os.ReadFile(aside); string(data) != content {
				t.Fatal("the kept-aside file changed")
			}
		})
	}
}

// Two precis processes adding 40 different bookmarks each at the same
// time keep all 80.
func TestBookmarksTwoProcessesAtOnce(t *testing.T) {
	env, _ := userDirs(t)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	start := make(chan struct{})
	for p := range 2 {
		args := []string{"bookmark", "add"}
		for n := p*40 + 1; n <= p*40+40; n++ {
			args = append(args, strconv.Itoa(n))
		}
		cmd := exec.Command(precisBin, args...)
		cmd.Env = env
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			outs[p], errs[p] = cmd.CombinedOutput()
		}()
	}
	close(start)
	wg.Wait()
	for p := range 2 {
		if errs[p] != nil || strings.Count("\n"+string(outs[p]), "\nbookmarked: ") != 40 {
			t.Fatalf("process %d: %v\n%s", p, errs[p], outs[p])
		}
	}
	got := ns(bookmarksJSON(t))
	slices.Sort(got)
	if len(got) != 80 || got[0] != 1 || got[79] != 80 || len(slices.Compact(slices.Clone(got))) != 80 {
		t.Fatalf("%d bookmarks after two processes added 40 each: %v", len(got), got)
	}
}

// precis bookmark add killed with SIGKILL at random moments never leaves
// an unreadable file and never loses a bookmark it reported written.
func TestBookmarkAddSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	env, file := userDirs(t)
	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	confirmed := map[int]bool{}
	line := regexp.MustCompile(`^(?:already )?bookmarked: (\d+) `)
	deadline := time.Now().Add(1500 * time.Millisecond)
	rounds := 0
	for ; (time.Now().Before(deadline) || rounds < 8) && len(confirmed) < 150; rounds++ {
		args := []string{"bookmark", "add"}
		for n := 1; n <= 164; n++ {
			if !confirmed[n] {
				args = append(args, strconv.Itoa(n))
			}
		}
		cmd := exec.Command(precisBin, args...)
		cmd.Env = env
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan int, 200)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if m := line.FindStringSubmatch(sc.Text()); m != nil {
					n, _ := strconv.Atoi(m[1])
					lines <- n
				}
			}
			close(lines)
		}()
		// Kill it at a random moment once it has started writing.
		select {
		case n, ok := <-lines:
			if !ok {
				t.Fatalf("round %d: precis exited before writing: %v", rounds, cmd.Wait())
			}
			confirmed[n] = true
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: precis wrote nothing in 20s", rounds)
		}
		time.Sleep(time.Duration(rng.IntN(15000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for n := range lines {
			confirmed[n] = true
		}
		cmd.Wait()

		data, err := os.ReadFile(file)
		var doc struct {
			Version   int
			Bookmarks []struct{ ID string }
		}
		if err != nil || json.Unmarshal(data, &doc) != nil || doc.Version != 1 {
			t.Fatalf("round %d: bookmarks file unreadable after SIGKILL (%v):\n%s", rounds, err, data)
		}
		rows := bookmarksJSON(t) // fails on any warning
		have := map[int]bool{}
		for _, r := range rows {
			have[r.N] = true
		}
		for n := range confirmed {
			if !have[n] {
				t.Fatalf("round %d: bookmark %d, reported written, is lost", rounds, n)
			}
		}
	}
	t.Logf("%d rounds, %d bookmarks confirmed", rounds, len(confirmed))
}

// TestBookmarkAddAgainChangesNothing: adding a bookmark that exists, from
// another corpus where the summary has another position and title, says
// so and leaves the stored bookmark (title, position, date) and its file
// as they were.
func TestBookmarkAddAgainChangesNothing(t *testing.T) {
	_, file := userDirs(t)
	list := listRows(t)
	mustPrecis(t, "bookmark", "add", "1")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	// other.txt: one summary first, then the seed; no sidecar, so the
	// seed's first summary is n 2 there, under its derived title.
	other := filepath.Join(t.TempDir(), "other.txt")
	if err := os.WriteFile(other, slices.Concat([]byte("[link]\nA summary of something else entirely. |\n"), seeds.Corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	otherList := listRows(t, "--corpus", other)
	if otherList[1].ID != list[0].ID || otherList[1].Title == list[0].Title {
		t.Fatalf("other.txt: summary 2 is %s %q; want %s under another title than %q", otherList[1].ID, otherList[1].Title, list[0].ID, list[0].Title)
	}
	time.Sleep(20 * time.Millisecond) // a rewrite would show in the file's time
	out := mustPrecis(t, "--corpus", other, "bookmark", "add", "2")
	if !strings.HasPrefix(out, "already bookmarked: 2  "+list[0].ID) {
		t.Errorf("bookmark add 2 in other.txt printed %q; want already bookmarked", out)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fi2, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) || !fi2.ModTime().Equal(fi.ModTime()) {
		t.Errorf("adding an existing bookmark changed %s:\n%s\nto\n%s", file, before, after)
	}
	if rows := bookmarksJSON(t, "--corpus", other); len(rows) != 1 || rows[0].N != 2 {
		t.Errorf("bookmarks in other.txt: %+v", rows)
	}
}
