package main

import (
	"bufio"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/model"
)

// openStore opens the user's store, showing its warnings (files moved
// aside) on stderr, one line each.
func (a *app) openStore() (*model.Store, error) {
	st, warnings, err := model.DefaultStore()
	a.warn(warnings)
	return st, err
}

func (a *app) warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "precis: warning: %s\n", oneLine(w))
	}
}

func (a *app) bookmarkCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bookmark add|rm REF...",
		Short: "Add or remove bookmarks",
		Long: `Add or remove bookmarks. REF is a position n, an id or a query whose best
hit is taken; rm also takes the id of a bookmark whose summary is no longer
in the corpus (see precis bookmarks --missing). Every REF is looked up
before anything changes.

Bookmarks are kept in $XDG_DATA_HOME/precis/bookmarks.json.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("bookmark needs add or rm (see precis bookmark --help)")
		},
	}
	cmd.AddCommand(a.bookmarkAddCommand(), a.bookmarkRmCommand())
	return cmd
}

// refArgs requires at least one positional argument, named in the message.
func refArgs(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("%s needs %s (see %s --help)", cmdName(cmd), what, cmd.CommandPath())
		}
		for _, a := range args {
			if strings.TrimSpace(a) == "" {
				return usagef("%s: an empty REF; give %s", cmdName(cmd), strings.TrimPrefix(what, "a REF: "))
			}
		}
		return nil
	}
}

func (a *app) bookmarkAddCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "add REF...",
		Short: "Bookmark summaries",
		Args:  refArgs("a REF: a position, an id or a query"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.loadCorpus()
			if err != nil {
				return err
			}
			c.ExpectQueries(args...)
			sums := make([]*model.Summary, len(args))
			for i, ref := range args {
				if sums[i], err = c.Resolve(ref); err != nil {
					return err
				}
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			for _, s := range sums {
				already := st.IsBookmarked(s.ID)
				err := st.AddBookmark(s)
				a.warn(st.TakeWarnings())
				if err != nil {
					return err
				}
				verb := "bookmarked"
				if already {
					verb = "already bookmarked"
				}
				if _, err := fmt.Fprintf(a.stdout, "%s: %d  %s  %s\n", verb, s.N, s.ID, s.Title); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func (a *app) bookmarkRmCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "rm REF...",
		Aliases: []string{"remove"},
		Short:   "Remove bookmarks",
		Args:    refArgs("a REF: a position, an id or a query"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			marks := st.Bookmarks()
			targets := make([]model.Bookmark, 0, len(args))
		refs:
			for _, ref := range args {
				ref = strings.TrimSpace(ref)
				// The id of a bookmark first: its summary may have left
				// the corpus.
				for _, b := range marks {
					if b.ID == ref {
						targets = append(targets, b)
						continue refs
					}
				}
				c, err := a.loadCorpus()
				if err != nil {
					return err
				}
				c.ExpectQueries(args...) // only the first call counts
				s, err := c.Resolve(ref)
				if err != nil {
					return err
				}
				if !st.IsBookmarked(s.ID) {
					return fmt.Errorf("summary %d (%s, %q) is not bookmarked", s.N, s.ID, s.Title)
				}
				targets = append(targets, model.Bookmark{ID: s.ID, Title: s.Title, N: s.N})
			}
			for _, b := range targets {
				_, err := st.RemoveBookmark(b.ID)
				a.warn(st.TakeWarnings())
				if err != nil {
					return err
				}
				if _, err := fmt.Fprintf(a.stdout, "removed bookmark: %s  %s\n", b.ID, b.Title); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// bookmarkRow is the JSON shape of a bookmark whose summary is in the
// corpus: the summary's row and when it was bookmarked.
type bookmarkRow struct {
	summaryRow
	Added time.Time `json:"added,omitzero"`
}

// missingBookmarkRow is the JSON shape of a bookmark whose summary is not
// in the corpus: n and title are what they were when it was bookmarked.
// missingBookmarkRow is a bookmark whose summary is not in the corpus:
// n is null (the position it had may now hold another summary) and was_n
// is that position.
type missingBookmarkRow struct {
	N       *int      `json:"n"`
	WasN    int       `json:"was_n"`
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Added   time.Time `json:"added,omitzero"`
	Missing bool      `json:"missing"`
}

func (a *app) bookmarksCommand() *cobra.Command {
	var asJSON, asMarkdown, onlyMissing bool
	cmd := &cobra.Command{
		Use:                   "bookmarks [--json|--markdown] [--missing]",
		DisableFlagsInUseLine: true,
		Short:                 "List the bookmarked summaries",
		Long: `List the bookmarked summaries: those in the corpus first, in the order they
were bookmarked, then those whose summary is no longer in the corpus
(missing), with the position and title they had.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asMarkdown {
				return usagef("bookmarks takes --json or --markdown, not both")
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			c, err := a.loadCorpus()
			if err != nil {
				return err
			}
			present, missing := model.ResolveBookmarks(c, st.Bookmarks())
			if onlyMissing {
				present = nil
			}
			switch {
			case asJSON:
				rows := make([]any, 0, len(present)+len(missing))
				for _, p := range present {
					rows = append(rows, bookmarkRow{newSummaryRow(p.Summary), p.Added})
				}
				for _, m := range missing {
					rows = append(rows, missingBookmarkRow{nil, m.N, m.ID, m.Title, m.Added, true})
				}
				return writeJSON(a.stdout, rows)
			case asMarkdown:
				return writeReadingList(a, c, present, missing, onlyMissing)
			}
			if len(present)+len(missing) == 0 {
				if onlyMissing {
					fmt.Fprintln(a.stderr, "precis: no missing bookmarks: every bookmarked summary is in the corpus")
				} else {
					fmt.Fprintln(a.stderr, "precis: no bookmarks yet (add one with: precis bookmark add REF)")
				}
				return nil
			}
			w := bufio.NewWriter(a.stdout)
			for _, p := range present {
				fmt.Fprintf(w, "%4d  %s  %s\n", p.Summary.N, p.Summary.ID, p.Summary.Title)
			}
			for _, m := range missing {
				fmt.Fprintf(w, "   -  %s  %s  (missing: not in the corpus; was %d)\n", m.ID, m.Title, m.N)
			}
			return w.Flush()
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, `print a JSON array of {n, id, title, added, …}; "missing": true marks a bookmark whose summary is not in the corpus (its n is null, was_n the position it had)`)
	f.BoolVar(&asMarkdown, "markdown", false, "print a reading list in markdown: titles, first sentence, position, id")
	f.BoolVar(&onlyMissing, "missing", false, "list only the bookmarks whose summary is not in the corpus")
	return cmd
}

// writeReadingList prints the bookmarks as a markdown reading list.
func writeReadingList(a *app, c *model.Corpus, present []model.ResolvedBookmark, missing []model.Bookmark, onlyMissing bool) error {
	w := bufio.NewWriter(a.stdout)
	if !onlyMissing {
		fmt.Fprintf(w, "# Reading list\n\n")
		if len(present) == 0 {
			if len(missing) > 0 {
				fmt.Fprintf(w, "None of the bookmarks is in this corpus.\n\n")
			} else {
				fmt.Fprintf(w, "No bookmarks yet.\n")
			}
		}
		for i, p := range present {
			s := p.Summary
			fmt.Fprintf(w, "%d. **%s** (#%d, `%s`)\n", i+1, model.EscapeMarkdown(s.Title), s.N, s.ID)
			if first := firstSentence(s.Text); first != "" {
				fmt.Fprintf(w, "\n   %s\n", first)
			}
			fmt.Fprintln(w)
		}
	}
	if len(missing) > 0 || onlyMissing {
		if !onlyMissing {
			fmt.Fprintf(w, "## Missing from the corpus\n\n")
		} else {
			fmt.Fprintf(w, "# Bookmarks missing from the corpus\n\n")
		}
		fmt.Fprintf(w, "These summaries are not in %s; shown with the title and position they had.\n\n", model.EscapeMarkdown(c.Name))
		for _, m := range missing {
			fmt.Fprintf(w, "- **%s** (was #%d, `%s`)\n", model.EscapeMarkdown(m.Title), m.N, m.ID)
		}
		if len(missing) == 0 {
			fmt.Fprintf(w, "None.\n")
		}
	}
	return w.Flush()
}

// maxSentence is how many characters of a first sentence are shown.
const maxSentence = 300

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"e.g.": true, "i.e.": true, "et al.": true, "al.": true, "etc.": true, "vs.": true,
	"fig.": true, "eq.": true, "approx.": true, "cf.": true, "resp.": true, "no.": true,
	"dr.": true, "mr.": true, "ms.": true, "prof.": true, "sec.": true, "ref.": true,
}

// firstSentence returns the first sentence of a summary's text (of its
// first paragraph), shortened to about maxSentence characters.
func firstSentence(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	end := len(text)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		// Closing quotes, brackets and emphasis belong to the sentence.
		for j < len(text) {
			r, w := utf8.DecodeRuneInString(text[j:])
			if !strings.ContainsRune(`"')]*”’`, r) {
				break
			}
			j += w
		}
		if j < len(text) && text[j] != ' ' {
			continue
		}
		k := j
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k < len(text) {
			r, _ := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"'“‘(*[`, r) {
				continue
			}
		}
		if c == '.' && isAbbreviation(text[:i+1]) {
			continue
		}
		end = j
		break
	}
	s := strings.TrimSpace(text[:end])
	if utf8.RuneCountInString(s) > maxSentence {
		runes := 0
		for n := range s {
			if runes == maxSentence {
				s = s[:n]
				break
			}
			runes++
		}
		if sp := strings.LastIndexByte(s, ' '); sp > maxSentence/2 {
			s = s[:sp]
		}
		s = strings.TrimRight(s, " ,;:") + "…"
	}
	return s
}

// isAbbreviation reports whether text ends in an abbreviation or an
// initial (a single letter followed by a full stop).
func isAbbreviation(text string) bool {
	lower := strings.ToLower(text)
	for a := range abbreviations {
		if strings.HasSuffix(lower, a) && (len(lower) == len(a) || !isLetter(lower[len(lower)-len(a)-1])) {
			return true
		}
	}
	// "J. Smith", "U.S. Army": a lone letter before the stop.
	if len(text) >= 2 && isLetter(text[len(text)-2]) && (len(text) == 2 || !isLetter(text[len(text)-3])) {
		return true
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
