package main

import (
	"fmt"
	"strings"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/ui"
)

func (a *app) showCommand() *cobra.Command {
	var asJSON, plain bool
	var width int
	cmd := &cobra.Command{
		Use:   "show [--json|--plain] [-w N] REF",
		Short: "Print a summary, rendered as markdown",
		Long: `Print the summary REF names, rendered as markdown: its title, the authors,
year and links where the metadata knows them, then the text, with its lists,
emphasis and figures. REF is a position n (as precis list numbers them), an id
(as list prints it), or a query whose best hit is taken (as precis search
would rank it first); quote a query of several words.

On a terminal the summary is styled (see --style) and wrapped at the
terminal's width. --plain prints plain text without any escape sequence,
as is printed with --style notty, or when standard output is not a
terminal, NO_COLOR is set or TERM is dumb. --json prints an array of one object
{n, id, title, …, text, markdown}.

Exit status: 0 when the summary is printed; 1 when REF names no summary or
the corpus cannot be read; 2 on a usage error.`,
		DisableFlagsInUseLine: true,
		Args:                  oneRef,
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && plain {
				return usagef("show takes --json or --plain, not both")
			}
			if width < 0 {
				return usagef("--width must be 0 (the terminal's) or more, not %d", width)
			}
			_, s, err := a.loadAndResolve(args[0])
			if err != nil {
				return err
			}
			if asJSON {
				// An array, like every JSON output: of one object here.
				type shown struct {
					summaryRow
					Text     string `json:"text"`
					Markdown string `json:"markdown"`
				}
				return writeJSON(a.stdout, []shown{{newSummaryRow(s), s.Text, model.Document(s)}})
			}
			if width <= 0 {
				width = terminalWidth(a.stdout, 80)
			}
			// Plain when asked, and for the notty style (asked for, or chosen
			// because the output is not a terminal or NO_COLOR is set): text
			// for pipes and files, no escapes.
			style := a.resolveStyle()
			if plain || style == "notty" {
				out, err := plainDocument(s, width)
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(a.stdout, out)
				return err
			}
			out, err := ui.RenderMarkdown(model.DocumentShown(s), width, style)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, strings.TrimRight(out, "\n")+"\n")
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as a JSON array of one object {n, id, title, …, text, markdown}")
	cmd.Flags().BoolVar(&plain, "plain", false, "print plain text, without escape sequences")
	cmd.Flags().IntVarP(&width, "width", "w", 0, "wrap at `N` columns (default: the terminal's width, or 80)")
	return cmd
}

// plainDocument is a summary as plain text: the title first, then the
// rest of the document rendered without colour or markdown marks, all
// wrapped at width (a word longer than that, a URL, is not cut), without
// glamour's margins and padding, and with no escape sequence at all.
func plainDocument(s *model.Summary, width int) (string, error) {
	doc := model.DocumentPlain(s)
	if strings.HasPrefix(doc, "# ") {
		if _, rest, ok := strings.Cut(doc, "\n"); ok {
			doc = rest
		}
	}
	// Unwrapped, then wrapped here at spaces only: glamour would cut a
	// URL longer than the width at a dot.
	out, err := ui.RenderMarkdown(doc, 0, ui.PlainStyle)
	if err != nil {
		return "", err
	}
	var lines []string
	blank := true // no blank line first
	for _, l := range strings.Split(sanitize.StripANSI(out), "\n") {
		l = strings.TrimPrefix(strings.TrimRight(l, " "), "  ")
		if l == "" && blank {
			continue // one blank line between blocks, never two
		}
		blank = l == ""
		lines = append(lines, wrapWords(l, max(1, width)))
	}
	body := strings.Trim(strings.Join(lines, "\n"), "\n")
	title := wrapWords(sanitize.Text(s.Title), max(1, width))
	return title + "\n\n" + body + "\n", nil
}

// wrapWords wraps plain text at spaces into lines of at most width
// columns; a word wider than that (a URL) has a line of its own, whole.
func wrapWords(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s) {
		ww := xansi.StringWidth(w)
		switch {
		case col == 0:
		case col+1+ww > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += ww
	}
	return b.String()
}
