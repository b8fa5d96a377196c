// Package seedmeta parses the embedded corpus's metadata sidecar while
// the program starts. Import it from package main only.
//
// Reading the sidecar (JSON, checked entry by entry) was the last thing
// `precis list` did on the embedded corpus before printing: 1 to 2 ms,
// some 3% of the command, after every package had initialized. It needs
// package model, which initializes late, after chroma's lexers (see
// internal/seedload). This package imports model and nothing heavier,
// and its path sorts before the libraries still to initialize then
// (glamour's styles, the reader's), so its init runs right after model's
// and starts a goroutine that parses the sidecar on the other core while
// they initialize. Read hands the result to main.
//
// The work is skipped when internal/seedload judged that the command
// line does not read the embedded corpus. A panic in the parse is caught,
// and Read then parses again, in the caller's goroutine, where the
// program's crash handling reports it.
package seedmeta

import (
	"codeberg.org/precis/precis/internal/background"
	"codeberg.org/precis/precis/internal/seedload"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/seeds"
)

// Name is what the embedded sidecar is called in messages.
const Name = seeds.MetaName + " (embedded)"

// result is one parse of the sidecar.
type result struct {
	meta  *model.Meta
	warns []string
}

// job is the parse init started, until Read takes it.
var job background.Job[result]

func init() {
	if seedload.ReadsSeed() {
		job.Start(parse)
	}
}

// parse parses the embedded sidecar.
func parse() result {
	m, warns := model.ReadMeta(seeds.Meta, Name)
	return result{m, warns}
}

// Read returns the embedded sidecar, parsed, and what was wrong with it.
// The first call takes what init started, waiting for it if need be; any
// other parses anew. The result is the caller's.
func Read() (*model.Meta, []string) {
	r, ok := job.Take()
	if !ok {
		r = parse()
	}
	return r.meta, r.warns
}
