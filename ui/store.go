package ui

import "codeberg.org/precis/precis/model"

// Store is the user's data the reader reads and writes: bookmarks and
// reading state. Every write is synchronous; when one fails the store is
// unchanged and the reader says why in its status line.
type Store interface {
	IsBookmarked(id string) bool
	ToggleBookmark(s *model.Summary) (added bool, err error)
	IsRead(id string) bool
	MarkRead(id string) error
	// Last is the summary to reopen on; LastInList says it was selected
	// in the list when the reader quit, rather than open for reading.
	Last() string
	LastInList() bool
	SetLast(id string) error
	SetLastInList(id string) error
	Scroll(id string) int
	SetScroll(id string, line int) error
	// Reload picks up changes other processes made.
	Reload() error
}

// memStore keeps user data in memory only: for tests and for a reader
// started without a store.
type memStore struct {
	bookmarks map[string]bool
	read      map[string]bool
	scroll    map[string]int
	last      string
	lastList  bool
}

func newMemStore() *memStore {
	return &memStore{bookmarks: map[string]bool{}, read: map[string]bool{}, scroll: map[string]int{}}
}

func (m *memStore) IsBookmarked(id string) bool { return m.bookmarks[id] }
func (m *memStore) ToggleBookmark(s *model.Summary) (bool, error) {
	if m.bookmarks[s.ID] {
		delete(m.bookmarks, s.ID)
		return false, nil
	}
	m.bookmarks[s.ID] = true
	return true, nil
}
func (m *memStore) IsRead(id string) bool               { return m.read[id] }
func (m *memStore) MarkRead(id string) error            { m.read[id] = true; return nil }
func (m *memStore) Last() string                        { return m.last }
func (m *memStore) LastInList() bool                    { return m.lastList }
func (m *memStore) SetLast(id string) error             { m.last, m.lastList = id, false; return nil }
func (m *memStore) SetLastInList(id string) error       { m.last, m.lastList = id, true; return nil }
func (m *memStore) Scroll(id string) int                { return m.scroll[id] }
func (m *memStore) SetScroll(id string, line int) error { m.scroll[id] = line; return nil }
func (m *memStore) Reload() error                       { return nil }
