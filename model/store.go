package model

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"sync"
	"time"

	"github.com/adrg/xdg"
)

// File names inside the store's directories.
const (
	BookmarksFileName = "bookmarks.json"
	StateFileName     = "state.json"
)

// Store holds the user's bookmarks (in dataDir/bookmarks.json) and
// reading state (in stateDir/state.json).
//
// Every change is a locked read-modify-write of the file on disk: the
// operation (add this bookmark, set that scroll position) is applied to
// what is on disk now, so changes other precis processes made are kept,
// and the Store's memory then shows the merged result. Writes are atomic
// and synchronous. When a write fails the Store's memory is left as it
// was and the error says why.
//
// A file that cannot be read is moved aside to NAME.corrupt-TIMESTAMP,
// never overwritten; the warning that says so is returned by OpenStore,
// and kept for TakeWarnings when it happens later (in Reload or a change).
//
// A Store is safe for use by several goroutines.
type Store struct {
	bookmarksFile, stateFile storeFile

	mu       sync.Mutex
	bm       bookmarksDoc
	marked   map[string]bool // the ids in bm, for IsBookmarked
	st       stateDoc
	warnings []string
}

// setBookmarks makes doc the bookmarks in memory. The caller holds mu.
func (s *Store) setBookmarks(doc bookmarksDoc) {
	s.bm = doc
	s.marked = make(map[string]bool, len(doc.Bookmarks))
	for _, b := range doc.Bookmarks {
		s.marked[b.ID] = true
	}
}

var xdgMu sync.Mutex

// DefaultDirs returns where precis keeps the user's data:
// $XDG_DATA_HOME/precis and $XDG_STATE_HOME/precis, with the XDG
// defaults (~/.local/share, ~/.local/state) when they are unset. The
// environment is read at each call.
func DefaultDirs() (dataDir, stateDir string, err error) {
	xdgMu.Lock()
	defer xdgMu.Unlock()
	xdg.Reload()
	data, state := xdg.DataHome, xdg.StateHome
	if !filepath.IsAbs(data) || !filepath.IsAbs(state) {
		return "", "", errors.New("cannot tell where to keep bookmarks: set HOME or XDG_DATA_HOME and XDG_STATE_HOME")
	}
	return filepath.Join(data, "precis"), filepath.Join(state, "precis"), nil
}

// CacheDir returns where precis keeps what it can make again (the index
// caches of large corpora): $XDG_CACHE_HOME/precis, ~/.cache/precis when
// that is unset. The environment is read at each call.
func CacheDir() (string, error) {
	xdgMu.Lock()
	defer xdgMu.Unlock()
	xdg.Reload()
	if !filepath.IsAbs(xdg.CacheHome) {
		return "", errors.New("cannot tell where to keep caches: set HOME or XDG_CACHE_HOME")
	}
	return filepath.Join(xdg.CacheHome, "precis"), nil
}

// DefaultStore opens the store in DefaultDirs.
func DefaultStore() (*Store, []string, error) {
	dataDir, stateDir, err := DefaultDirs()
	if err != nil {
		return nil, nil, err
	}
	return OpenStore(dataDir, stateDir)
}

// OpenStore loads the bookmarks from dataDir and the reading state from
// stateDir. Missing directories and files are an empty store (they are
// created on the first change). The warnings, one line each, say which
// unreadable files were moved aside and where to; the error is for
// files that exist but cannot be read at all (permissions, I/O).
func OpenStore(dataDir, stateDir string) (*Store, []string, error) {
	s := &Store{
		bookmarksFile: storeFile{path: filepath.Join(dataDir, BookmarksFileName), what: "bookmarks"},
		stateFile:     storeFile{path: filepath.Join(stateDir, StateFileName), what: "reading state"},
	}
	warnings, err := s.reload()
	if err != nil {
		return nil, warnings, err
	}
	return s, warnings, nil
}

// BookmarksPath and StatePath are the files the store keeps.
func (s *Store) BookmarksPath() string { return s.bookmarksFile.path }
func (s *Store) StatePath() string     { return s.stateFile.path }

// Reload reads both files again, picking up changes other processes
// made (call it when the reader regains focus, for instance). On error
// the Store's memory is left as it was. Warnings (a file found unreadable
// and moved aside) are kept for TakeWarnings.
func (s *Store) Reload() error {
	warnings, err := s.reload()
	s.mu.Lock()
	s.warnings = append(s.warnings, warnings...)
	s.mu.Unlock()
	return err
}

func (s *Store) reload() ([]string, error) {
	bm, w1, err := loadDoc[bookmarksDoc](s.bookmarksFile)
	if err != nil {
		return w1, err
	}
	st, w2, err := loadDoc[stateDoc](s.stateFile)
	warnings := append(w1, w2...)
	if err != nil {
		return warnings, err
	}
	s.mu.Lock()
	s.setBookmarks(bm)
	s.st = st
	s.mu.Unlock()
	return warnings, nil
}

// TakeWarnings returns, and forgets, the warnings Reload and changes
// produced since the last call (an unreadable file found on disk and
// moved aside), one line each. Show them after a change or a reload.
func (s *Store) TakeWarnings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.warnings
	s.warnings = nil
	return w
}

// updateBookmarks applies op to the bookmarks on disk and, on success,
// makes memory what is now on disk.
func (s *Store) updateBookmarks(op func(*bookmarksDoc)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, warnings, err := updateDoc(s.bookmarksFile, op)
	s.warnings = append(s.warnings, warnings...)
	if err != nil {
		return err
	}
	s.setBookmarks(doc)
	return nil
}

func (s *Store) updateState(op func(*stateDoc)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, warnings, err := updateDoc(s.stateFile, op)
	s.warnings = append(s.warnings, warnings...)
	if err != nil {
		return err
	}
	s.st = doc
	return nil
}

// Bookmarks returns the bookmarks in the order they were added.
func (s *Store) Bookmarks() []Bookmark {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Bookmark, len(s.bm.Bookmarks))
	copy(out, s.bm.Bookmarks)
	return out
}

// IsBookmarked reports whether the summary with this id is bookmarked.
func (s *Store) IsBookmarked(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.marked[id]
}

// AddBookmark bookmarks sum. Bookmarking it again changes nothing: the
// bookmark keeps the date, title and position it was saved with (another
// corpus may hold the same summary at another position, under another
// title), and the file is not rewritten.
func (s *Store) AddBookmark(sum *Summary) error {
	b := Bookmark{ID: sum.ID, Title: sum.Title, N: sum.N, Added: time.Now().UTC().Truncate(time.Second)}
	if cleanID(b.ID) == "" {
		return errors.New("cannot bookmark a summary without an id")
	}
	return s.updateBookmarks(func(d *bookmarksDoc) {
		d.add(b)
	})
}

// RemoveBookmark removes the bookmark with this id (which need not be
// in the corpus). It reports whether there was one, here or on disk.
func (s *Store) RemoveBookmark(id string) (removed bool, err error) {
	err = s.updateBookmarks(func(d *bookmarksDoc) { removed = d.remove(id) })
	return removed && err == nil, err
}

// ToggleBookmark removes the bookmark on sum if the Store shows one, and
// adds one otherwise; added says which. On error nothing changes (and
// added is false): show the error, the mark stays as it was.
func (s *Store) ToggleBookmark(sum *Summary) (added bool, err error) {
	if s.IsBookmarked(sum.ID) {
		_, err = s.RemoveBookmark(sum.ID)
		return false, err
	}
	if err := s.AddBookmark(sum); err != nil {
		return false, err
	}
	return true, nil
}

// ResolvedBookmark is a bookmark with the summary it names in a corpus.
type ResolvedBookmark struct {
	Bookmark
	Summary *Summary
}

// ResolveBookmarks splits bookmarks, keeping their order, into those
// whose summary is in c and those whose id c does not have (shown with
// the title they were saved with; never dropped).
func ResolveBookmarks(c *Corpus, bookmarks []Bookmark) (present []ResolvedBookmark, missing []Bookmark) {
	for _, b := range bookmarks {
		if sum, ok := c.ByID(b.ID); ok {
			present = append(present, ResolvedBookmark{Bookmark: b, Summary: sum})
		} else {
			missing = append(missing, b)
		}
	}
	return present, missing
}

// State returns a copy of the reading state.
func (s *Store) State() ReadingState {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := ReadingState{Last: s.st.Last, Scroll: maps.Clone(s.st.Scroll), Read: make(map[string]bool, len(s.st.Read))}
	if rs.Scroll == nil {
		rs.Scroll = map[string]int{}
	}
	for _, id := range s.st.Read {
		rs.Read[id] = true
	}
	return rs
}

// Last is the id of the summary open last ("" if none).
func (s *Store) Last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.Last
}

// Scroll is the saved scroll position (first line shown) for id; 0 if
// none.
func (s *Store) Scroll(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.Scroll[id]
}

// IsRead reports whether the summary with this id has been read.
func (s *Store) IsRead(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.isRead(id)
}

// SetLast records id as the summary open last, in the reading pane.
func (s *Store) SetLast(id string) error {
	return s.updateState(func(d *stateDoc) { d.setLast(id, false) })
}

// LastInList reports whether the reader last quit from the list, with
// Last selected there, rather than from the reading pane.
func (s *Store) LastInList() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.LastInList
}

// SetLastInList records id as the summary selected in the list when the
// reader quit from it.
func (s *Store) SetLastInList(id string) error {
	return s.updateState(func(d *stateDoc) { d.setLast(id, true) })
}

// SetScroll records the scroll position for id; line <= 0 forgets it.
func (s *Store) SetScroll(id string, line int) error {
	return s.updateState(func(d *stateDoc) { d.setScroll(id, line) })
}

// SetReading records, in one write, id as the summary open last and
// line as its scroll position: what to save when the reader quits or
// leaves a summary.
func (s *Store) SetReading(id string, line int) error {
	return s.updateState(func(d *stateDoc) {
		d.setLast(id, false)
		d.setScroll(id, line)
	})
}

// MarkRead marks the summary with this id as read.
func (s *Store) MarkRead(id string) error {
	return s.updateState(func(d *stateDoc) { d.markRead(id) })
}

// MarkUnread removes the read mark of the summary with this id.
func (s *Store) MarkUnread(id string) error {
	return s.updateState(func(d *stateDoc) { d.markUnread(id) })
}

// String names the files, for messages.
func (s *Store) String() string {
	return fmt.Sprintf("bookmarks in %s, reading state in %s", s.bookmarksFile.path, s.stateFile.path)
}
