// Package parse turns a corpus file into summaries. It reads from an
// io.Reader or a byte slice and does no other I/O and no rendering.
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
	"strconv"
	"strings"
	"unsafe"

	"codeberg.org/precis/precis/internal/sanitize"
	"codeberg.org/precis/precis/model"
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
// summaries' texts may share its memory.
func Bytes(data []byte, name string) ([]model.Summary, []Warning, error) {
	var out []model.Summary
	if n := bytes.Count(data, []byte("[link]")); n > 0 {
		out = make([]model.Summary, 0, n)
	}
	p := parser{name: name, emit: func(s model.Summary) error {
		out = append(out, s)
		return nil
	}}
	s := unsafe.String(unsafe.SliceData(data), len(data))
	lineNo := 0
	for len(s) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			line, s = s, ""
		}
		if err := p.line(lineNo, line); err != nil {
			return nil, p.warnings, err
		}
	}
	if err := p.finish(); err != nil {
		return nil, p.warnings, err
	}
	return out, p.warnings, nil
}

// Read parses a whole corpus from r.
func Read(r io.Reader, name string) ([]model.Summary, []Warning, error) {
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
func Stream(r io.Reader, name string, emit func(model.Summary) error) ([]Warning, error) {
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
	emit     func(model.Summary) error
	warnings []Warning

	nonBlank bool // saw anything but white space
	count    int  // summaries emitted
	preamble int  // first line of text before the first [link], 0 if none

	open     bool // inside a summary
	start    int  // line of its [link]
	paras    []string
	comments int
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
		if err := p.flush(); err != nil {
			return err
		}
		p.open, p.start = true, n
		return nil
	}
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
		p.warnings = append(p.warnings, Warning{File: p.name, Line: p.start, Msg: "empty summary after [link], skipped"})
		return nil
	}
	text = sanitize.Text(text)
	p.count++
	return p.emit(model.Summary{
		ID:       model.HashID(text),
		Source:   p.name,
		Line:     p.start,
		Text:     text,
		Comments: comments,
	})
}

func (p *parser) finish() error {
	if err := p.flush(); err != nil {
		return err
	}
	if !p.nonBlank {
		return &Error{File: p.name, Msg: "empty file: expected summaries, each starting with a line [link]"}
	}
	if p.count == 0 {
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
