package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"codeberg.org/precis/precis/internal/gcpace"
	"codeberg.org/precis/precis/internal/hugeheap"
	"codeberg.org/precis/precis/internal/mapfile"
	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/internal/seedload"
	"codeberg.org/precis/precis/internal/seedmeta"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
)

// corpusSource is one corpus file to read: a path, "-" for standard
// input, or the embedded corpus when path is "".
type corpusSource struct {
	path string
}

func (s corpusSource) name() string {
	switch s.path {
	case "":
		return seedload.Name
	case "-":
		return "<stdin>"
	}
	// A file name is shown in errors and in the reader: keep it inert.
	return sanitize.Text(s.path)
}

// readCorpusFile reads one corpus file whole, with errors that name it.
func readCorpusFile(path string, stdin io.Reader) ([]byte, error) {
	switch path {
	case "-":
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("<stdin>: cannot read: %v", err)
		}
		return data, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, expected a corpus file of [link] summaries", path)
	}
	// Large files are mapped rather than read: the summaries' texts share
	// the file's pages (see internal/mapfile for the trade-off).
	data, _, err := mapfile.ReadFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return data, nil
}

func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", path, pe.Err)
	}
	return fmt.Errorf("%s: %v", path, err)
}

// loadCorpus reads and parses every source in order into one corpus.
// Warnings (lines passed over) are written to warn, one line each. It
// uses cache, when not nil, and does not write it.
func loadCorpus(paths []string, stdin io.Reader, warn io.Writer, cache *corpusCache) (*model.Corpus, error) {
	defer gcpace.Resume()
	return loadCorpusProgress(paths, stdin, func(w string) { fmt.Fprintf(warn, "precis: warning: %s\n", w) }, nil, cache)
}

// loadCorpusProgress is loadCorpus that hands each warning to warn and
// says what it is doing to progress (when not nil), for the reader's
// loading screen. For a large corpus it leaves the collector paused
// (gcpace.Pause): the reader resumes it once its search index is built.
// When cache holds the titles and index of the summaries read, the
// corpus is made with them.
func loadCorpusProgress(paths []string, stdin io.Reader, warn func(string), progress func(string), cache *corpusCache) (_ *model.Corpus, err error) {
	if progress == nil {
		progress = func(string) {}
	}
	srcs := []corpusSource{{}}
	if len(paths) > 0 {
		srcs = srcs[:0]
		for _, p := range paths {
			srcs = append(srcs, corpusSource{path: p})
		}
	}
	var size int64 // of the files
	for _, src := range srcs {
		if src.path != "" && src.path != "-" {
			if fi, err := os.Stat(src.path); err == nil && fi.Mode().IsRegular() {
				size += fi.Size()
			}
		}
	}
	// No collections while a large corpus loads: it leaves little
	// garbage but the title deriver's tables, dropped at the end (see
	// internal/gcpace). Paused first: the reservation's allocations
	// would start several. The caller resumes, unless the load fails.
	gcpace.Pause(size)
	defer func() {
		if err != nil {
			gcpace.Resume()
		}
	}()
	// The load and the indexes fill about as much heap as the corpus is
	// large: let the kernel map it in huge pages. One reservation for
	// the files (each one costs a collection), then any standard input.
	hugeheap.ForCorpus(size)
	var all []model.Summary
	var names []string
	titled := false
	for _, src := range srcs {
		ss, warnings, sc, err := loadSource(src, stdin, progress, &size)
		if err != nil {
			return nil, err // the one line that says why; warnings would only add to it
		}
		for _, w := range warnings {
			warn(w.Error())
		}
		for _, w := range sc.apply(ss) {
			warn(w)
		}
		if all == nil {
			all = ss
		} else {
			all = append(all, ss...)
		}
		names = append(names, src.name())
		// The embedded corpus, which is always alone, comes titled.
		titled = src.path == ""
	}
	if len(all) > model.MaxSummaries {
		return nil, fmt.Errorf("%s: %d summaries; precis holds at most %d", strings.Join(names, ", "), len(all), model.MaxSummaries)
	}
	if cache != nil {
		progress("reading the index cache")
		if c := cache.load(names[0], all); c != nil {
			return c, nil
		}
	}
	progress(fmt.Sprintf("naming %d summaries", len(all)))
	if titled {
		return model.NewTitledCorpus(names[0], all), nil
	}
	return model.NewCorpus(strings.Join(names, ", "), all), nil
}

// loadSource reads and parses one corpus source, and its metadata
// sidecar. size is the bytes reserved for the load so far (see
// hugeheap), which standard input adds to once read.
func loadSource(src corpusSource, stdin io.Reader, progress func(string), size *int64) ([]model.Summary, []parse.Warning, sidecar, error) {
	if src.path == "" {
		// Parsed, and titled, while the program started.
		ss, warnings, err := seedload.Summaries()
		return ss, warnings, readSidecar(""), err
	}
	progress("reading " + src.name())
	data, err := readCorpusFile(src.path, stdin)
	if err != nil {
		return nil, nil, sidecar{}, err
	}
	if src.path == "-" {
		*size += int64(len(data))
		hugeheap.ForCorpus(*size)
	}
	progress(fmt.Sprintf("parsing %s (%d MB)", src.name(), len(data)>>20))
	// The sidecar is read while the corpus parses. A panic there is
	// raised again here, where the caller's crash handling is.
	side := make(chan func() sidecar, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				side <- func() sidecar { panic(v) }
			}
		}()
		sc := readSidecar(src.path)
		side <- func() sidecar { return sc }
	}()
	ss, warnings, err := parse.Bytes(data, src.name())
	sc := (<-side)()
	return ss, warnings, sc, err
}

// sidecarPath is where the metadata sidecar of a corpus file would be:
// NAME.meta.json beside NAME.txt (or beside NAME, whatever its extension).
func sidecarPath(corpus string) string {
	base := strings.TrimSuffix(corpus, filepath.Ext(corpus))
	if filepath.Ext(corpus) == "" || strings.HasSuffix(base, string(filepath.Separator)) {
		base = corpus
	}
	return base + ".meta.json"
}

// sidecar is the metadata sidecar of a corpus file, read and parsed:
// meta is nil when there is none or it cannot be used, and warns says
// what was wrong with it.
type sidecar struct {
	meta  *model.Meta
	name  string
	warns []string
}

// apply applies the sidecar to ss and returns every warning about it.
// Problems with it are warnings: the corpus opens anyway, with derived
// titles where the sidecar fails.
func (sc sidecar) apply(ss []model.Summary) []string {
	return sc.meta.ApplyAfter(sc.warns, ss, sc.name)
}

// readSidecar reads and parses the metadata sidecar of the corpus at
// path, when there is one.
func readSidecar(path string) sidecar {
	switch path {
	case "-":
		return sidecar{}
	case "":
		// Parsed while the program started.
		m, warns := seedmeta.Read()
		return sidecar{m, seedmeta.Name, warns}
	}
	mp := sidecarPath(path)
	fi, err := os.Stat(mp)
	if errors.Is(err, fs.ErrNotExist) {
		return sidecar{}
	}
	if err == nil && fi.IsDir() {
		return sidecar{warns: []string{mp + ": is a directory, expected a metadata sidecar; not used"}}
	}
	var data []byte
	if err == nil {
		data, err = os.ReadFile(mp)
	}
	if err != nil {
		return sidecar{warns: []string{fileError(mp, err).Error() + "; metadata sidecar not used"}}
	}
	m, warns := model.ReadMeta(data, mp)
	return sidecar{m, mp, warns}
}
