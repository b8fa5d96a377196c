package ui

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// seen reads out until re matches (keeping what follows the match in
// carry for the next wait) or d passes.
func seen(out io.Reader, carry *[]byte, re *regexp.Regexp, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		b, _ := io.ReadAll(out)
		*carry = append(*carry, b...)
		if loc := re.FindIndex(*carry); loc != nil {
			*carry = (*carry)[loc[1]:]
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// TestJourney drives the whole program as a person would: filter, open,
// scroll, back out, quit.
func TestJourney(t *testing.T) {
	m := New(corpus(t), Options{Style: "notty"})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	// Output read past a match is kept for the next wait: frames can come
	// faster than the checks, and one read can hold several of them.
	var carry []byte
	waitFor := func(what string) {
		t.Helper()
		t.Log("waiting for", what)
		re := regexp.MustCompile(what)
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			all := append(append([]byte(nil), carry...), b...)
			loc := re.FindIndex(all)
			if loc == nil {
				return false
			}
			carry = all[loc[1]:]
			return true
		}, teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("164 summaries")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
	tm.Type("mnasnet")
	waitFor("[0-9]+/164")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor("4 of 164 · 0%") // rendered: the status shows how far down
	// A page down pressed while the summary is still rendering moves
	// nothing (there is nothing to move yet): press it again, as a person
	// would, until the page moves.
	scrolled := regexp.MustCompile("4 of 164 · [1-9][0-9]*%")
	for try := 0; ; try++ {
		tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		if seen(tm.Output(), &carry, scrolled, 2*time.Second) {
			if try > 0 {
				t.Logf("page down moved the summary at try %d", try+1)
			}
			break
		}
		if try == 10 {
			t.Fatal("page down never moved the summary")
		}
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor("164 summaries")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	final := tm.FinalModel(t).(*Model)
	if final.focus != paneList || final.filterQuery != "" {
		t.Fatalf("after esc esc: focus %v, filter %q; want the full list", final.focus, final.filterQuery)
	}
	if final.reader.idx != 3 {
		t.Fatalf("the reader holds %d, want summary 4 (MnasNet)", final.reader.idx+1)
	}
	if got := final.store.Scroll(final.corpus.At(3).ID); got == 0 {
		t.Fatal("the scroll position was not kept when backing out")
	}
	if !strings.Contains(final.corpus.At(3).Text, "MNasNet") && !strings.Contains(final.corpus.At(3).Text, "MnasNet") {
		t.Fatal("summary 4 is not the MnasNet summary")
	}
}
