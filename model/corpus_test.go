package model_test

import (
	"testing"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
)

// TestNewTitledCorpusKeepsTitles checks that NewCorpus derives titles and
// NewTitledCorpus keeps the ones it is given, and that both number the
// summaries, give them ids and show the derived title where there is no
// other.
func TestNewTitledCorpusKeepsTitles(t *testing.T) {
	derived := seedSummaries(t)
	parse.DeriveTitles(derived)
	given := seedSummaries(t)
	for i := range given {
		given[i].DerivedTitle = "given " + derived[i].DerivedTitle
	}
	c := model.NewCorpus("a", seedSummaries(t))
	tc := model.NewTitledCorpus("b", given)
	if c.Len() != len(derived) || tc.Len() != len(derived) {
		t.Fatalf("%d and %d summaries, want %d", c.Len(), tc.Len(), len(derived))
	}
	for i := range derived {
		s, ts := c.At(i), tc.At(i)
		if s.DerivedTitle != derived[i].DerivedTitle {
			t.Fatalf("NewCorpus, summary %d: derived %q, want %q", i+1, s.DerivedTitle, derived[i].DerivedTitle)
		}
		if ts.DerivedTitle != "given "+derived[i].DerivedTitle || ts.Title != ts.DerivedTitle {
			t.Fatalf("NewTitledCorpus, summary %d: derived %q, title %q; want the given title for both", i+1, ts.DerivedTitle, ts.Title)
		}
		if s.N != i+1 || ts.N != i+1 || s.ID == "" || s.ID != ts.ID {
			t.Fatalf("summary %d: n %d and %d, ids %q and %q", i+1, s.N, ts.N, s.ID, ts.ID)
		}
	}
}
