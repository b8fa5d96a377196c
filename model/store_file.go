package model

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"codeberg.org/precis/precis/internal/atomicfile"
)

// This file holds the on-disk plumbing shared by the bookmarks and the
// reading-state files: a lock per file for read-modify-write, atomic
// replacement, and unreadable files moved aside instead of overwritten.

// document is what a store file holds: bookmarksDoc or stateDoc.
type document[T any] interface {
	*T
	// decode parses data strictly; an error means the file is unreadable
	// (bad JSON, wrong shape, invalid entries, a format it does not know).
	decode(data []byte) error
	// salvage fills the document with what can be recovered from data
	// that decode rejected, and says how much that was ("3 bookmarks").
	salvage(data []byte) string
	// encode returns the document as readable JSON, in a canonical form
	// (so an unchanged document encodes to the same bytes).
	encode() []byte
}

// storeFile is one JSON file of the store.
type storeFile struct {
	path string // the file
	what string // what it holds, for messages: "bookmarks", "reading state"
}

func (f storeFile) lockPath() string { return f.path + ".lock" }

// loadDoc reads the file into a fresh document. A missing file gives an
// empty document. A file that cannot be decoded is moved aside (under
// the lock) and what could be salvaged from it is returned, with a
// warning naming where it went. Other I/O errors are returned as errors.
func loadDoc[T any, P document[T]](f storeFile) (T, []string, error) {
	var doc T
	data, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return doc, nil, nil
	}
	if err != nil {
		return doc, nil, fmt.Errorf("cannot read %s: %w", f.what, err)
	}
	derr := P(&doc).decode(data)
	if derr == nil {
		// Writers replace the file atomically: what was read is whole.
		return doc, nil, nil
	}
	// Unreadable: re-read under the lock (a writer may have replaced it
	// meanwhile) and move it aside if it is still bad.
	lk := flock.New(f.lockPath(), flock.SetPermissions(0o600))
	if err := lk.Lock(); err != nil {
		var d T
		got := P(&d).salvage(data)
		return d, []string{fmt.Sprintf("%s file %s is unreadable, left in place (cannot lock it: %v): %v; %s", f.what, f.path, err, derr, recoveredPhrase(got))}, nil
	}
	defer lk.Unlock()
	doc, warn, raw, err := readLocked[T, P](f)
	if err != nil {
		return doc, nil, err
	}
	if warn != nil && raw == nil {
		// Moved aside: save what was recovered as the new file, so the
		// next change (which reads the file) starts from it.
		if err := writeFile(f.path, P(&doc).encode()); err != nil {
			warn[len(warn)-1] += fmt.Sprintf(" (not saved yet: %v)", err)
		}
	}
	return doc, warn, nil
}

// readLocked reads the file while its lock is held. It returns the
// document, warnings, the raw bytes read (nil when the file was missing
// or has been moved aside) and an I/O error.
func readLocked[T any, P document[T]](f storeFile) (T, []string, []byte, error) {
	var doc T
	data, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return doc, nil, nil, nil
	}
	if err != nil {
		return doc, nil, nil, fmt.Errorf("cannot read %s: %w", f.what, err)
	}
	derr := P(&doc).decode(data)
	if derr == nil {
		return doc, nil, data, nil
	}
	doc = *new(T)
	got := P(&doc).salvage(data)
	aside, err := moveAside(f.path)
	if err != nil {
		// Never overwrite it: give up on this write.
		return doc, nil, nil, fmt.Errorf("%s file %s cannot be read (%v) and cannot be moved aside: %w", f.what, f.path, derr, err)
	}
	return doc, []string{fmt.Sprintf("%s file unreadable, kept as %s: %v; %s", f.what, aside, derr, recoveredPhrase(got))}, nil, nil
}

func recoveredPhrase(got string) string {
	if got == "" {
		return "nothing could be recovered"
	}
	return "recovered " + got
}

// moveAside renames path to path.corrupt-YYYYMMDDTHHMMSS (with -2, -3 …
// added if that name is taken) and returns the new name. The caller
// holds the file's lock.
func moveAside(path string) (string, error) {
	base := path + ".corrupt-" + time.Now().Format("20060102T150405")
	name := base
	for k := 2; ; k++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s-%d", base, k)
	}
	if err := os.Rename(path, name); err != nil {
		return "", err
	}
	syncDir(filepath.Dir(path))
	return name, nil
}

// updateDoc applies op to the document on disk under the file's lock and
// writes the result atomically (temp file in the same directory, fsync,
// rename, fsync of the directory). The file is rewritten only when op
// changed it. It returns the document as now on disk.
func updateDoc[T any, P document[T]](f storeFile, op func(P)) (T, []string, error) {
	var zero T
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return zero, nil, fmt.Errorf("cannot save %s: %w", f.what, err)
	}
	lk := flock.New(f.lockPath(), flock.SetPermissions(0o600))
	if err := lk.Lock(); err != nil {
		return zero, nil, fmt.Errorf("cannot save %s: cannot lock %s: %w", f.what, f.lockPath(), err)
	}
	defer lk.Unlock()
	removeStaleTemps(f.path)

	doc, warn, raw, err := readLocked[T, P](f)
	if err != nil {
		return zero, warn, fmt.Errorf("cannot save %s: %w", f.what, err)
	}
	op(P(&doc))
	out := P(&doc).encode()
	if raw != nil && bytes.Equal(raw, out) {
		return doc, warn, nil
	}
	if err := writeFile(f.path, out); err != nil {
		return zero, warn, fmt.Errorf("cannot save %s: %w", f.what, err)
	}
	return doc, warn, nil
}

// writeFile replaces path with data atomically and durably: a temp file
// in the same directory, fsync, rename, fsync of the directory.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := atomicfile.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// removeStaleTemps deletes temp files a writer killed mid-write left
// behind (atomicfile names them ".<base><digits>"). The caller holds the
// lock, so no live writer owns one.
func removeStaleTemps(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || rest == "" || !e.Type().IsRegular() {
			continue
		}
		if strings.Trim(rest, "0123456789") == "" {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// syncDir makes a rename in dir durable; errors are ignored (not every
// file system supports it, and the rename itself has succeeded).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
