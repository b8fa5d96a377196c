package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"codeberg.org/precis/precis/internal/sanitize"
)

// A metadata sidecar, NAME.meta.json beside a corpus NAME.txt, gives what
// is known about the papers the summaries are of:
//
//	{
//	  "format": 1,
//	  "corpus": "NAME.txt",
//	  "note": "free text: where the metadata comes from",
//	  "summaries": [
//	    {
//	      "head": "the first 60 characters of the summary's text",
//	      "title": "The paper's title",
//	      "arxiv": "2101.03961",
//	      "year": 2021,
//	      "authors": ["First Author", "Second Author"],
//	      "url": "https://… the summary's original page",
//	      "provenance": "source page"
//	    }
//	  ]
//	}
//
// Entries are matched to summaries by "head": the first HeadLen characters
// (runes) of the summary's text. Every field but head is optional.

// HeadLen is the number of characters of a summary's text that a sidecar
// entry's head holds.
const HeadLen = 60

// Provenance values of a sidecar entry.
const (
	// ProvenanceSource: the metadata comes from the summary's source page.
	ProvenanceSource = "source page"
	// ProvenanceText: the title was identified from the summary's text.
	ProvenanceText = "identified from the text"
)

// MetaEntry is one sidecar entry: the head that matches it to a summary
// and what is known about the paper.
type MetaEntry struct {
	Head string `json:"head"`
	Paper
	n int // 1-based position in the file
}

// Meta is a parsed and validated sidecar.
type Meta struct {
	Format  int    `json:"format"`
	Corpus  string `json:"corpus,omitempty"`
	Note    string `json:"note,omitempty"`
	Entries []MetaEntry
}

// MetaFormat is the sidecar format version this package reads.
const MetaFormat = 1

var (
	arxivNew = regexp.MustCompile(`^[0-9]{4}\.[0-9]{4,5}(v[0-9]+)?$`)
	arxivOld = regexp.MustCompile(`^[a-z][a-z.-]*(\.[A-Z]{2})?/[0-9]{7}(v[0-9]+)?$`)
)

// ParseMeta parses and validates a sidecar. name is the file's name, used
// in the warnings. An error means the file as a whole is unusable; an
// entry that is malformed is left out with a warning, a malformed field
// of an entry dropped with a warning.
func ParseMeta(data []byte, name string) (*Meta, []string, error) {
	var raw struct {
		Format    *int              `json:"format"`
		Corpus    string            `json:"corpus"`
		Note      string            `json:"note"`
		Summaries []json.RawMessage `json:"summaries"`
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil, fmt.Errorf("%s: not a metadata sidecar: %v", name, jsonError(data, err))
	}
	if raw.Format == nil {
		return nil, nil, fmt.Errorf(`%s: not a metadata sidecar: no "format" field`, name)
	}
	if *raw.Format != MetaFormat {
		return nil, nil, fmt.Errorf("%s: sidecar format %d is not supported (this precis reads format %d)", name, *raw.Format, MetaFormat)
	}
	m := &Meta{Format: *raw.Format, Corpus: clean(raw.Corpus), Note: clean(raw.Note)}
	var warns []string
	for i, r := range raw.Summaries {
		e, ws, ok := parseEntry(r)
		e.n = i + 1
		for _, w := range ws {
			warns = append(warns, fmt.Sprintf("%s: entry %d%s: %s", name, i+1, headNote(e.Head), w))
		}
		if ok {
			m.Entries = append(m.Entries, e)
		}
	}
	return m, warns, nil
}

func headNote(head string) string {
	if head == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", truncateRunes(head, 30))
}

// parseEntry decodes and validates one entry; ok is false when it cannot
// be used at all.
func parseEntry(r json.RawMessage) (e MetaEntry, warns []string, ok bool) {
	var raw struct {
		Head       string          `json:"head"`
		Title      string          `json:"title"`
		Arxiv      string          `json:"arxiv"`
		Year       json.RawMessage `json:"year"`
		Authors    json.RawMessage `json:"authors"`
		URL        string          `json:"url"`
		Provenance string          `json:"provenance"`
	}
	if err := json.Unmarshal(r, &raw); err != nil {
		return e, []string{"malformed, skipped: " + jsonError(r, err)}, false
	}
	e.Head = clean(raw.Head)
	if e.Head == "" {
		return e, []string{`no "head" (the first 60 characters of the summary's text), skipped`}, false
	}
	e.Title = clean(raw.Title)
	e.Provenance = clean(raw.Provenance)
	if a := clean(raw.Arxiv); a != "" {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "arXiv:"), "arxiv:")
		if arxivNew.MatchString(a) || arxivOld.MatchString(a) {
			e.Arxiv = a
		} else {
			warns = append(warns, fmt.Sprintf("arxiv %q is not an arXiv id, ignored", truncateRunes(a, 30)))
		}
	}
	if len(raw.Year) > 0 && string(raw.Year) != "null" {
		var y int
		if err := json.Unmarshal(raw.Year, &y); err != nil || y < 1900 || y > 2200 {
			warns = append(warns, fmt.Sprintf("year %s is not a year, ignored", truncateRunes(string(raw.Year), 20)))
		} else {
			e.Year = y
		}
	}
	if len(raw.Authors) > 0 && string(raw.Authors) != "null" {
		var as []string
		if err := json.Unmarshal(raw.Authors, &as); err != nil {
			warns = append(warns, "authors is not a list of names, ignored")
		} else {
			for _, a := range as {
				if a = clean(a); a != "" {
					e.Authors = append(e.Authors, a)
				}
			}
		}
	}
	if u := clean(raw.URL); u != "" {
		if isWebURL(u) && !strings.ContainsAny(u, " <>") {
			e.URL = u
		} else {
			warns = append(warns, fmt.Sprintf("url %q is not an http(s) address, ignored", truncateRunes(u, 40)))
		}
	}
	return e, warns, true
}

// clean makes a sidecar string safe and one line.
func clean(s string) string {
	return oneLineText(sanitize.Text(s))
}

// jsonError describes a JSON decoding error with its line.
func jsonError(data []byte, err error) string {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
		if e.Field != "" {
			return fmt.Sprintf("line %d: %s should be %s, not %s", lineAt(data, off), e.Field, kindName(e.Type), e.Value)
		}
		return fmt.Sprintf("line %d: expected %s, found %s", lineAt(data, off), kindName(e.Type), e.Value)
	}
	if off >= 0 {
		return fmt.Sprintf("line %d: %v", lineAt(data, off), err)
	}
	return err.Error()
}

// kindName says in JSON's words what a Go type decodes from.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// Head returns the first HeadLen runes of text: what a sidecar entry's
// head holds for it.
func Head(text string) string {
	n := 0
	for i := range text {
		if n == HeadLen {
			return text[:i]
		}
		n++
	}
	return text
}

// ApplyAfter is Apply for ReadMeta's result, nil or not: it returns
// ReadMeta's warnings followed by Apply's.
func (m *Meta) ApplyAfter(warns []string, ss []Summary, name string) []string {
	if m == nil {
		return warns
	}
	return append(warns, m.Apply(ss, name)...)
}

// Apply sets Paper and Title on the summaries its entries match and
// returns warnings (naming the file) for entries that match none. When
// most entries match nothing the sidecar is taken to be another corpus's:
// nothing is applied and one warning says so.
func (m *Meta) Apply(ss []Summary, name string) []string {
	if len(m.Entries) == 0 {
		return nil
	}
	byHead := make(map[string][]int, len(ss))
	for i := range ss {
		h := clean(Head(ss[i].Text))
		byHead[h] = append(byHead[h], i)
	}
	matched := 0
	var unmatched []int
	used := make(map[string]int, len(m.Entries))
	var dups []string
	for i, e := range m.Entries {
		if _, ok := byHead[e.Head]; ok {
			matched++
		} else {
			unmatched = append(unmatched, i)
		}
		if j, dup := used[e.Head]; dup {
			dups = append(dups, fmt.Sprintf("%s: entries %d and %d have the same head%s; the first is used", name, m.Entries[j].n, e.n, headNote(e.Head)))
		} else {
			used[e.Head] = i
		}
	}
	// A head is a summary's opening 60 characters: an entry that matches
	// one is that summary's, whatever else the sidecar holds. Most entries
	// matching nothing is one line, not one per entry.
	what := ""
	if m.Corpus != "" && stem(m.Corpus) != stem(strings.TrimSuffix(filepath.Base(name), ".meta.json")) {
		what = fmt.Sprintf(" (it names corpus %q)", truncateRunes(m.Corpus, 60))
	}
	if matched == 0 {
		none := fmt.Sprintf("none of its %d entries matches a summary", len(m.Entries))
		if len(m.Entries) == 1 {
			none = "its one entry matches no summary"
		}
		return []string{fmt.Sprintf("%s: %s (an entry's head is a summary's first 60 characters, white space folded): another corpus's sidecar?%s; not used", name, none, what)}
	}
	var warns []string
	if matched*2 < len(m.Entries) {
		warns = append(warns, fmt.Sprintf("%s: %d of %d entries match no summary: another corpus's sidecar?%s; the %d that match are used", name, len(unmatched), len(m.Entries), what, matched))
		unmatched = nil
	}
	for i, e := range m.Entries {
		if used[e.Head] != i {
			continue
		}
		for _, k := range byHead[e.Head] {
			s := &ss[k]
			p := e.Paper
			if p.Title == "" && p.Arxiv == "" && p.URL == "" && len(p.Authors) == 0 && p.Year == 0 {
				continue // nothing known ("provenance": "unknown")
			}
			s.Paper = &p
			if p.Title != "" {
				s.Title = p.Title
			}
		}
	}
	const maxListed = 3
	for k, i := range unmatched {
		if k == maxListed {
			warns = append(warns, fmt.Sprintf("%s: %d more entries match no summary", name, len(unmatched)-maxListed))
			break
		}
		warns = append(warns, fmt.Sprintf("%s: entry %d%s matches no summary", name, m.Entries[i].n, headNote(m.Entries[i].Head)))
	}
	return append(dups, warns...)
}

// stem is a file name without its directory and extension.
func stem(name string) string {
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// ApplyMeta parses the sidecar data (named name in warnings) and applies
// it to ss, before NewCorpus. Every problem is a one-line warning: a
// sidecar that cannot be used leaves the summaries as they are.
func ApplyMeta(ss []Summary, data []byte, name string) []string {
	m, warns := ReadMeta(data, name)
	return m.ApplyAfter(warns, ss, name)
}

// ReadMeta is ApplyMeta's first half, which needs no summaries: it
// parses the sidecar data and returns it with its warnings, or nil and
// the warnings that say why it cannot be used.
func ReadMeta(data []byte, name string) (*Meta, []string) {
	if !utf8.Valid(data) {
		data = []byte(sanitize.Text(string(data)))
	}
	m, warns, err := ParseMeta(data, name)
	if err != nil {
		return nil, append(warns, err.Error())
	}
	return m, warns
}
