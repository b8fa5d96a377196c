package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/ui"
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
	noCache     bool

	corpus *model.Corpus
	cache  *corpusCache // the corpus's cache, nil when it has none
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr}
}

// loadCorpus returns the corpus the global flags name, loading it once.
func (a *app) loadCorpus() (*model.Corpus, error) {
	if a.corpus != nil {
		return a.corpus, nil
	}
	a.cache = newCorpusCache(a.corpusPaths, a.noCache)
	c, err := loadCorpus(a.corpusPaths, a.stdin, a.stderr, a.cache)
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
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{flagError(cmd, err)}
	})
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return a.checkFlags() }
	pf := root.PersistentFlags()
	pf.StringArrayVar(&a.corpusPaths, "corpus", nil, "read summaries from `PATH` instead of the embedded corpus (repeatable; - is standard input)")
	pf.StringVar(&a.style, "style", "", "rendering style: dark, light, notty or a glamour style `PATH.json` (default: decided from the terminal)")
	// Persistent so that it may come anywhere ("precis --no-mouse list"),
	// like the other global flags, though only the reader uses it.
	pf.BoolVar(&a.noMouse, "no-mouse", false, "in the interactive reader, do not capture the mouse (keeps the terminal's own text selection; the wheel then does not scroll); other commands ignore it")
	pf.BoolVar(&a.noCache, "no-cache", false, "neither read nor write the index caches of a large corpus file (under $XDG_CACHE_HOME/precis)")
	root.AddCommand(
		a.listCommand(),
		a.showCommand(),
		a.searchCommand(),
		a.relatedCommand(),
		a.bookmarkCommand(),
		a.bookmarksCommand(),
	)
	// An unknown shell is a usage error, not the completion help.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = noArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if err := noArgs(cmd, args); err != nil {
					return err
				}
				return cmd.Help()
			}
		}
	}
	return root
}

// cmdName is how a usage message names cmd: its path without the program
// name, which every message already starts with ("precis: search needs
// …"), or the program name for the root command.
func cmdName(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return cmd.Name()
	}
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.HasSubCommands() {
			return usagef("unknown command %q (see %s --help)", args[0], cmd.CommandPath())
		}
		return usagef("%s takes no arguments (see %s --help)", cmdName(cmd), cmd.CommandPath())
	}
	return nil
}

// flagError rewrites an error from parsing cmd's flags as one clear line
// in the words of the command line, without Go's internals
// ("strconv.ParseInt: parsing …").
func flagError(cmd *cobra.Command, err error) error {
	see := fmt.Sprintf(" (see %s --help)", cmd.CommandPath())
	var inv *pflag.InvalidValueError
	var req *pflag.ValueRequiredError
	var unknown *pflag.NotExistError
	switch {
	case errors.As(err, &inv):
		f := inv.GetFlag()
		why := "not a valid " + f.Value.Type()
		switch f.Value.Type() {
		case "int", "int64", "int32", "uint", "uint64":
			why = "not a whole number"
			if errors.Is(err, strconv.ErrRange) {
				why = "too large"
			}
		case "bool":
			why = "not true or false"
		}
		return fmt.Errorf("invalid value %s for %s: %s%s", strconv.Quote(clip(inv.GetValue(), 60)), flagName(f), why, see)
	case errors.As(err, &req):
		return fmt.Errorf("%s needs a value%s", flagName(req.GetFlag()), see)
	case errors.As(err, &unknown):
		what := "--" + unknown.GetSpecifiedName()
		if group := unknown.GetSpecifiedShortnames(); group != "" {
			what = "-" + unknown.GetSpecifiedName()
			if group != unknown.GetSpecifiedName() {
				what += " in -" + group
			}
		}
		return fmt.Errorf("unknown flag: %s%s", clip(what, 60), see)
	}
	return fmt.Errorf("%s%s", clip(err.Error(), 120), see)
}

// flagName is how a message names f: -n for a one-letter flag, --width
// (not "-w, --width") for others.
func flagName(f *pflag.Flag) string {
	if len(f.Name) == 1 {
		return "-" + f.Name
	}
	return "--" + f.Name
}

// checkFlags rejects values of the global flags that cannot work, as
// usage errors, before any command runs.
func (a *app) checkFlags() error {
	stdin := 0
	for _, p := range a.corpusPaths {
		if strings.TrimSpace(p) == "" {
			return usagef("--corpus needs a PATH (or - for standard input)")
		}
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usagef("--corpus - (standard input) can be given once: standard input is read once")
	}
	switch a.style {
	case "", "dark", "light", "notty":
	default:
		why := "is none of these"
		fi, err := os.Stat(a.style)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why = "is no such file"
		case err == nil && fi.IsDir():
			why = "is a directory"
		}
		if err != nil || fi.IsDir() {
			return usagef("--style must be dark, light, notty or a glamour style file; %s %s", strconv.Quote(clip(a.style, 60)), why)
		}
		// A file: it must be a style glamour can render with.
		if _, err := ui.RenderMarkdown("# precis", 20, a.style); err != nil {
			return usagef("--style %s is not a glamour style: %s", strconv.Quote(clip(a.style, 60)), clip(sanitize.Text(err.Error()), 120))
		}
	}
	return nil
}

// loadAndResolve loads the corpus and finds the summary ref names.
func (a *app) loadAndResolve(ref string) (*model.Corpus, *model.Summary, error) {
	c, err := a.loadCorpus()
	if err != nil {
		return nil, nil, err
	}
	c.ExpectQueries(ref) // a one-shot process: index what ref can match
	s, err := c.Resolve(ref)
	return c, s, err
}

// oneRef requires exactly one REF, not blank.
func oneRef(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0 || len(args) == 1 && strings.TrimSpace(args[0]) == "":
		return usagef("%s needs a REF: a position, an id or a query (see %s --help)", cmdName(cmd), cmd.CommandPath())
	case len(args) > 1:
		return usagef("%s takes one REF, not %d arguments; quote a query of several words: %s %s",
			cmdName(cmd), len(args), cmd.CommandPath(), strconv.Quote(clip(strings.Join(args, " "), 60)))
	}
	return nil
}

// clip shortens s to at most n runes for a message, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
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
