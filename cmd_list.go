package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/model"
)

// summaryRow is the JSON shape of a summary in every command's output.
type summaryRow struct {
	N            int      `json:"n"`
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	DerivedTitle string   `json:"derived_title"`
	Arxiv        string   `json:"arxiv,omitempty"`
	Year         int      `json:"year,omitempty"`
	Authors      []string `json:"authors,omitempty"`
	URL          string   `json:"url,omitempty"`
	Comments     int      `json:"comments,omitempty"`
}

func newSummaryRow(s *model.Summary) summaryRow {
	r := summaryRow{N: s.N, ID: s.ID, Title: s.Title, DerivedTitle: s.DerivedTitle, Comments: s.Comments}
	if p := s.Paper; p != nil {
		r.Arxiv, r.Year, r.Authors, r.URL = p.Arxiv, p.Year, p.Authors, p.URL
	}
	return r
}

func (a *app) listCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:                   "list [--json]",
		Short:                 "Print every summary: n, id, title",
		DisableFlagsInUseLine: true,
		Args:                  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadCorpus()
			if err != nil {
				return err
			}
			if asJSON {
				rows := make([]summaryRow, c.Len())
				for i := range rows {
					rows[i] = newSummaryRow(c.At(i))
				}
				return writeJSON(a.stdout, rows)
			}
			return printList(a, c)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {n, id, title, …}")
	return cmd
}

// printList writes one line per summary: position, id and title.
func printList(a *app, c *model.Corpus) error {
	w := bufio.NewWriterSize(a.stdout, 64<<10)
	for i := 0; i < c.Len(); i++ {
		s := c.At(i)
		fmt.Fprintf(w, "%4d  %s  %s\n", s.N, s.ID, s.Title)
	}
	return w.Flush()
}
