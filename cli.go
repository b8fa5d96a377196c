package main

import (
	"encoding/json"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"codeberg.org/precis/precis/model"
)

// version is set at build time with -ldflags "-X main.version=…"; when it
// is not, the module version from the build info is used.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// app holds what every command shares: the global flags, the streams and
// the corpus, loaded once on first use.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	corpusPaths []string
	style       string
	noMouse     bool

	corpus *model.Corpus
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr}
}

// loadCorpus returns the corpus the global flags name, loading it once.
func (a *app) loadCorpus() (*model.Corpus, error) {
	if a.corpus != nil {
		return a.corpus, nil
	}
	c, err := loadCorpus(a.corpusPaths, a.stdin, a.stderr)
	if err != nil {
		return nil, err
	}
	a.corpus = c
	return c, nil
}

func (a *app) execute(args []string) error {
	root := a.rootCommand()
	root.SetArgs(args)
	_, err := root.ExecuteC()
	return err
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "precis",
		Short: "A terminal reader for machine-learning paper summaries",
		Long: `precis is a terminal reader for a corpus of machine-learning paper summaries.
With no command it opens the interactive reader (on the embedded corpus unless
--corpus is given); when standard output is not a terminal it prints the list.

REF, where a command takes one, is a position n, an id, or a query whose best
hit is taken.`,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runReader(cmd)
		},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err}
	})
	pf := root.PersistentFlags()
	pf.StringArrayVar(&a.corpusPaths, "corpus", nil, "read summaries from `PATH` instead of the embedded corpus (repeatable; - is standard input)")
	pf.StringVar(&a.style, "style", "", "rendering style: dark, light, notty or a glamour style `PATH.json` (default: decided from the terminal)")
	root.Flags().BoolVar(&a.noMouse, "no-mouse", false, "do not capture the mouse (keeps the terminal's own text selection; the wheel then does not scroll)")
	root.AddCommand(
		a.listCommand(),
		a.showCommand(),
		a.searchCommand(),
		a.relatedCommand(),
		a.bookmarkCommand(),
		a.bookmarksCommand(),
	)
	return root
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.HasSubCommands() {
			return usagef("unknown command %q (see %s --help)", args[0], cmd.CommandPath())
		}
		return usagef("%s takes no arguments", cmd.CommandPath())
	}
	return nil
}

// exactArgs requires n positional arguments, named in the message.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s needs %s (see %s --help)", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
