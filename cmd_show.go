package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/ui"
)

func (a *app) showCommand() *cobra.Command {
	var asJSON, plain bool
	var width int
	cmd := &cobra.Command{
		Use:   "show [--json|--plain] REF",
		Short: "Print a summary, rendered as markdown",
		Args:  exactArgs(1, "a REF: a position, an id or a query"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && plain {
				return usagef("show takes --json or --plain, not both")
			}
			c, err := a.loadCorpus()
			if err != nil {
				return err
			}
			s, err := c.Resolve(args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					summaryRow
					Text     string `json:"text"`
					Markdown string `json:"markdown"`
				}{newSummaryRow(s), s.Text, s.Document()})
			}
			style := a.resolveStyle()
			if plain {
				style = "notty"
			}
			if width <= 0 {
				width = terminalWidth(a.stdout, 80)
			}
			out, err := ui.RenderMarkdown(s.Document(), width, style)
			if err != nil {
				return err
			}
			if plain || style == "notty" {
				out = sanitize.StripANSI(out)
			}
			out = strings.TrimRight(out, "\n") + "\n"
			_, err = fmt.Fprint(a.stdout, out)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as a JSON object")
	cmd.Flags().BoolVar(&plain, "plain", false, "print plain text, without escape sequences")
	cmd.Flags().IntVarP(&width, "width", "w", 0, "wrap at `N` columns (default: the terminal's width, or 80)")
	return cmd
}
