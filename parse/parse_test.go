package parse_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

func mustParse(t *testing.T, data []byte) []model.Summary {
	t.Helper()
	ss, warns, err := parse.Bytes(data, "c.txt")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if len(warns) > 0 {
		t.Fatalf("warnings: %v", warns)
	}
	return ss
}

func TestSeedCorpus(t *testing.T) {
	ss := mustParse(t, seeds.Corpus)
	if len(ss) != 164 {
		t.Fatalf("%d summaries, want 164", len(ss))
	}
	withComments := 0
	for i, s := range ss {
		if s.Comments > 0 {
			withComments++
		}
		if s.Text == "" || strings.Contains(s.Text, "[link]") || strings.HasSuffix(s.Text, "|") || !utf8.ValidString(s.Text) {
			t.Errorf("summary %d: text %.60q…", i+1, s.Text)
		}
		if s.Source != "c.txt" || s.Line < 1 || s.ID == "" {
			t.Errorf("summary %d: source %q line %d id %q", i+1, s.Source, s.Line, s.ID)
		}
		if strings.Contains(s.Text, "Comments\n") {
			t.Errorf("summary %d: the comments trailer is in the text", i+1)
		}
	}
	if withComments != 9 {
		t.Errorf("%d summaries with a comments trailer, want 9", withComments)
	}
	if !strings.HasPrefix(ss[2].Text, "The idea of the Switch Transformer") || ss[0].Line != 1 {
		t.Errorf("summary 3 starts %.40q; summary 1 at line %d", ss[2].Text, ss[0].Line)
	}
	// Every [link] line of the file is a summary, in order.
	if n := bytes.Count(seeds.Corpus, []byte("[link]\n")); n != len(ss) {
		t.Errorf("%d [link] lines, %d summaries", n, len(ss))
	}
}

func TestLineEndsAndBOM(t *testing.T) {
	want := mustParse(t, seeds.Corpus)
	variants := map[string][]byte{
		"CRLF":             bytes.ReplaceAll(seeds.Corpus, []byte("\n"), []byte("\r\n")),
		"BOM":              append([]byte("\uFEFF"), seeds.Corpus...),
		"BOM+CRLF":         append([]byte("\uFEFF"), bytes.ReplaceAll(seeds.Corpus, []byte("\n"), []byte("\r\n"))...),
		"blank lines":      bytes.ReplaceAll(seeds.Corpus, []byte("[link]\n"), []byte("\n\n[link]\n\n")),
		"no final newline": bytes.TrimRight(seeds.Corpus, "\n"),
	}
	for name, data := range variants {
		got := mustParse(t, data)
		if len(got) != len(want) {
			t.Errorf("%s: %d summaries, want %d", name, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Text != want[i].Text || got[i].Comments != want[i].Comments {
				t.Errorf("%s: summary %d differs: %.50q", name, i+1, got[i].Text)
				break
			}
		}
	}
}

func TestLenientFormat(t *testing.T) {
	in := "[link]\nFirst summary, no final bar\n[link]\n  Second summary. |  \n3 Comments\n|\n[link]\nThird, over\n\ntwo paragraphs |\n"
	ss := mustParse(t, []byte(in))
	if len(ss) != 3 {
		t.Fatalf("%d summaries, want 3", len(ss))
	}
	if ss[0].Text != "First summary, no final bar" {
		t.Errorf("summary 1: %q", ss[0].Text)
	}
	if ss[1].Text != "Second summary." || ss[1].Comments != 3 || ss[1].Line != 3 {
		t.Errorf("summary 2: %q, %d comments, line %d", ss[1].Text, ss[1].Comments, ss[1].Line)
	}
	if ss[2].Text != "Third, over\ntwo paragraphs" {
		t.Errorf("summary 3: %q, want two paragraphs", ss[2].Text)
	}
}

func TestLongSummary(t *testing.T) {
	long := strings.Repeat("word ", 300_000) // 1.5 MB on one line
	in := "[link]\nshort one |\n[link]\n" + long + "|\n[link]\nafter |\n"
	ss := mustParse(t, []byte(in))
	if len(ss) != 3 || len(ss[1].Text) != len(long)-1 || ss[2].Text != "after" {
		t.Fatalf("%d summaries; the long one has %d bytes, want %d", len(ss), len(ss[1].Text), len(long)-1)
	}
	// The streaming and reader paths have no line-length limit either.
	rs, _, err := parse.Read(strings.NewReader(in), "c.txt")
	if err != nil || len(rs) != 3 || rs[1].Text != ss[1].Text {
		t.Errorf("Read: %d summaries, %v", len(rs), err)
	}
	var streamed []model.Summary
	if _, err := parse.Stream(strings.NewReader(in), "c.txt", func(s model.Summary) error {
		streamed = append(streamed, s)
		return nil
	}); err != nil || len(streamed) != 3 || streamed[1].ID != ss[1].ID {
		t.Errorf("Stream: %d summaries, %v", len(streamed), err)
	}
}

func TestInvalidUTF8Repaired(t *testing.T) {
	ss := mustParse(t, []byte("[link]\nbad \xff\xfe bytes and a \x1b[2J clear |\n"))
	if len(ss) != 1 || !utf8.ValidString(ss[0].Text) || !strings.Contains(ss[0].Text, "\uFFFD") || strings.ContainsRune(ss[0].Text, 0x1b) {
		t.Errorf("text %q: want valid UTF-8 with U+FFFD and no ESC", ss[0].Text)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name, data, want string
		line             int
	}{
		{"empty", "", "empty file", 1},
		{"blank", "\n  \n\r\n", "empty file", 1},
		{"no summaries", "just some text\nwithout markers\n", "no summaries", 1},
		{"binary", "[link]\nsome text |\n[link]\nbin\x00ary |\n", "binary", 4},
	} {
		_, _, err := parse.Bytes([]byte(c.data), "bad.txt")
		var pe *parse.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v, want a *parse.Error", c.name, err)
			continue
		}
		if pe.File != "bad.txt" || pe.Line != c.line || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "bad.txt") {
			t.Errorf("%s: %q (line %d), want it to name bad.txt, line %d and say %q", c.name, err, pe.Line, c.line, c.want)
		}
	}
}

func TestWarnings(t *testing.T) {
	ss, warns, err := parse.Bytes([]byte("a preamble line\n[link]\n|\n[link]\nreal one |\n"), "w.txt")
	if err != nil || len(ss) != 1 {
		t.Fatalf("%d summaries, %v", len(ss), err)
	}
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.Error())
	}
	joined := strings.Join(msgs, "\n")
	if len(warns) != 2 || !strings.Contains(joined, "w.txt:1: text before the first [link]") || !strings.Contains(joined, "w.txt:2: empty summary") {
		t.Errorf("warnings:\n%s", joined)
	}
}

// Text after the " |" that ends a summary is kept, without the stray
// " |", and said in a warning.
func TestTextAfterTheEnd(t *testing.T) {
	ss, warns, err := parse.Bytes([]byte("[link]\nabc |\ngarbage line\n[link]\ndef |\n3 Comments\n|\n"), "g.txt")
	if err != nil || len(ss) != 2 {
		t.Fatalf("%d summaries, %v", len(ss), err)
	}
	if ss[0].Text != "abc\ngarbage line" || ss[1].Text != "def" || ss[1].Comments != 3 {
		t.Errorf("texts %q, %q (comments %d)", ss[0].Text, ss[1].Text, ss[1].Comments)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Error(), "g.txt:3: text after the ` |`") {
		t.Errorf("warnings %v", warns)
	}
}

// TestJoinedFiles: two corpus files joined with cat, the first without a
// final newline, put the first's last " |" and the second's first [link]
// on one line. That line ends one summary and starts the next, so the
// join has every summary of both files, each as it is alone.
func TestJoinedFiles(t *testing.T) {
	one := mustParse(t, seeds.Corpus)
	if bytes.HasSuffix(seeds.Corpus, []byte("\n")) {
		t.Fatal("the seed corpus now ends in a newline: this test no longer joins a line")
	}
	for name, sep := range map[string]string{
		"cat":         "",
		"space":       " ",
		"spaces, tab": "  \t ",
		"BOM":         "\uFEFF",
		"CRLF":        "",
		"trailing ws": "",
	} {
		first := seeds.Corpus
		if name == "CRLF" {
			first = bytes.ReplaceAll(first, []byte("\n"), []byte("\r\n"))
		}
		second := []byte(sep + string(seeds.Corpus))
		if name == "trailing ws" {
			second = bytes.Replace(seeds.Corpus, []byte("[link]\n"), []byte("[link]  \n"), 1)
		}
		data := slices.Concat(first, second)
		ss := mustParse(t, data)
		if len(ss) != 2*len(one) {
			t.Errorf("%s: %d summaries, want %d", name, len(ss), 2*len(one))
			continue
		}
		for i, s := range ss {
			w := one[i%len(one)]
			if s.ID != w.ID || s.Text != w.Text || s.Comments != w.Comments {
				t.Errorf("%s: summary %d is %.60q, want %.60q", name, i+1, s.Text, w.Text)
				break
			}
		}
		if joined := bytes.Count(first, []byte("\n")) + 1; ss[len(one)].Line != joined {
			t.Errorf("%s: the second file's first summary at line %d, want %d (the joined line)", name, ss[len(one)].Line, joined)
		}
	}
	// The trailer's "|" line joined to [link], and bars with no text.
	ss := mustParse(t, []byte("[link]\nfirst |\n2 Comments\n|[link]\nsecond |[link]\nthird |"))
	if len(ss) != 3 || ss[0].Text != "first" || ss[0].Comments != 2 || ss[1].Text != "second" || ss[2].Text != "third" || ss[2].Line != 5 {
		t.Errorf("trailer joined: %+v", ss)
	}
	// Not a join: [link] inside the text, or after text with no bar.
	for _, in := range []string{"[link]\nsee [link] here |\n", "[link]\nends without a bar [link]\n"} {
		if ss := mustParse(t, []byte(in)); len(ss) != 1 {
			t.Errorf("%q: %d summaries, want 1", in, len(ss))
		}
	}
}
