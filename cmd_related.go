package main

import (
	"bufio"
	"fmt"
	"math"

	"github.com/spf13/cobra"
)

// relatedRow is the JSON shape of a related summary.
type relatedRow struct {
	N      int     `json:"n"`
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Score  float64 `json:"score"`
	Reason string  `json:"reason"`
}

func (a *app) relatedCommand() *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "related [--json] [-n K] REF",
		Short: "List the summaries most related to one, best first",
		Long: `List the summaries most related to the one REF names (a position n, an id,
or a query whose best hit is taken), best first.

Explicit links rank first: a summary that says it builds on another ("builds
on my summary of NERFs", "the one I discussed yesterday") or names the method
another is about ("a pretrained BERT"), either way round. Then summaries
alike in content: the terms that weigh most in both, with method names
weighted up and the corpus's most common words left out.

Each summary is printed on one line: n, id, score, title and why it is
related ("builds on NeRF", "shares: contrastive, augmentation, SimCLR").
--json prints an array of {n, id, title, score, reason}.`,
		DisableFlagsInUseLine: true,
		Args:                  oneRef,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 {
				return usagef("-n must be 1 or more, not %d", limit)
			}
			c, s, err := a.loadAndResolve(args[0])
			if err != nil {
				return err
			}
			if a.cache != nil {
				a.cache.loadRelated(c)
			}
			rel := c.Related(c.Index(s), limit)
			rows := make([]relatedRow, len(rel))
			for i, r := range rel {
				t := c.At(r.Index)
				rows[i] = relatedRow{N: t.N, ID: t.ID, Title: t.Title, Score: math.Round(r.Score*1000) / 1000, Reason: r.Reason}
			}
			if asJSON {
				err = writeJSON(a.stdout, rows)
			} else {
				w := bufio.NewWriter(a.stdout)
				for _, r := range rows {
					fmt.Fprintf(w, "%4d  %s  %5.3f  %s  (%s)\n", r.N, r.ID, r.Score, r.Title, r.Reason)
				}
				err = w.Flush()
			}
			// The index took seconds to build: keep it for the next
			// time, once the answer is out.
			if a.cache != nil {
				a.cache.storeRelated(c)
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {n, id, title, score, reason}")
	cmd.Flags().IntVarP(&limit, "n", "n", 10, "list at most `K` summaries")
	return cmd
}
