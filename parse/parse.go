// Package parse turns a corpus file into summaries: their texts and ids
// (Bytes, Read, Stream), then the titles derived from the texts
// (DeriveTitles). It reads from an io.Reader or a byte slice and does no
// other I/O and no rendering.
//
// It imports only the standard library and internal packages that import
// no libraries, so Go initializes it before the libraries glamour brings
// in: internal/seedload parses the embedded corpus with it while those
// initialize. Keep it so (TestSeedloadInitsEarly in package main).
//
// The format: each summary starts with a line that is exactly "[link]";
// its text follows on the next line (one long line ending in " |"), and
// may be followed by a trailer of a line "N Comments" and a line "|".
// The parser is lenient about CRLF line ends, a byte-order mark, blank
// lines, a missing final " |" and text spread over several lines (kept as
// paragraphs), and strict about what cannot be a corpus: an empty file,
// binary data, a file with no summaries.
package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"codeberg.org/precis/precis/internal/sanitize"
)

// Error is a problem with a corpus file, at a line when Line > 0.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Warning is something the parser passed over without failing; it is
// reported so that nothing is dropped silently.
type Warning = Error

const bom = "\uFEFF"

// Bytes parses a whole corpus held in memory. name is used in errors and
// as each summary's Source. data must not be modified afterwards: the
// summaries' texts share its memory (a text is copied only when it had
// to be cleaned or was spread over several lines).
//
// A large corpus is cut at "[link]" lines into chunks that are parsed
// on all cores; the result (summaries, line numbers, warnings and the
// error) is the same as a parse from start to end.
func Bytes(data []byte, name string) ([]Summary, []Warning, error) {
	return parseCuts(data, name, chunkCuts(data, runtime.GOMAXPROCS(0)))
}

// parseCuts parses data cut into chunks at cuts (see chunkCuts).
func parseCuts(data []byte, name string, cuts []int) ([]Summary, []Warning, error) {
	if len(cuts) <= 2 {
		return parseChunk(data, name, true).result(name)
	}
	parts := make([]chunkResult, len(cuts)-1)
	var next atomic.Int64
	workers(min(runtime.GOMAXPROCS(0), len(parts)), func(int) {
		for {
			k := int(next.Add(1) - 1)
			if k >= len(parts) {
				return
			}
			parts[k] = parseChunk(data[cuts[k]:cuts[k+1]], name, k == 0)
		}
	})
	return merge(parts).result(name)
}

// Chunks are at least this large: below it, goroutines cost more than
// they save.
const minChunk = 256 << 10

// chunkCuts returns the offsets where data is cut into chunks for
// workers, first 0 and last len(data). Every inner cut is the start of a
// line that is exactly "[link]", where the parser's state does not
// depend on what came before.
func chunkCuts(data []byte, workers int) []int {
	cuts := []int{0}
	k := min(4*workers, len(data)/minChunk)
	if workers < 2 || k < 2 {
		return append(cuts, len(data))
	}
	for j := 1; j < k; j++ {
		at := max(len(data)*j/k, cuts[len(cuts)-1])
		for {
			i := bytes.Index(data[at:], linkLine)
			if i < 0 {
				return append(cuts, len(data))
			}
			at += i + len(linkLine)
			if rest := data[at:]; len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' && len(rest) > 1 && rest[1] == '\n' {
				cuts = append(cuts, at-len("[link]"))
				break
			}
		}
	}
	return append(cuts, len(data))
}

var linkLine = []byte("\n[link]")

// chunkResult is what parsing one chunk found, with line numbers counted
// from the chunk's first line.
type chunkResult struct {
	out      []Summary
	warnings []Warning
	err      error
	nonBlank bool
	count    int
	preamble int
	lines    int // newlines in the chunk (up to its error, if any)
}

// parseChunk parses a chunk of a corpus; first says it begins the file.
func parseChunk(data []byte, name string, first bool) chunkResult {
	// Room for summaries of 4 KB, as in the shipped corpus; out grows
	// when they are shorter. (Counting them first would read the chunk
	// twice.)
	out := make([]Summary, 0, len(data)/4096+1)
	p := parser{name: name, emit: func(s Summary) error {
		out = append(out, s)
		return nil
	}}
	s := unsafe.String(unsafe.SliceData(data), len(data))
	lineNo := 0
	if !first {
		lineNo = 1 // line 1 is where a byte-order mark may be; not here
	}
	var err error
	newlines := 0
	for len(s) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
			newlines++
		} else {
			line, s = s, ""
		}
		if err = p.line(lineNo, line); err != nil {
			break
		}
	}
	if err == nil {
		err = p.flush()
	}
	r := chunkResult{out: out, warnings: p.warnings, err: err, nonBlank: p.nonBlank, count: p.count, preamble: p.preamble, lines: newlines}
	if !first {
		r.shift(-1)
	}
	return r
}

// shift moves every line number of r by d.
func (r *chunkResult) shift(d int) {
	if d == 0 {
		return
	}
	for i := range r.out {
		r.out[i].Line += d
	}
	for i := range r.warnings {
		r.warnings[i].Line += d
	}
	if e, ok := r.err.(*Error); ok && e.Line > 0 {
		e.Line += d
	}
	if r.preamble > 0 {
		r.preamble += d
	}
}

// merge joins the results of consecutive chunks: up to the first error,
// with line numbers made absolute.
func merge(parts []chunkResult) chunkResult {
	var m chunkResult
	total := 0
	for _, p := range parts {
		total += len(p.out)
	}
	m.out = make([]Summary, 0, total)
	off := 0
	for k := range parts {
		p := &parts[k]
		p.shift(off)
		off += p.lines
		m.out = append(m.out, p.out...)
		m.warnings = append(m.warnings, p.warnings...)
		m.nonBlank = m.nonBlank || p.nonBlank
		m.count += p.count
		if k == 0 {
			m.preamble = p.preamble
		}
		if p.err != nil {
			m.err = p.err
			break
		}
	}
	return m
}

// result finishes a whole-file parse the way parser.finish does.
func (r chunkResult) result(name string) ([]Summary, []Warning, error) {
	if r.err != nil {
		return nil, r.warnings, r.err
	}
	p := parser{name: name, warnings: r.warnings, nonBlank: r.nonBlank, count: r.count, preamble: r.preamble}
	if err := p.finish(); err != nil {
		return nil, p.warnings, err
	}
	return r.out, p.warnings, nil
}

// Read parses a whole corpus from r.
func Read(r io.Reader, name string) ([]Summary, []Warning, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &Error{File: name, Msg: readError(err)}
	}
	return Bytes(data, name)
}

// Stream parses r one line at a time and calls emit for each summary as
// soon as it is complete, so a caller can print or index a large corpus
// without holding it whole. Lines of any length are accepted. An error
// from emit stops the parse and is returned.
func Stream(r io.Reader, name string, emit func(Summary) error) ([]Warning, error) {
	p := parser{name: name, emit: emit}
	br := bufio.NewReaderSize(r, 256<<10)
	lineNo := 0
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			lineNo++
			if perr := p.line(lineNo, strings.TrimSuffix(line, "\n")); perr != nil {
				return p.warnings, perr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.warnings, &Error{File: name, Line: lineNo + 1, Msg: readError(err)}
		}
	}
	return p.warnings, p.finish()
}

func readError(err error) string {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		err = pe.Unwrap()
	}
	return "cannot read: " + err.Error()
}

type parser struct {
	name     string
	emit     func(Summary) error
	warnings []Warning

	nonBlank bool // saw anything but white space
	count    int  // summaries emitted
	preamble int  // first line of text before the first [link], 0 if none

	open     bool // inside a summary
	start    int  // line of its [link]
	paras    []string
	comments int

	ids []byte // where ids are made (see id)
}

func (p *parser) line(n int, line string) error {
	if n == 1 {
		line = strings.TrimPrefix(line, bom)
	}
	line = strings.TrimSuffix(line, "\r")
	if strings.IndexByte(line, 0) >= 0 {
		return &Error{File: p.name, Line: n, Msg: "binary data (NUL byte): not a text corpus of [link] summaries"}
	}
	t := strings.TrimSpace(line)
	if t == "" {
		return nil
	}
	p.nonBlank = true
	if t == "[link]" {
		return p.link(n)
	}
	if head, ok := joinedLink(t); ok {
		// Two corpus files joined (cat a.txt b.txt) where the first has
		// no final newline: its last summary's " |" and the second's
		// first "[link]" share a line. The line ends one summary and
		// starts the next.
		if err := p.text(n, head); err != nil {
			return err
		}
		return p.link(n)
	}
	return p.text(n, t)
}

// joinedLink reports whether t (trimmed) is text ending in "|" followed,
// with nothing but spaces (or a byte-order mark) between, by "[link]" at
// the end of the line, and returns the text up to and including the "|".
func joinedLink(t string) (string, bool) {
	head, ok := strings.CutSuffix(t, "[link]")
	if !ok {
		return "", false
	}
	head = strings.TrimRight(head, " \t"+bom)
	if !strings.HasSuffix(head, "|") {
		return "", false
	}
	return head, true
}

// link starts a summary at line n, ending the one before.
func (p *parser) link(n int) error {
	if err := p.flush(); err != nil {
		return err
	}
	p.open, p.start = true, n
	return nil
}

// text takes t, a trimmed line that is not "[link]", at line n.
func (p *parser) text(n int, t string) error {
	if !p.open {
		if p.preamble == 0 {
			p.preamble = n
		}
		return nil
	}
	if t == "|" {
		return nil
	}
	if c, ok := commentsLine(t); ok && len(p.paras) > 0 {
		p.comments = c
		return nil
	}
	if k := len(p.paras); k > 0 && strings.HasSuffix(p.paras[k-1], " |") {
		// Text after the " |" that ended the summary: not lost, but not
		// silently joined either.
		p.paras[k-1] = strings.TrimSuffix(p.paras[k-1], " |")
		p.warnings = append(p.warnings, Warning{File: p.name, Line: n, Msg: "text after the ` |` that ends a summary: kept as part of it"})
	}
	p.paras = append(p.paras, t)
	return nil
}

// commentsLine recognises the "N Comments" trailer.
func commentsLine(t string) (int, bool) {
	num, word, ok := strings.Cut(t, " ")
	if !ok || (word != "Comments" && word != "Comment") {
		return 0, false
	}
	c, err := strconv.Atoi(num)
	return c, err == nil && c >= 0
}

func (p *parser) flush() error {
	if !p.open {
		return nil
	}
	p.open = false
	text := strings.Join(p.paras, "\n")
	p.paras = p.paras[:0]
	comments := p.comments
	p.comments = 0
	text = strings.TrimSpace(strings.TrimSuffix(text, "|"))
	if text == "" {
		p.warnings = append(p.warnings, Warning{File: p.name, Line: p.start, Msg: msgEmptySummary})
		return nil
	}
	text = sanitize.Text(text)
	p.count++
	return p.emit(Summary{
		ID:       p.id(text),
		Source:   p.name,
		Line:     p.start,
		Text:     text,
		Comments: comments,
	})
}

// id returns HashID(text), kept with other ids in one shared
// block of memory rather than one allocation each.
func (p *parser) id(text string) string {
	if cap(p.ids)-len(p.ids) < IDLen {
		p.ids = make([]byte, 0, 512*IDLen)
	}
	n := len(p.ids)
	p.ids = AppendHashID(p.ids, text)
	return unsafe.String(&p.ids[n], IDLen)
}

const msgEmptySummary = "empty summary after [link], skipped"

func (p *parser) finish() error {
	if err := p.flush(); err != nil {
		return err
	}
	if !p.nonBlank {
		return &Error{File: p.name, Line: 1, Msg: "empty file: expected summaries, each starting with a line [link]"}
	}
	if p.count == 0 {
		for _, w := range p.warnings {
			if w.Msg == msgEmptySummary {
				return &Error{File: p.name, Line: w.Line, Msg: "no summaries found: no [link] is followed by any text"}
			}
		}
		line := p.preamble
		if line == 0 {
			line = 1
		}
		return &Error{File: p.name, Line: line, Msg: "no summaries found: expected a line [link] before each summary"}
	}
	if p.preamble > 0 {
		p.warnings = append(p.warnings, Warning{File: p.name, Line: p.preamble, Msg: "text before the first [link] is not part of any summary, skipped"})
	}
	return nil
}
