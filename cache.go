package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/google/renameio/v2"

	"codeberg.org/precis/precis/internal/mapfile"
	"codeberg.org/precis/precis/model"
)

// corpusCache is where the titles and search index of a large corpus
// file are kept between runs (model.WriteCache), so that opening it again
// skips deriving them: under $XDG_CACHE_HOME/precis/index, one file per
// corpus path, the cacheKeep most recently used. The reader writes it
// once its indexes are built; every command reads it. A cache that is
// not for the file as it is now (edited, or its metadata sidecar) is not
// used, and the reader replaces it.
type corpusCache struct {
	path string // the cache file
	used bool   // the corpus was made from it
}

const (
	// cacheMin is the smallest corpus file that gets a cache: below it
	// titles and index take a fraction of a second.
	cacheMin = progressiveLoad
	// cacheKeep is how many caches are kept.
	cacheKeep = 4
	// cacheExt ends the name of every cache file.
	cacheExt = ".index"
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
	return &corpusCache{path: filepath.Join(dir, "index", hex.EncodeToString(sum[:16])+cacheExt)}
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

// store writes the cache of c, unless c came from it, and removes the
// caches beyond the cacheKeep most recently used. It is best effort: the
// cache only saves time, so errors are dropped.
func (cc *corpusCache) store(c *model.Corpus) {
	if cc.used {
		return
	}
	dir := filepath.Dir(cc.path)
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	pruneCaches(dir, cacheKeep)
	t, err := renameio.TempFile(dir, cc.path)
	if err != nil {
		return
	}
	defer t.Cleanup()
	// Unbuffered: WriteCache buffers the small sections and writes the
	// large ones whole, which the kernel then caches in large pages,
	// quicker to map when the cache is read.
	if c.WriteCache(t, buildTag()) != nil || t.CloseAtomicallyReplace() != nil {
		return
	}
	cc.used = true
	pruneCaches(dir, cacheKeep)
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

// pruneCaches removes from dir all but the keep most recently used
// caches, and what an interrupted write left behind.
func pruneCaches(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type cache struct {
		name string
		used time.Time
	}
	var caches []cache
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		switch name := e.Name(); {
		case strings.HasPrefix(name, "."):
			// renameio's temporary files: one being written is a few
			// seconds old; others were left by a run that quit first.
			if time.Since(fi.ModTime()) > 10*time.Minute {
				os.Remove(filepath.Join(dir, name))
			}
		case strings.HasSuffix(name, cacheExt):
			caches = append(caches, cache{name, fi.ModTime()})
		}
	}
	slices.SortFunc(caches, func(a, b cache) int { return b.used.Compare(a.used) })
	for _, c := range caches[min(keep, len(caches)):] {
		os.Remove(filepath.Join(dir, c.name))
	}
}
