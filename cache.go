package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"codeberg.org/precis/precis/internal/atomicfile"
	"codeberg.org/precis/precis/internal/mapfile"
	"codeberg.org/precis/precis/model"
)

// corpusCache is where the titles and indexes of a large corpus file are
// kept between runs, so that opening it again skips deriving them: under
// $XDG_CACHE_HOME/precis/index, two files per corpus path, those of the
// cacheKeep most recently used paths. One holds the titles and search
// index (model.WriteCache), the other the related index
// (model.WriteRelatedCache). The reader writes each once that index is
// built, precis related the related one; every command reads the first,
// those that use the related index the second. A cache that is not for
// the file as it is now (edited, or its metadata sidecar) is not used,
// and what writes it (the reader, precis related) replaces it.
type corpusCache struct {
	path    string // the titles and search index
	used    bool   // the corpus was made from it
	related string // the related index
	relUsed bool   // the corpus took its related index from it
}

const (
	// cacheMin is the smallest corpus file that gets a cache: below it
	// titles and index take a fraction of a second.
	cacheMin = progressiveLoad
	// cacheKeep is how many caches are kept.
	cacheKeep = 4
	// cacheExt ends the name of a titles and search index cache,
	// relatedExt that of a related index cache.
	cacheExt   = ".index"
	relatedExt = ".related"
)

// newCorpusCache returns the cache of the corpus in paths, or nil when it
// gets none: off, not one file, standard input, or a small file.
func newCorpusCache(paths []string, off bool) *corpusCache {
	if off || len(paths) != 1 || paths[0] == "-" {
		return nil
	}
	fi, err := os.Stat(paths[0])
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < cacheMin {
		return nil
	}
	abs, err := filepath.Abs(paths[0])
	if err != nil {
		return nil
	}
	dir, err := model.CacheDir()
	if err != nil {
		return nil
	}
	sum := sha256.Sum256([]byte(abs))
	stem := filepath.Join(dir, "index", hex.EncodeToString(sum[:16]))
	return &corpusCache{path: stem + cacheExt, related: stem + relatedExt}
}

// load makes the corpus from ss and the cache, or returns nil when the
// cache is missing or not for ss (see model.NewCorpusFromCache).
func (cc *corpusCache) load(name string, ss []model.Summary) *model.Corpus {
	data, mapped, err := mapfile.ReadFile(cc.path)
	if err != nil {
		return nil
	}
	c, err := model.NewCorpusFromCache(name, ss, data, buildTag())
	if err != nil {
		if mapped {
			mapfile.Unmap(data)
		}
		return nil
	}
	cc.used = true
	now := time.Now()
	os.Chtimes(cc.path, now, now) // most recently used: kept longest
	return c
}

// loadRelated gives c its related index from the related cache when
// that is for the same summaries. Only what uses the related index reads
// it (the reader, precis related): checking it takes a moment (35 ms at
// 100k summaries, more when c was not made from its cache).
func (cc *corpusCache) loadRelated(c *model.Corpus) {
	data, mapped, err := mapfile.ReadFile(cc.related)
	if err != nil {
		return
	}
	if c.UseRelatedCache(data, buildTag()) != nil {
		if mapped {
			mapfile.Unmap(data)
		}
		return
	}
	cc.relUsed = true
	now := time.Now()
	os.Chtimes(cc.related, now, now)
}

// store writes the cache of c, unless c came from it, and removes the
// caches beyond the cacheKeep most recently used. It is best effort: the
// cache only saves time, so errors are dropped.
func (cc *corpusCache) store(c *model.Corpus) {
	if cc.used {
		return
	}
	if writeCacheFile(cc.path, func(w io.Writer) error { return c.WriteCache(w, buildTag()) }) {
		cc.used = true
	}
}

// storeRelated writes the related cache of c, unless c's related index
// came from it; best effort, as store.
func (cc *corpusCache) storeRelated(c *model.Corpus) {
	if cc.relUsed {
		return
	}
	if writeCacheFile(cc.related, func(w io.Writer) error { return c.WriteRelatedCache(w, buildTag()) }) {
		cc.relUsed = true
	}
}

// writeCacheFile replaces the cache file path with what write writes,
// atomically, and prunes the caches before and after. It reports
// whether the file was written.
func writeCacheFile(path string, write func(io.Writer) error) bool {
	dir := filepath.Dir(path)
	if os.MkdirAll(dir, 0o700) != nil {
		return false
	}
	pruneCaches(dir, cacheKeep)
	t, err := atomicfile.TempFile(dir, path)
	if err != nil {
		return false
	}
	defer t.Cleanup()
	// Unbuffered: the writers buffer the small sections and write the
	// large ones whole, which the kernel then caches in large pages,
	// quicker to map when the cache is read.
	if write(t) != nil || t.CloseAtomicallyReplace() != nil {
		return false
	}
	pruneCaches(dir, cacheKeep)
	return true
}

// buildTag names the program that writes or reads a cache, so that a
// cache is used only by the build that wrote it: its Go and module
// versions, its commit when the build recorded one, and the executable
// file itself (path, size, time), which tells apart builds without a
// commit (go run, -buildvcs=false) and builds of a modified checkout.
// go run keeps its executable in the build cache, the same file until
// the code changes, so its caches are used too.
func buildTag() string {
	tag := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		tag += " " + bi.Main.Path + "@" + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				tag += " " + s.Key + "=" + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			tag += fmt.Sprintf(" %s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return tag
}

// pruneCaches removes from dir the caches of all but the keep most
// recently used corpora (a corpus's two files go together), and what an
// interrupted write left behind.
func pruneCaches(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type cache struct {
		used  time.Time
		files []string
	}
	var caches []*cache
	byStem := map[string]*cache{}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		switch name := e.Name(); {
		case strings.HasPrefix(name, "."):
			// atomicfile's temporary files: one being written is a few
			// seconds old; others were left by a run that quit first.
			if time.Since(fi.ModTime()) > 10*time.Minute {
				os.Remove(filepath.Join(dir, name))
			}
		case strings.HasSuffix(name, cacheExt) || strings.HasSuffix(name, relatedExt):
			stem := strings.TrimSuffix(strings.TrimSuffix(name, cacheExt), relatedExt)
			c := byStem[stem]
			if c == nil {
				c = &cache{}
				byStem[stem] = c
				caches = append(caches, c)
			}
			c.files = append(c.files, name)
			if fi.ModTime().After(c.used) {
				c.used = fi.ModTime()
			}
		}
	}
	slices.SortFunc(caches, func(a, b *cache) int { return b.used.Compare(a.used) })
	for _, c := range caches[min(keep, len(caches)):] {
		for _, name := range c.files {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
