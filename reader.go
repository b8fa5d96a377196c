package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"codeberg.org/precis/precis/internal/hugeheap"
	"codeberg.org/precis/precis/internal/quickstart"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/ui"
)

// runReader starts the interactive reader, or prints the list when
// standard output is not a terminal.
func (a *app) runReader(cmd *cobra.Command) error {
	// A pipe, or a terminal that cannot address the cursor: the list.
	if !isTerminal(a.stdout) || os.Getenv("TERM") == "dumb" {
		c, err := a.loadCorpus()
		if err != nil {
			return err
		}
		return printList(a, c)
	}
	opts := ui.Options{Style: a.resolveStyle()}
	// The user's data: without it the reader still opens, keeps changes
	// in memory and says why in its status line.
	store, warnings, err := model.DefaultStore()
	opts.Warnings = warnings
	if err != nil {
		opts.Warnings = append(opts.Warnings, "bookmarks are not saved this session: "+err.Error())
	} else {
		opts.Store = store
	}
	// The reader runs for a while: give the collector its usual pacing.
	// For a large corpus the first collection waits for the load: its
	// huge-page reservation (internal/hugeheap) makes it, after its
	// allocations, or where there is none, the reader before building
	// its index. Collecting now would free the ballast's memory first,
	// which the reservation would then take, and clear at the cost of a
	// page fault per page (up to 150 ms at 100k).
	if corpusBytes(a.corpusPaths) < hugeheap.MinCorpus {
		quickstart.Settle()
	}
	run := ui.RunOptions{Options: opts, Mouse: !a.noMouse, In: a.stdin, Out: a.stdout, Err: a.stderr}
	if f, ok := a.stdin.(*os.File); ok && !term.IsTerminal(int(f.Fd())) {
		// Standard input is a pipe or a file (it may have been the
		// corpus): Bubble Tea reads the keys from the terminal itself.
		run.In = nil
	}
	if corpusBytes(a.corpusPaths) < progressiveLoad {
		c, err := a.loadCorpus()
		if err != nil {
			return err
		}
		return ui.Run(c, run)
	}
	// A large corpus: the reader appears at once and fills in.
	run.Name = corpusSource{path: a.corpusPaths[0]}.name()
	if len(a.corpusPaths) > 1 {
		run.Name += fmt.Sprintf(" and %d more", len(a.corpusPaths)-1)
	}
	// The titles and indexes of a large corpus file are kept for the
	// next run, once built.
	cache := newCorpusCache(a.corpusPaths, a.noCache)
	if cache != nil {
		run.Indexed = cache.store
		run.RelatedIndexed = cache.storeRelated
	}
	run.Load = func(progress func(string)) (*model.Corpus, []string, error) {
		var warnings []string
		c, err := loadCorpusProgress(a.corpusPaths, a.stdin, func(w string) { warnings = append(warnings, w) }, progress, cache)
		if err == nil && cache != nil {
			cache.loadRelated(c)
		}
		return c, warnings, err
	}
	return ui.Run(nil, run)
}

// progressiveLoad is the corpus size from which the reader shows a
// loading screen rather than loading before it starts.
const progressiveLoad = 32 << 20

// corpusBytes is the total size of the corpus files (0 for the embedded
// corpus and standard input, which load before the reader starts).
func corpusBytes(paths []string) int64 {
	var n int64
	for _, p := range paths {
		if p == "-" {
			return 0
		}
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
	}
	return n
}
