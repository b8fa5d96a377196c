package model_test

import (
	"encoding/json"
	"strings"
	"testing"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/seeds"
)

func TestSeedSidecar(t *testing.T) {
	ss := seedSummaries(t)
	if w := model.ApplyMeta(ss, seeds.Meta, seeds.MetaName); len(w) != 0 {
		t.Fatalf("warnings: %q", w)
	}
	c := model.NewCorpus("seed", ss)
	real, arxiv, derived := 0, 0, 0
	titles := map[string]bool{}
	for i := 0; i < c.Len(); i++ {
		s := c.At(i)
		titles[s.Title] = true
		switch {
		case s.Paper != nil && s.Paper.Title != "":
			real++
			if s.Title != s.Paper.Title {
				t.Errorf("summary %d: title %q, sidecar says %q", s.N, s.Title, s.Paper.Title)
			}
		case s.Title == s.DerivedTitle && s.Title != "":
			derived++
		default:
			t.Errorf("summary %d: title %q is neither the sidecar's nor derived", s.N, s.Title)
		}
		if s.Paper != nil && s.Paper.Arxiv != "" {
			arxiv++
		}
		if s.DerivedTitle == "" {
			t.Errorf("summary %d: no derived title", s.N)
		}
	}
	// The sidecar knows nothing of summary 155 ("provenance": "unknown").
	if real != 163 || derived != 1 || c.At(154).Title != c.At(154).DerivedTitle || c.At(154).Paper != nil {
		t.Errorf("%d real titles and %d derived (summary 155: %q), want 163 and 1, summary 155", real, derived, c.At(154).Title)
	}
	if arxiv != 27 {
		t.Errorf("%d summaries with an arXiv id, want 27", arxiv)
	}
	if len(titles) != 164 {
		t.Errorf("%d distinct titles, want 164", len(titles))
	}
	s := c.At(2)
	if s.Title != "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity" ||
		s.Paper.Arxiv != "2101.03961" || s.Paper.Year != 2021 || s.Paper.Provenance != model.ProvenanceSource {
		t.Errorf("summary 3: %q %+v", s.Title, *s.Paper)
	}
	if a := c.At(0).Paper.Authors; len(a) != 5 || a[4] != "Serge Belongie" {
		t.Errorf("summary 1: authors %q", a)
	}
}

// sidecar builds a sidecar for the seed corpus from entries.
func sidecar(entries ...any) []byte {
	b, _ := json.Marshal(map[string]any{"format": 1, "corpus": "ml-paper-summaries.txt", "summaries": entries})
	return b
}

func seedHeads(t *testing.T) []string {
	ss := seedSummaries(t)
	h := make([]string, len(ss))
	for i := range ss {
		h[i] = model.Head(ss[i].Text)
	}
	return h
}

func TestSidecarWarnings(t *testing.T) {
	heads := seedHeads(t)
	const name = "dir/x.meta.json"
	entries := []any{
		map[string]any{"head": heads[2], "title": "Switch\x1b]52;c;aGk=\x07 Transformers", "arxiv": "2101.03961", "year": 2021},
		map[string]any{"head": heads[3], "title": "MnasNet", "year": "last year", "arxiv": "not-an-id", "url": "javascript:alert(1)"},
		map[string]any{"title": "no head"},
		42,
		map[string]any{"head": "No summary of the corpus starts like this at all, not one.", "title": "Nowhere"},
		map[string]any{"head": heads[5], "title": []string{"not", "a", "string"}},
	}
	ss := seedSummaries(t)
	warns := model.ApplyMeta(ss, sidecar(entries...), name)
	for _, w := range warns {
		if !strings.HasPrefix(w, name+": ") || strings.Contains(w, "\n") {
			t.Errorf("warning %q: want one line naming the file", w)
		}
	}
	joined := strings.Join(warns, "\n")
	for _, want := range []string{
		"entry 2", "year", "arxiv", "url", // malformed fields of entry 2
		"entry 3", "no \"head\"",
		"entry 4", "malformed", "expected an object, found number",
		"entry 5", "matches no summary",
		"entry 6",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if len(warns) != 7 {
		t.Errorf("%d warnings, want 7 (three fields of entry 2, entries 3, 4, 5, 6):\n%s", len(warns), joined)
	}
	if got := ss[2].Title; strings.ContainsAny(got, "\x1b\x07") || !strings.HasPrefix(got, "Switch") || !strings.HasSuffix(got, " Transformers") {
		t.Errorf("summary 3: title %q, want the sidecar's without control characters", got)
	}
	if p := ss[3].Paper; ss[3].Title != "MnasNet" || p.Year != 0 || p.Arxiv != "" || p.URL != "" {
		t.Errorf("summary 4: %q %+v: want the title kept and the malformed fields dropped", ss[3].Title, *p)
	}
	if ss[5].Paper != nil || ss[5].Title != "" {
		t.Errorf("summary 6: malformed entry applied: %q", ss[5].Title)
	}
	c := model.NewCorpus("x", ss)
	if c.At(5).Title != c.At(5).DerivedTitle {
		t.Errorf("summary 6: title %q, want the derived one", c.At(5).Title)
	}
}

func TestSidecarForAnotherCorpus(t *testing.T) {
	var entries []any
	for i := 0; i < 20; i++ {
		entries = append(entries, map[string]any{"head": "Another corpus entirely, summary number " + string(rune('A'+i)), "title": "T"})
	}
	heads := seedHeads(t)
	entries = append(entries, map[string]any{"head": heads[0], "title": "One that matches"})
	ss := seedSummaries(t)
	warns := model.ApplyMeta(ss, sidecar(entries...), "other.meta.json")
	if len(warns) != 1 || !strings.Contains(warns[0], "20 of 21 entries match no summary") || !strings.Contains(warns[0], "the 1 that match are used") || !strings.HasPrefix(warns[0], "other.meta.json: ") {
		t.Fatalf("warnings %q, want one saying most entries match nothing", warns)
	}
	// The entry that matches is that summary's: it is used.
	if ss[0].Title != "One that matches" {
		t.Errorf("summary 1: title %q, want the matching entry's", ss[0].Title)
	}
	for i := 1; i < len(ss); i++ {
		if ss[i].Title != "" || ss[i].Paper != nil {
			t.Fatalf("summary %d: an entry that matches nothing was applied", i+1)
		}
	}
	// None matching: not used at all, in one line.
	ss = seedSummaries(t)
	warns = model.ApplyMeta(ss, sidecar(entries[:20]...), "other.meta.json")
	if len(warns) != 1 || !strings.Contains(warns[0], "none of its 20 entries") || !strings.Contains(warns[0], "not used") {
		t.Fatalf("warnings %q, want one saying no entry matches", warns)
	}
}

func TestSidecarUnusable(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"not json", "not a metadata sidecar"},
		{`{"format": 1, "summaries": [`, "not a metadata sidecar"},
		{`{"summaries": []}`, `no "format"`},
		{`{"format": 2, "summaries": []}`, "format 2"},
		{`[1, 2]`, "not a metadata sidecar"},
		{`{"format": 1, "summaries": {"head": "x"}}`, "not a metadata sidecar"},
	} {
		ss := seedSummaries(t)
		warns := model.ApplyMeta(ss, []byte(c.data), "m.meta.json")
		if len(warns) != 1 || !strings.Contains(warns[0], c.want) || !strings.HasPrefix(warns[0], "m.meta.json: ") {
			t.Errorf("%q: warnings %q, want one line with %q", c.data, warns, c.want)
		}
		if ss[0].Paper != nil {
			t.Errorf("%q: applied", c.data)
		}
	}
}

func TestHead(t *testing.T) {
	s := strings.Repeat("é", 70)
	if h := model.Head(s); h != strings.Repeat("é", 60) {
		t.Errorf("Head counts bytes, not characters: %d runes", len([]rune(h)))
	}
	if h := model.Head("short"); h != "short" {
		t.Errorf("Head(short) = %q", h)
	}
}
