package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/model"
)

// searchRow is the JSON shape of a search hit.
type searchRow struct {
	N       int     `json:"n"`
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"`
}

func (a *app) searchCommand() *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "search [--json] [-n K] QUERY...",
		Short: "Rank the summaries for a query, best first",
		Long: `Rank the summaries for a query, best first. The words of QUERY (several
arguments are joined with spaces) must all match, in any order and any case,
in the text, the title or the authors. A word also matches the start of a
term, with one letter wrong, missing, added or swapped (cylcegan), and across
separators (vq-vae, vq vae and vqvae are alike). Names and rare terms weigh
most, and a summary that repeats them ranks above one that mentions them once.

fzf's extended syntax works: 'word matches exactly, ^word the start of the
title or text, word$ its end, !word excludes.

Each hit is printed on one line: n, id, title and a snippet of the text around
the match; on a terminal the matched letters are bold. --json prints an array
of {n, id, title, score, snippet}.

Exit status: 0 with hits; 1 when nothing matches (with the message "no summary
matches QUERY" on standard error, and [] with --json); 2 on a usage error.`,
		DisableFlagsInUseLine: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(strings.Join(args, " ")) == "" {
				return usagef("%s needs a QUERY (see %s --help)", cmdName(cmd), cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("-n must be 0 (every hit) or more, not %d", limit)
			}
			c, err := a.loadCorpus()
			if err != nil {
				return err
			}
			query := strings.Join(args, " ")
			// One query, then exit: index only the terms it can match.
			c.ExpectQueries(query)
			hits := c.Search(query, limit)
			if len(hits) > model.DecorateMax {
				// Every hit: Search marked the best ones only.
				c.Decorate(query, hits[model.DecorateMax:])
			}
			if asJSON {
				rows := make([]searchRow, len(hits))
				for i, h := range hits {
					s := c.At(h.Index)
					rows[i] = searchRow{N: s.N, ID: s.ID, Title: s.Title, Score: round3(h.Score), Snippet: h.Marks.Snippet}
				}
				if err := writeJSON(a.stdout, rows); err != nil {
					return err
				}
			} else if err := printHits(a.stdout, c, hits, isTerminal(a.stdout)); err != nil {
				return err
			}
			if len(hits) == 0 {
				return fmt.Errorf("no summary matches %s", strconv.Quote(clip(query, 60)))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {n, id, title, score, snippet}")
	cmd.Flags().IntVarP(&limit, "n", "n", 10, "print at most `K` hits (0: every hit)")
	return cmd
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}

// printHits writes one line per hit: n, id, title and snippet, the
// matched letters in bold when bold is set.
func printHits(out io.Writer, c *model.Corpus, hits []model.Hit, bold bool) error {
	w := bufio.NewWriterSize(out, 64<<10)
	for _, h := range hits {
		s := c.At(h.Index)
		fmt.Fprintf(w, "%4d  %s  ", s.N, s.ID)
		m := h.Marks
		writeMarked(w, s.Title, m.TitleMatches, bold)
		if m.Snippet != "" {
			w.WriteString("  \u2014 ")
			writeMarked(w, m.Snippet, m.SnippetMatches, bold)
		}
		w.WriteByte('\n')
	}
	return w.Flush()
}

// writeMarked writes s on one line with the runes at the indexes marks
// (ascending) in bold when bold is set. Control characters become
// spaces, so nothing but the bold SGR reaches the terminal.
func writeMarked(w *bufio.Writer, s string, marks []int, bold bool) {
	on := false
	k := 0
	i := 0
	for _, r := range s {
		m := false
		for k < len(marks) && marks[k] < i {
			k++
		}
		if k < len(marks) && marks[k] == i {
			m = true
		}
		if bold && m != on {
			if m {
				w.WriteString("\x1b[1m")
			} else {
				w.WriteString("\x1b[22m")
			}
			on = m
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			r = ' '
		}
		w.WriteRune(r)
		i++
	}
	if on {
		w.WriteString("\x1b[22m")
	}
}
