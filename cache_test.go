package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/precis/precis/internal/corpusgen"
)

// largeCorpus writes a generated corpus just large enough to get a cache
// and gives the test its own cache directory; it returns the corpus path
// and the cache directory.
func largeCorpus(t *testing.T) (path, cacheDir string) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "big.txt")
	n := 8000
	for {
		if err := corpusgen.WriteFile(path, n, 11); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() >= cacheMin {
			break
		}
		n += n / 4
	}
	cacheDir = filepath.Join(dir, "cache")
	t.Setenv("XDG_CACHE_HOME", cacheDir)
	return path, cacheDir
}

// cacheFiles lists the caches in the cache directory whose names end in
// ext.
func cacheFiles(t *testing.T, cacheDir, ext string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(cacheDir, "precis", "index", "*"+ext))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// age sets the cache's times an hour back, so that a use shows.
func age(t *testing.T, file string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(file, old, old); err != nil {
		t.Fatal(err)
	}
}

func usedSinceAged(t *testing.T, file string) bool {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return time.Since(fi.ModTime()) < 30*time.Minute
}

// TestCorpusCache: once the index cache of a large corpus file is
// written, every command reads it and answers as without it; a changed
// corpus or metadata sidecar, or --no-cache, does not read it.
func TestCorpusCache(t *testing.T) {
	path, cacheDir := largeCorpus(t)
	cc := newCorpusCache([]string{path}, false)
	if cc == nil {
		t.Fatal("a large corpus file gets no cache")
	}
	if newCorpusCache([]string{path}, true) != nil || newCorpusCache([]string{path, path}, false) != nil || newCorpusCache([]string{"-"}, false) != nil {
		t.Fatal("a cache for --no-cache, several files or standard input")
	}
	c, err := loadCorpus([]string{path}, nil, io.Discard, cc)
	if err != nil || cc.used {
		t.Fatalf("load with no cache yet: used %v, %v", cc.used, err)
	}
	cc.store(c)
	files := cacheFiles(t, cacheDir, cacheExt)
	if len(files) != 1 || len(cacheFiles(t, cacheDir, relatedExt)) != 0 {
		t.Fatalf("caches after the store: %v", files)
	}
	cache := files[0]
	cc.storeRelated(c)
	files = cacheFiles(t, cacheDir, relatedExt)
	if len(files) != 1 || !c.RelatedReady() {
		t.Fatalf("related caches after the store: %v", files)
	}
	related := files[0]
	// A corpus made from its caches does not write them again.
	before, err := os.Stat(cache)
	if err != nil {
		t.Fatal(err)
	}
	relBefore, err := os.Stat(related)
	if err != nil {
		t.Fatal(err)
	}
	again := newCorpusCache([]string{path}, false)
	c, err = loadCorpus([]string{path}, nil, io.Discard, again)
	if err == nil {
		again.loadRelated(c)
	}
	if err != nil || !again.used || !again.relUsed {
		t.Fatalf("second load: used %v, related used %v, %v", again.used, again.relUsed, err)
	}
	if !c.RelatedReady() {
		t.Fatal("a corpus made from its caches has no related index")
	}
	unchanged := func(what string) {
		t.Helper()
		for file, was := range map[string]os.FileInfo{cache: before, related: relBefore} {
			if now, err := os.Stat(file); err != nil || !os.SameFile(was, now) {
				t.Fatalf("%s: %s written again (%v)", what, filepath.Base(file), err)
			}
		}
	}
	again.store(c)
	again.storeRelated(c)
	unchanged("a corpus made from its caches")
	// Nor is a cache written twice.
	cc.store(c)
	cc.storeRelated(c)
	unchanged("a second store")

	commands := [][]string{
		{"search", "-n", "7", "lottery ticket"},
		{"search", "--json", "-n", "3", "cylcegan"},
		{"show", "--plain", "transformer"},
		{"related", "-n", "4", "12"},
		{"list"},
	}
	for _, cmd := range commands {
		age(t, cache)
		age(t, related)
		want := mustPrecis(t, append([]string{"--no-cache", "--corpus", path}, cmd...)...)
		if usedSinceAged(t, cache) || usedSinceAged(t, related) {
			t.Fatalf("%v --no-cache read the cache", cmd)
		}
		got := mustPrecis(t, append([]string{"--corpus", path}, cmd...)...)
		if !usedSinceAged(t, cache) {
			t.Fatalf("%v did not read the cache", cmd)
		}
		// Only what uses the related index reads its cache, and reads
		// it, not writes it again.
		if usedSinceAged(t, related) != (cmd[0] == "related") {
			t.Fatalf("%v read the related cache %v", cmd, usedSinceAged(t, related))
		}
		if fi, err := os.Stat(related); err != nil || !os.SameFile(fi, relBefore) {
			t.Fatalf("%v wrote the related cache again (%v)", cmd, err)
		}
		if got != want {
			t.Fatalf("%v from the cache:\n%.600s\nwant:\n%.600s", cmd, got, want)
		}
	}

	// A damaged related cache is not used, nor kept mapped; the search
	// index's cache still is, and related answers as before.
	data, err := os.ReadFile(related)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x10
	if err := os.WriteFile(related, data, 0o600); err != nil {
		t.Fatal(err)
	}
	age(t, cache)
	age(t, related)
	relMapped := mappings(t, related)
	damaged := newCorpusCache([]string{path}, false)
	c, err = loadCorpus([]string{path}, nil, io.Discard, damaged)
	if err == nil {
		damaged.loadRelated(c)
	}
	if err != nil || !damaged.used || damaged.relUsed || c.RelatedReady() {
		t.Fatalf("a damaged related cache: used %v, related used %v, %v", damaged.used, damaged.relUsed, err)
	}
	if n := mappings(t, related); n > relMapped {
		t.Fatalf("a related cache that was not used is still mapped (%d mappings, %d before)", n, relMapped)
	}
	cmd := []string{"related", "-n", "4", "12"}
	want := mustPrecis(t, append([]string{"--no-cache", "--corpus", path}, cmd...)...)
	if got := mustPrecis(t, append([]string{"--corpus", path}, cmd...)...); got != want {
		t.Fatalf("related with a damaged related cache:\n%.600s\nwant:\n%.600s", got, want)
	}
	if !usedSinceAged(t, cache) {
		t.Fatal("with a damaged related cache, the cache was not read")
	}
	// precis related wrote the related cache again, and the next one
	// reads it.
	if fi, err := os.Stat(related); err != nil || os.SameFile(fi, relBefore) {
		t.Fatalf("precis related did not write the related cache again (%v)", err)
	}
	age(t, related)
	if got := mustPrecis(t, append([]string{"--corpus", path}, cmd...)...); got != want || !usedSinceAged(t, related) {
		t.Fatalf("related with its cache written by precis related (read %v):\n%.600s\nwant:\n%.600s", usedSinceAged(t, related), got, want)
	}

	// A summary more: the cache is not for this corpus.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("[link]\nA summary about the zyzzyva architecture. |\n")
	f.Close()
	age(t, cache)
	age(t, related)
	mapped := mappings(t, cache)
	if out := mustPrecis(t, "--corpus", path, "search", "zyzzyva"); !strings.Contains(out, "zyzzyva") && !strings.Contains(out, "Zyzzyva") {
		t.Fatalf("the summary added is not found:\n%s", out)
	}
	if usedSinceAged(t, cache) || usedSinceAged(t, related) {
		t.Fatal("the cache was read for a changed corpus")
	}
	// Refused, it is given back, not kept mapped beside the corpus (the
	// commands run in this process: the caches they used stay mapped).
	if n := mappings(t, cache); n > mapped {
		t.Fatalf("a cache that was not used is still mapped (%d mappings, %d before)", n, mapped)
	}
	// Rewritten for the corpus as it is now, then a sidecar gives the
	// first summary a title: not the corpus the cache is for either.
	c, err = loadCorpus([]string{path}, nil, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	newCorpusCache([]string{path}, false).store(c)
	side := strings.TrimSuffix(path, ".txt") + ".meta.json"
	head := []rune(c.All()[0].Text)[:60]
	meta, _ := json.Marshal(map[string]any{"format": 1, "summaries": []any{map[string]string{"head": string(head), "title": "A Title From The Sidecar"}}})
	if err := os.WriteFile(side, meta, 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, cache)
	out, errOut, code := precis("--corpus", path, "show", "--json", "1")
	if code != 0 || !strings.Contains(out, "A Title From The Sidecar") {
		t.Fatalf("the sidecar's title is not used (exit %d):\n%.300s\n%s", code, out, errOut)
	}
	if usedSinceAged(t, cache) {
		t.Fatal("the cache was read with a new sidecar")
	}
}

// TestPruneCaches: the caches of the most recently used corpora are
// kept, the others and old temporary files removed; other files are left
// alone.
func TestPruneCaches(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, age time.Duration) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		os.Chtimes(p, at, at)
	}
	for i := range 7 {
		write("c"+strconv.Itoa(i)+cacheExt, time.Duration(i)*time.Minute)
	}
	// A corpus's two caches go together, used when either was.
	write("c5"+relatedExt, 30*time.Second)
	write("c6"+relatedExt, 2*time.Hour)
	write("c1"+relatedExt, 3*time.Hour)
	write(".c0"+cacheExt+"123", 20*time.Minute)
	write(".c1"+cacheExt+"456", time.Minute)
	write("notes.txt", 3*time.Hour)
	pruneCaches(dir, 4)
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{".c1" + cacheExt + "456", "c0" + cacheExt, "c1" + cacheExt, "c1" + relatedExt, "c2" + cacheExt, "c5" + cacheExt, "c5" + relatedExt, "notes.txt"}
	if !slices.Equal(left, want) {
		t.Fatalf("left %v, want %v", left, want)
	}
}

// TestBuildTag: the tag names the Go version and the executable, so
// that another build (another commit, or none recorded) does not read
// this one's caches.
func TestBuildTag(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tag := buildTag()
	if !strings.Contains(tag, runtime.Version()) || !strings.Contains(tag, exe) {
		t.Fatalf("buildTag() = %q: no Go version or executable (%s)", tag, exe)
	}
	if buildTag() != tag {
		t.Fatal("buildTag changes from one call to the next")
	}
}

// mappings counts the process's mappings of file (-1 where that cannot
// be read).
func mappings(t *testing.T, file string) int {
	t.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return -1
	}
	return strings.Count(string(maps), file)
}
