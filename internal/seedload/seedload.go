// Package seedload parses the embedded corpus while the program starts.
// Import it from package main only.
//
// Before main runs, Go initializes every package the program imports,
// one after another on one core: on the 2-core VM precis is measured on,
// that is most of what `precis list` on the embedded corpus takes (chroma
// alone, which glamour imports to colour code, decodes the XML of some
// 250 lexers and 70 styles). Parsing the embedded corpus and deriving its
// titles took a further 5 to 8 ms after that.
//
// Go initializes a package once all its imports are, in import-path
// order where it has a choice. This package imports only parse, seeds
// and internal/background, which import only the standard library and
// packages of precis's own that import no libraries, and its path sorts
// before every library's, so its init runs before the heavy libraries'
// (TestSeedloadInitsEarly in package main checks it). The init starts a
// goroutine that parses and titles the embedded corpus, which the other
// core does while the libraries initialize; Summaries hands the result
// to main.
//
// The work is skipped when the command line names a corpus with
// --corpus, and for the commands that read no corpus: help, --version
// and shell completion (it would be a few milliseconds of the other
// core that nobody waits for). Should it be skipped wrongly, Summaries
// parses on the spot.
//
// A panic in the parse (the parser's workers raise theirs in the
// goroutine that waits for them) is caught, and Summaries then parses
// again, in the caller's goroutine, where the program's crash handling
// reports it.
package seedload

import (
	"os"
	"strings"

	"codeberg.org/precis/precis/internal/background"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// Name is what the embedded corpus is called in messages and in the
// summaries' Source.
const Name = seeds.Name + " (embedded)"

// result is one parse of the embedded corpus.
type result struct {
	ss       []parse.Summary
	warnings []parse.Warning
	err      error
}

// job is the parse init started, until Summaries takes it.
var job background.Job[result]

// reads is readsSeed of the command line, as init found it.
var reads bool

func init() {
	reads = readsSeed(os.Args[1:])
	if reads {
		job.Start(load)
	}
}

// ReadsSeed reports whether the command line may read the embedded
// corpus, as init judged it: no --corpus, no help, version or shell
// completion. It says whether preloading is worth it, nothing more.
func ReadsSeed() bool { return reads }

// readsSeed reports whether the command-line arguments may read the
// embedded corpus: they give no --corpus (as "--corpus PATH" or
// "--corpus=PATH") and ask for no help, version or shell completion.
func readsSeed(args []string) bool {
	if len(args) > 0 {
		switch args[0] {
		case "help", "completion", "__complete", "__completeNoDesc":
			return false
		}
	}
	for _, a := range args {
		switch {
		case a == "--":
			return true
		case a == "--corpus" || strings.HasPrefix(a, "--corpus="),
			a == "-h" || a == "--help" || a == "--version":
			return false
		}
	}
	return true
}

// load parses the embedded corpus and derives its titles.
func load() result {
	ss, warnings, err := parse.Bytes(seeds.Corpus, Name)
	if err == nil {
		parse.DeriveTitles(ss)
	}
	return result{ss: ss, warnings: warnings, err: err}
}

// Summaries returns the summaries of the embedded corpus, their titles
// derived, and the parser's warnings. The first call takes what init
// started, waiting for it if need be; any other parses anew. The
// summaries are the caller's.
func Summaries() ([]parse.Summary, []parse.Warning, error) {
	r, ok := job.Take()
	if !ok {
		r = load()
	}
	return r.ss, r.warnings, r.err
}
