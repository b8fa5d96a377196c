package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"codeberg.org/precis/precis/internal/sanitize"
)

// The on-disk formats. Bump a version only with a migration from the
// older one; a file with a newer version than these is not understood,
// so it is moved aside rather than overwritten.
const (
	bookmarksVersion = 1
	stateVersion     = 1
)

// Bookmark is a summary the user marked for later. ID is what identifies
// it; Title and N are what it was called and where it stood when it was
// bookmarked, kept so that a bookmark whose summary has left the corpus
// can still be shown.
type Bookmark struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	N     int       `json:"n"`
	Added time.Time `json:"added,omitzero"`
}

// bookmarksDoc is bookmarks.json:
//
//	{
//	  "version": 1,
//	  "bookmarks": [
//	    {"id": "3f2a…", "title": "CycleGAN", "n": 12, "added": "2026-11-26T01:02:03Z"}
//	  ]
//	}
//
// Bookmarks are kept in the order they were added.
type bookmarksDoc struct {
	Version   int        `json:"version"`
	Bookmarks []Bookmark `json:"bookmarks"`
}

// ReadingState is where the user is in the corpus: the summary open
// last, the scroll position (first line shown) per summary, and the
// summaries read.
type ReadingState struct {
	Last   string
	Scroll map[string]int
	Read   map[string]bool
}

// stateDoc is state.json:
//
//	{
//	  "version": 1,
//	  "last": "3f2a…",
//	  "scroll": {"3f2a…": 40},
//	  "read": ["3f2a…", "9b01…"]
//	}
type stateDoc struct {
	Version int    `json:"version"`
	Last    string `json:"last,omitempty"`
	// LastInList says the reader quit from the list, with Last selected
	// there, rather than from the reading pane. (Older versions ignore
	// it, and a file without it reopens in the reading pane, as they do.)
	LastInList bool           `json:"last_in_list,omitempty"`
	Scroll     map[string]int `json:"scroll,omitempty"`
	Read       []string       `json:"read,omitempty"`
}

// jsonProblem says what is wrong with a file that does not decode, in
// words about the file rather than about Go types.
func jsonProblem(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("not valid JSON (%v, at byte %d)", se, se.Offset)
	case errors.As(err, &te) && te.Field == "":
		return fmt.Errorf("JSON %s where an object with \"version\" was expected", te.Value)
	case errors.As(err, &te):
		return fmt.Errorf("field %q holds JSON %s", te.Field, te.Value)
	}
	return err
}

// versionError says a file has no or an unknown format version.
func versionError(v, want int) error {
	if v <= 0 {
		return errors.New("no format version")
	}
	return fmt.Errorf("written by a newer precis: format %d, this one reads format %d", v, want)
}

// cleanID makes an id read from disk safe to show and compare.
func cleanID(id string) string { return strings.TrimSpace(sanitize.Text(id)) }

func encodeJSON(v any) []byte {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // plain structs of strings, ints and times always marshal
	}
	return append(out, '\n')
}

// isBlank reports whether data holds nothing but white space: an empty
// file holds no bookmarks, and nothing is lost by writing over it.
func isBlank(data []byte) bool { return len(bytes.TrimSpace(data)) == 0 }

func (d *bookmarksDoc) decode(data []byte) error {
	*d = bookmarksDoc{}
	if isBlank(data) {
		return nil
	}
	var raw bookmarksDoc
	if err := json.Unmarshal(data, &raw); err != nil {
		return jsonProblem(err)
	}
	if raw.Version != bookmarksVersion {
		return versionError(raw.Version, bookmarksVersion)
	}
	for i, b := range raw.Bookmarks {
		if cleanID(b.ID) == "" {
			return fmt.Errorf("bookmark %d has no id", i+1)
		}
	}
	for _, b := range raw.Bookmarks {
		d.add(b)
	}
	return nil
}

// add appends b unless its id is already there, and reports whether it
// did. Ids and titles are cleaned of control characters.
func (d *bookmarksDoc) add(b Bookmark) bool {
	b.ID, b.Title = cleanID(b.ID), sanitize.Text(b.Title)
	if b.ID == "" || d.index(b.ID) >= 0 {
		return false
	}
	d.Bookmarks = append(d.Bookmarks, b)
	return true
}

func (d *bookmarksDoc) index(id string) int {
	for i := range d.Bookmarks {
		if d.Bookmarks[i].ID == id {
			return i
		}
	}
	return -1
}

func (d *bookmarksDoc) remove(id string) bool {
	i := d.index(id)
	if i < 0 {
		return false
	}
	d.Bookmarks = slices.Delete(d.Bookmarks, i, i+1)
	return true
}

// salvage keeps every whole bookmark with an id that comes before the
// point where data stops making sense (a truncated file keeps all but
// the last, cut-off one).
func (d *bookmarksDoc) salvage(data []byte) string {
	*d = bookmarksDoc{}
	walkObject(data, func(key string, dec *json.Decoder) bool {
		if key != "bookmarks" {
			return skipValue(dec)
		}
		return walkArray(dec, func(dec *json.Decoder) bool {
			// Field by field, so that a bookmark cut short (a file
			// truncated in it) keeps the fields before the cut.
			var b Bookmark
			whole := walkObjectAt(dec, func(key string, dec *json.Decoder) bool {
				var err error
				switch key {
				case "id":
					err = dec.Decode(&b.ID)
				case "title":
					err = dec.Decode(&b.Title)
				case "n":
					err = dec.Decode(&b.N)
				case "added":
					err = dec.Decode(&b.Added)
				default:
					return skipValue(dec)
				}
				var te *json.UnmarshalTypeError
				return err == nil || errors.As(err, &te)
			})
			d.add(b)
			return whole
		})
	})
	if len(d.Bookmarks) == 0 {
		return ""
	}
	return plural(len(d.Bookmarks), "bookmark")
}

func (d *bookmarksDoc) encode() []byte {
	d.Version = bookmarksVersion
	if d.Bookmarks == nil {
		d.Bookmarks = []Bookmark{}
	}
	return encodeJSON(d)
}

func (d *stateDoc) decode(data []byte) error {
	*d = stateDoc{}
	if isBlank(data) {
		return nil
	}
	var raw stateDoc
	if err := json.Unmarshal(data, &raw); err != nil {
		return jsonProblem(err)
	}
	if raw.Version != stateVersion {
		return versionError(raw.Version, stateVersion)
	}
	d.setLast(raw.Last, raw.LastInList)
	for id, line := range raw.Scroll {
		d.setScroll(id, line)
	}
	for _, id := range raw.Read {
		d.markRead(id)
	}
	return nil
}

func (d *stateDoc) setLast(id string, inList bool) {
	d.Last = cleanID(id)
	d.LastInList = inList && d.Last != ""
}

func (d *stateDoc) setScroll(id string, line int) {
	id = cleanID(id)
	if id == "" {
		return
	}
	if line <= 0 {
		delete(d.Scroll, id)
		return
	}
	if d.Scroll == nil {
		d.Scroll = make(map[string]int)
	}
	d.Scroll[id] = line
}

func (d *stateDoc) markRead(id string) {
	id = cleanID(id)
	if id == "" {
		return
	}
	i, found := slices.BinarySearch(d.Read, id)
	if !found {
		d.Read = slices.Insert(d.Read, i, id)
	}
}

func (d *stateDoc) markUnread(id string) {
	if i, found := slices.BinarySearch(d.Read, id); found {
		d.Read = slices.Delete(d.Read, i, i+1)
	}
}

func (d *stateDoc) isRead(id string) bool {
	_, found := slices.BinarySearch(d.Read, id)
	return found
}

// salvage keeps whatever of last, scroll and read comes before the point
// where data stops making sense.
func (d *stateDoc) salvage(data []byte) string {
	*d = stateDoc{}
	walkObject(data, func(key string, dec *json.Decoder) bool {
		switch key {
		case "last":
			var s string
			if dec.Decode(&s) != nil {
				return false
			}
			d.setLast(s, d.LastInList)
			return true
		case "last_in_list":
			var b bool
			if dec.Decode(&b) != nil {
				return false
			}
			d.LastInList = b
			return true
		case "scroll":
			return walkObjectAt(dec, func(id string, dec *json.Decoder) bool {
				var line int
				err := dec.Decode(&line)
				var te *json.UnmarshalTypeError
				if err != nil && !errors.As(err, &te) {
					return false
				}
				d.setScroll(id, line)
				return true
			})
		case "read":
			return walkArray(dec, func(dec *json.Decoder) bool {
				var id string
				err := dec.Decode(&id)
				var te *json.UnmarshalTypeError
				if err != nil && !errors.As(err, &te) {
					return false
				}
				d.markRead(id)
				return true
			})
		}
		return skipValue(dec)
	})
	d.LastInList = d.LastInList && d.Last != ""
	var parts []string
	if d.Last != "" {
		parts = append(parts, "the last summary open")
	}
	if len(d.Scroll) > 0 {
		parts = append(parts, plural(len(d.Scroll), "scroll position"))
	}
	if len(d.Read) > 0 {
		parts = append(parts, plural(len(d.Read), "read mark"))
	}
	return strings.Join(parts, ", ")
}

func (d *stateDoc) encode() []byte {
	d.Version = stateVersion
	return encodeJSON(d)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// walkObject calls fn for each key of the top-level JSON object in data,
// with the decoder positioned at its value, until fn returns false or
// the data stops making sense.
func walkObject(data []byte, fn func(key string, dec *json.Decoder) bool) {
	walkObjectAt(json.NewDecoder(bytes.NewReader(data)), fn)
}

// walkObjectAt is walkObject for the object that dec is positioned at.
// It reports whether the whole object was walked.
func walkObjectAt(dec *json.Decoder, fn func(key string, dec *json.Decoder) bool) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, ok := tok.(string)
		if !ok || !fn(key, dec) {
			return false
		}
	}
	_, err := dec.Token()
	return err == nil
}

// walkArray calls fn for each element of the array dec is positioned at.
func walkArray(dec *json.Decoder, fn func(dec *json.Decoder) bool) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	for dec.More() {
		if !fn(dec) {
			return false
		}
	}
	_, err := dec.Token()
	return err == nil
}

func skipValue(dec *json.Decoder) bool {
	var v json.RawMessage
	return dec.Decode(&v) == nil
}
