package model

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestStoreWriterProcess is not a test: TestStoreSurvivesSIGKILL runs
// the test binary with it as a writer process, which it then kills.
func TestStoreWriterProcess(t *testing.T) {
	dir := os.Getenv("PRECIS_TEST_STORE_WRITER")
	if dir == "" {
		t.Skip("helper process for TestStoreSurvivesSIGKILL")
	}
	storeWriter(dir)
}

// storeWriter adds bookmarks w<start>, w<start+1>, … and sets a scroll
// position for each, printing each number once both are on disk, until
// it is killed.
func storeWriter(dir string) {
	start, _ := strconv.Atoi(os.Getenv("PRECIS_TEST_STORE_START"))
	s, _, err := OpenStore(dir, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i := start; ; i++ {
		sum := &Summary{ID: fmt.Sprintf("w%d", i), Title: fmt.Sprintf("Written %d", i), N: i}
		if err := s.AddBookmark(sum); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := s.SetScroll(sum.ID, i); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(i)
	}
}

func sum(id, title string, n int) *Summary { return &Summary{ID: id, Title: title, N: n} }

func openT(t *testing.T, dir string) *Store {
	t.Helper()
	s, warnings, err := OpenStore(filepath.Join(dir, "data"), filepath.Join(dir, "state"))
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	if len(warnings) > 0 {
		t.Fatalf("OpenStore warnings: %q", warnings)
	}
	return s
}

func ids(bs []Bookmark) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.ID
	}
	return out
}

func TestStoreBookmarksPersist(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	if got := s.Bookmarks(); len(got) != 0 {
		t.Fatalf("new store has bookmarks %v", got)
	}
	for i, id := range []string{"aaa", "bbb", "ccc"} {
		if err := s.AddBookmark(sum(id, "Title "+id, i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddBookmark(sum("bbb", "Title bbb renamed", 7)); err != nil {
		t.Fatal(err)
	}
	if removed, err := s.RemoveBookmark("aaa"); err != nil || !removed {
		t.Fatalf("RemoveBookmark(aaa) = %v, %v", removed, err)
	}
	if removed, err := s.RemoveBookmark("zzz"); err != nil || removed {
		t.Fatalf("RemoveBookmark(zzz) = %v, %v; want false, nil", removed, err)
	}
	added, err := s.ToggleBookmark(sum("ddd", "Title ddd", 4))
	if err != nil || !added {
		t.Fatalf("ToggleBookmark(ddd) = %v, %v", added, err)
	}
	added, err = s.ToggleBookmark(sum("ccc", "Title ccc", 3))
	if err != nil || added {
		t.Fatalf("ToggleBookmark(ccc) = %v, %v", added, err)
	}

	again := openT(t, dir)
	got := again.Bookmarks()
	if strings.Join(ids(got), ",") != "bbb,ddd" {
		t.Fatalf("reopened bookmarks = %v, want bbb,ddd", ids(got))
	}
	if got[0].Title != "Title bbb" || got[0].N != 2 || got[0].Added.IsZero() {
		t.Errorf("bookmark bbb = %+v, want the title and n it was first saved with, and a date", got[0])
	}
	if !again.IsBookmarked("ddd") || again.IsBookmarked("ccc") {
		t.Errorf("IsBookmarked wrong after reopen")
	}

	// The file is readable JSON with a format version.
	data, err := os.ReadFile(s.BookmarksPath())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version   int `json:"version"`
		Bookmarks []struct {
			ID, Title string
			N         int
		} `json:"bookmarks"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Version != 1 || len(doc.Bookmarks) != 2 {
		t.Fatalf("bookmarks.json = %s (err %v)", data, err)
	}
	if !strings.Contains(string(data), "\n  ") {
		t.Errorf("bookmarks.json is not indented:\n%s", data)
	}
}

func TestStoreReadingStatePersists(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	steps := []error{
		s.SetLast("aaa"),
		s.SetScroll("aaa", 42),
		s.SetScroll("bbb", 7),
		s.SetScroll("bbb", 0), // forgets it
		s.MarkRead("aaa"),
		s.MarkRead("ccc"),
		s.MarkRead("ddd"),
		s.MarkUnread("ddd"),
		s.SetReading("eee", 9),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	again := openT(t, dir)
	if again.Last() != "eee" {
		t.Errorf("Last = %q, want eee", again.Last())
	}
	if again.Scroll("aaa") != 42 || again.Scroll("bbb") != 0 || again.Scroll("eee") != 9 {
		t.Errorf("Scroll = %v", again.State().Scroll)
	}
	for id, want := range map[string]bool{"aaa": true, "ccc": true, "ddd": false, "eee": false} {
		if again.IsRead(id) != want {
			t.Errorf("IsRead(%s) = %v, want %v", id, !want, want)
		}
	}
	st := again.State()
	if len(st.Read) != 2 || len(st.Scroll) != 2 || st.Last != "eee" {
		t.Errorf("State = %+v", st)
	}
	if _, err := os.Stat(filepath.Join(dir, "state", StateFileName)); err != nil {
		t.Errorf("state file not under the state dir: %v", err)
	}
}

// TestStoreLastInList: whether the reader quit from the list is kept
// with the last summary, on disk, until the next summary opened for
// reading; a damaged file keeps it when it comes before the damage; and
// a file without it (an older precis's) reopens in the reading pane.
func TestStoreLastInList(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	must(t, s.SetLastInList("aaa"))
	again := openT(t, dir)
	if again.Last() != "aaa" || !again.LastInList() {
		t.Fatalf("after SetLastInList: last %q in list %v", again.Last(), again.LastInList())
	}
	for name, set := range map[string]func() error{
		"SetLast":    func() error { return again.SetLast("bbb") },
		"SetReading": func() error { return again.SetReading("bbb", 3) },
	} {
		must(t, again.SetLastInList("aaa"))
		must(t, set())
		if third := openT(t, dir); third.Last() != "bbb" || third.LastInList() {
			t.Errorf("after %s: last %q in list %v, want bbb read", name, third.Last(), third.LastInList())
		}
	}

	stateDir := filepath.Join(dir, "state")
	path := filepath.Join(stateDir, StateFileName)
	for _, tc := range []struct {
		content string
		last    string
		inList  bool
	}{
		{`{"version": 1, "last": "ccc"}`, "ccc", false},
		{`{"version": 1, "last": "ccc", "last_in_list": true}`, "ccc", true},
		{`{"version": 1, "last_in_list": true}`, "", false},
		{`{"version": 1, "last": "ccc", "last_in_list": true, "scroll": {"ccc": 4`, "ccc", true}, // damaged: salvaged
		{`{"version": 1, "last_in_list": true, "last": "ddd", "read": [`, "ddd", true},
		{`{"version": 1, "last": "ccc", "last_in_list": tru`, "ccc", false},
	} {
		must(t, os.WriteFile(path, []byte(tc.content), 0o600))
		got, _, err := OpenStore(filepath.Join(dir, "data"), stateDir)
		if err != nil {
			t.Fatal(err)
		}
		if got.Last() != tc.last || got.LastInList() != tc.inList {
			t.Errorf("%s: last %q in list %v, want %q %v", tc.content, got.Last(), got.LastInList(), tc.last, tc.inList)
		}
	}
}

// Two stores on the same files stand for two processes: each change is
// applied to what is on disk, so neither loses the other's.
func TestStoreMergesOtherWriters(t *testing.T) {
	dir := t.TempDir()
	a, b := openT(t, dir), openT(t, dir)
	must(t, a.AddBookmark(sum("one", "One", 1)))
	must(t, b.AddBookmark(sum("two", "Two", 2))) // b never saw "one"
	if got := strings.Join(ids(b.Bookmarks()), ","); got != "one,two" {
		t.Fatalf("b after its write = %s, want one,two", got)
	}
	if a.IsBookmarked("two") {
		t.Fatalf("a sees two before reloading")
	}
	must(t, a.Reload())
	if !a.IsBookmarked("two") {
		t.Fatalf("a does not see two after Reload")
	}
	_, err := b.RemoveBookmark("one")
	must(t, err)
	must(t, a.AddBookmark(sum("three", "Three", 3))) // a still shows one
	if got := strings.Join(ids(openT(t, dir).Bookmarks()), ","); got != "two,three" {
		t.Fatalf("on disk = %s, want two,three", got)
	}

	must(t, a.MarkRead("x"))
	must(t, b.MarkRead("y"))
	must(t, a.SetScroll("x", 3))
	must(t, b.SetScroll("y", 4))
	st := openT(t, dir).State()
	if !st.Read["x"] || !st.Read["y"] || st.Scroll["x"] != 3 || st.Scroll["y"] != 4 {
		t.Fatalf("merged state = %+v", st)
	}
}

func TestStoreConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 80)
	for w := range 2 {
		s := openT(t, dir)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				errs <- s.AddBookmark(sum(fmt.Sprintf("p%d-%d", w, i), "T", i+1))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	if n := len(openT(t, dir).Bookmarks()); n != 80 {
		t.Fatalf("%d bookmarks on disk, want 80", n)
	}
}

func TestStoreCorruptFileMovedAside(t *testing.T) {
	cases := []struct {
		name, content string
		wantRecovered []string
		wantWarning   string
	}{
		{"truncated", `{"version": 1, "bookmarks": [{"id": "aaa", "title": "A", "n": 1}, {"id": "bbb", "title": "B", "n": 2}, {"id": "cc`,
			[]string{"aaa", "bbb"}, "recovered 2 bookmarks"},
		{"not json", "bookmarks: aaa, bbb\n", nil, "nothing could be recovered"},
		{"newer version", `{"version": 2, "bookmarks": [{"id": "aaa", "title": "A", "n": 1}], "folders": {}}`,
			[]string{"aaa"}, "newer precis"},
		{"no version", `{"bookmarks": [{"id": "aaa", "title": "A", "n": 1}]}`, []string{"aaa"}, "no format version"},
		{"entry without id", `{"version": 1, "bookmarks": [{"id": "aaa"}, {"title": "lost"}]}`, []string{"aaa"}, "has no id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dataDir := filepath.Join(dir, "data")
			must(t, os.MkdirAll(dataDir, 0o700))
			path := filepath.Join(dataDir, BookmarksFileName)
			must(t, os.WriteFile(path, []byte(tc.content), 0o600))

			s, warnings, err := OpenStore(dataDir, filepath.Join(dir, "state"))
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != 1 {
				t.Fatalf("warnings = %q, want one", warnings)
			}
			w := warnings[0]
			if strings.Contains(w, "\n") || !strings.Contains(w, tc.wantWarning) {
				t.Errorf("warning %q: want one line containing %q", w, tc.wantWarning)
			}
			aside := asideFiles(t, dataDir, BookmarksFileName)
			if len(aside) != 1 || !strings.Contains(w, aside[0]) {
				t.Fatalf("files kept aside = %v; warning %q should name the one", aside, w)
			}
			if data, _ := os.ReadFile(aside[0]); string(data) != tc.content {
				t.Errorf("kept-aside file changed: %q", data)
			}
			if got := ids(s.Bookmarks()); strings.Join(got, ",") != strings.Join(tc.wantRecovered, ",") {
				t.Errorf("recovered %v, want %v", got, tc.wantRecovered)
			}
			must(t, s.AddBookmark(sum("new", "New", 9)))
			want := append(append([]string{}, tc.wantRecovered...), "new")
			if got := ids(openT(t, dir).Bookmarks()); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("after add: %v, want %v", got, want)
			}
		})
	}
}

func TestStoreCorruptStateMovedAside(t *testing.T) {
	dir := t.TempDir()
	stateDir := filepath.Join(dir, "state")
	must(t, os.MkdirAll(stateDir, 0o700))
	content := `{"version": 1, "last": "aaa", "scroll": {"aaa": 12, "bbb": 3}, "read": ["aaa", "bb`
	must(t, os.WriteFile(filepath.Join(stateDir, StateFileName), []byte(content), 0o600))
	s, warnings, err := OpenStore(filepath.Join(dir, "data"), stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "reading state") {
		t.Fatalf("warnings = %q", warnings)
	}
	if s.Last() != "aaa" || s.Scroll("aaa") != 12 || s.Scroll("bbb") != 3 || !s.IsRead("aaa") {
		t.Errorf("recovered state = %+v", s.State())
	}
	if len(asideFiles(t, stateDir, StateFileName)) != 1 {
		t.Errorf("state file not kept aside")
	}
}

// A file that goes bad while a Store is open is moved aside by the next
// change, which goes through; the warning waits in TakeWarnings.
func TestStoreCorruptedUnderneath(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	must(t, s.AddBookmark(sum("aaa", "A", 1)))
	// Cut short in the title of bbb, whose id is whole.
	must(t, os.WriteFile(s.BookmarksPath(), []byte(`{"version": 1, "bookmarks": [{"id": "aaa"}, {"id": "bbb", "ti`), 0o600))
	must(t, s.AddBookmark(sum("ccc", "C", 3)))
	w := s.TakeWarnings()
	if len(w) != 1 || !strings.Contains(w[0], ".corrupt-") {
		t.Fatalf("TakeWarnings = %q", w)
	}
	if w := s.TakeWarnings(); len(w) != 0 {
		t.Fatalf("second TakeWarnings = %q", w)
	}
	if got := strings.Join(ids(openT(t, dir).Bookmarks()), ","); got != "aaa,bbb,ccc" {
		t.Fatalf("on disk = %s, want aaa,bbb,ccc (bbb recovered from what was whole)", got)
	}
	must(t, os.WriteFile(s.BookmarksPath(), []byte(`{"version": 1, "bookmarks": [{"id": "aaa"}, {"title": "D", "id": "dd`), 0o600))
	must(t, s.Reload())
	s.TakeWarnings()
	if got := strings.Join(ids(openT(t, dir).Bookmarks()), ","); got != "aaa" {
		t.Fatalf("on disk = %s, want aaa (a cut id is no bookmark)", got)
	}
	// A second bad file in the same second gets a name of its own.
	must(t, os.WriteFile(s.BookmarksPath(), []byte(`{`), 0o600))
	must(t, s.Reload())
	must(t, os.WriteFile(s.BookmarksPath(), []byte(`[`), 0o600))
	must(t, s.Reload())
	if n := len(asideFiles(t, filepath.Dir(s.BookmarksPath()), BookmarksFileName)); n != 4 {
		t.Fatalf("%d files kept aside, want 4", n)
	}
	if w := s.TakeWarnings(); len(w) != 2 {
		t.Fatalf("warnings after two reloads = %q", w)
	}
}

func TestStoreEmptyFileIsEmpty(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	must(t, os.MkdirAll(dataDir, 0o700))
	must(t, os.WriteFile(filepath.Join(dataDir, BookmarksFileName), []byte("\n"), 0o600))
	s := openT(t, dir)
	if len(s.Bookmarks()) != 0 || len(asideFiles(t, dataDir, BookmarksFileName)) != 0 {
		t.Fatalf("empty file: bookmarks %v", s.Bookmarks())
	}
}

// A failed write leaves the Store's memory as it was and says why.
func TestStoreFailedWriteChangesNothing(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	must(t, s.AddBookmark(sum("aaa", "A", 1)))
	must(t, s.SetScroll("aaa", 5))
	dataDir := filepath.Join(dir, "data")
	stateDir := filepath.Join(dir, "state")

	block := func() {
		if os.Geteuid() != 0 {
			must(t, os.Chmod(dataDir, 0o500))
			must(t, os.Chmod(stateDir, 0o500))
			t.Cleanup(func() { os.Chmod(dataDir, 0o700); os.Chmod(stateDir, 0o700) })
			return
		}
		// root writes to read-only directories: put files in their way.
		must(t, os.Rename(dataDir, dataDir+".away"))
		must(t, os.Rename(stateDir, stateDir+".away"))
		must(t, os.WriteFile(dataDir, nil, 0o600))
		must(t, os.WriteFile(stateDir, nil, 0o600))
	}
	block()

	if err := s.AddBookmark(sum("bbb", "B", 2)); err == nil {
		t.Fatal("AddBookmark into a blocked directory succeeded")
	} else if !strings.Contains(err.Error(), "cannot save bookmarks") {
		t.Errorf("error %q does not say what failed", err)
	}
	if added, err := s.ToggleBookmark(sum("bbb", "B", 2)); err == nil {
		t.Fatalf("ToggleBookmark succeeded (added=%v)", added)
	}
	if _, err := s.ToggleBookmark(sum("aaa", "A", 1)); err == nil {
		t.Fatal("ToggleBookmark off succeeded")
	}
	if _, err := s.RemoveBookmark("aaa"); err == nil {
		t.Fatal("RemoveBookmark succeeded")
	}
	if got := strings.Join(ids(s.Bookmarks()), ","); got != "aaa" || s.IsBookmarked("bbb") || !s.IsBookmarked("aaa") {
		t.Fatalf("memory changed by failed writes: %s", got)
	}
	if s.SetScroll("aaa", 99) == nil || s.MarkRead("aaa") == nil || s.SetLast("aaa") == nil {
		t.Fatal("state writes into a blocked directory succeeded")
	}
	if s.Scroll("aaa") != 5 || s.IsRead("aaa") || s.Last() != "" {
		t.Fatalf("memory changed by failed state writes: %+v", s.State())
	}
}

func TestStoreRemovesStaleTempFiles(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	must(t, s.AddBookmark(sum("aaa", "A", 1)))
	dataDir := filepath.Dir(s.BookmarksPath())
	stale := filepath.Join(dataDir, ".bookmarks.json8675309")
	keep := filepath.Join(dataDir, ".bookmarks.json.mine")
	must(t, os.WriteFile(stale, []byte(`{"version": 1, "bookm`), 0o600))
	must(t, os.WriteFile(keep, nil, 0o600))
	must(t, s.AddBookmark(sum("bbb", "B", 2)))
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("stale temp file left behind")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("unrelated file removed: %v", err)
	}
}

func TestStoreSanitizesWhatItReads(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	must(t, os.MkdirAll(dataDir, 0o700))
	must(t, os.WriteFile(filepath.Join(dataDir, BookmarksFileName),
		[]byte(`{"version": 1, "bookmarks": [{"id": "aaa", "title": "Evil \u001b]52;c;aGk=\u0007 title", "n": 1}]}`), 0o600))
	s := openT(t, dir)
	if title := s.Bookmarks()[0].Title; strings.ContainsAny(title, "\x1b\x07") {
		t.Fatalf("title keeps control characters: %q", title)
	}
}

func TestResolveBookmarks(t *testing.T) {
	c := NewCorpus("test", []Summary{{Text: "First summary."}, {Text: "Second summary."}})
	dir := t.TempDir()
	s := openT(t, dir)
	must(t, s.AddBookmark(c.At(1)))
	must(t, s.AddBookmark(sum("gone12345678", "A paper that left", 40)))
	must(t, s.AddBookmark(c.At(0)))
	present, missing := ResolveBookmarks(c, s.Bookmarks())
	if len(present) != 2 || present[0].Summary != c.At(1) || present[1].Summary != c.At(0) {
		t.Fatalf("present = %+v", present)
	}
	if len(missing) != 1 || missing[0].Title != "A paper that left" || missing[0].N != 40 {
		t.Fatalf("missing = %+v", missing)
	}
}

func TestDefaultDirsReadsEnvironment(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "d"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "s"))
	data, state, err := DefaultDirs()
	if err != nil || data != filepath.Join(home, "d", "precis") || state != filepath.Join(home, "s", "precis") {
		t.Fatalf("DefaultDirs = %q, %q, %v", data, state, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("XDG_STATE_HOME", "relative/is/ignored")
	data, state, err = DefaultDirs()
	if err != nil || data != filepath.Join(home, ".local", "share", "precis") || state != filepath.Join(home, ".local", "state", "precis") {
		t.Fatalf("DefaultDirs with XDG unset = %q, %q, %v", data, state, err)
	}
}

// A writer killed with SIGKILL at random moments never leaves an
// unreadable file and never loses a bookmark it had finished writing.
func TestStoreSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	confirmed := map[int]bool{}
	next := 0
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	deadline := time.Now().Add(1500 * time.Millisecond)
	rounds := 0
	for ; time.Now().Before(deadline) || rounds < 10; rounds++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStoreWriterProcess$")
		cmd.Env = append(os.Environ(), "PRECIS_TEST_STORE_WRITER="+dir, "PRECIS_TEST_STORE_START="+strconv.Itoa(next))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		must(t, cmd.Start())
		lines := make(chan int, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if n, err := strconv.Atoi(sc.Text()); err == nil {
					lines <- n
				}
			}
			close(lines)
		}()
		// Kill it at a random moment once it is writing (its start-up
		// time varies with the machine's load).
		select {
		case n, ok := <-lines:
			if !ok {
				t.Fatalf("round %d: writer exited without writing", rounds)
			}
			confirmed[n] = true
			next = max(next, n+1)
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: writer wrote nothing in 10s", rounds)
		}
		time.Sleep(time.Duration(rng.IntN(20000)) * time.Microsecond)
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		for n := range lines {
			confirmed[n] = true
			next = max(next, n+1)
		}
		if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("writer did not die by SIGKILL: %v", err)
		}
		next++ // the one in flight may or may not have landed

		s, warnings, err := OpenStore(dir, dir)
		if err != nil || len(warnings) > 0 {
			t.Fatalf("round %d: after SIGKILL: %v %q", rounds, err, warnings)
		}
		for n := range confirmed {
			id := fmt.Sprintf("w%d", n)
			if !s.IsBookmarked(id) || s.Scroll(id) != n {
				t.Fatalf("round %d: bookmark %s (confirmed written) lost", rounds, id)
			}
		}
	}
	t.Logf("%d rounds, %d confirmed writes", rounds, len(confirmed))
}

func asideFiles(t *testing.T, dir, base string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, base+".corrupt-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func BenchmarkStoreIsBookmarked(b *testing.B) {
	s := benchStore(b, 1000)
	keys := make([]string, 2000) // half of them bookmarked
	for i := range keys {
		keys[i] = fmt.Sprintf("id%d", i)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.IsBookmarked(keys[i%len(keys)])
	}
}

// BenchmarkStoreToggleBookmark is one locked read-modify-write of a file
// of 200 bookmarks, with its fsyncs.
func BenchmarkStoreToggleBookmark(b *testing.B) {
	s := benchStore(b, 200)
	x := sum("toggled", "Toggled", 1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.ToggleBookmark(x); err != nil {
			b.Fatal(err)
		}
	}
}

func benchStore(b *testing.B, n int) *Store {
	dir := b.TempDir()
	s, _, err := OpenStore(dir, dir)
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	// Write the file once rather than n times.
	doc := bookmarksDoc{}
	for i := range n {
		doc.add(Bookmark{ID: fmt.Sprintf("id%d", i), Title: "A title of some length for a paper", N: i + 1, Added: time.Now()})
	}
	must(os.WriteFile(s.BookmarksPath(), doc.encode(), 0o600))
	must(s.Reload())
	if len(s.Bookmarks()) != n {
		b.Fatalf("%d bookmarks loaded, want %d", len(s.Bookmarks()), n)
	}
	return s
}
