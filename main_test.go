package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/precis/precis/seeds"
)

// cliRun runs precis in-process, as a person would from a shell.
func cliRun(t *testing.T, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	code = run(args, stdin, &out, &errb)
	return out.String(), errb.String(), code
}

// cliOK runs precis and fails the test unless it succeeds silently.
func cliOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := cliRun(t, nil, args...)
	if code != 0 || errs != "" {
		t.Fatalf("precis %s: exit %d, stderr %q", strings.Join(args, " "), code, errs)
	}
	return out
}

type cliRow struct {
	N            int      `json:"n"`
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	DerivedTitle string   `json:"derived_title"`
	Arxiv        string   `json:"arxiv"`
	Year         int      `json:"year"`
	Authors      []string `json:"authors"`
	URL          string   `json:"url"`
}

func cliList(t *testing.T, args ...string) []cliRow {
	t.Helper()
	var rows []cliRow
	out := cliOK(t, append([]string{"list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	return rows
}

// decodeShown decodes the output of show --json, an array of one
// object, into v.
func decodeShown(out string, v any) error {
	var arr []json.RawMessage
	if err := json.Unmarshal([]byte(out), &arr); err != nil {
		return err
	}
	if len(arr) != 1 {
		return fmt.Errorf("show --json gave %d objects, want 1", len(arr))
	}
	return json.Unmarshal(arr[0], v)
}

// writeFile writes data to name in a temporary directory and returns the
// path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCLIListHasRealTitles(t *testing.T) {
	out := cliOK(t, "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 164 {
		t.Fatalf("list: %d rows, want 164", len(lines))
	}
	titles := map[string]bool{}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 3 {
			t.Fatalf("list row %q: want n, id, title", l)
		}
		titles[strings.Join(f[2:], " ")] = true
	}
	if len(titles) != 164 {
		t.Errorf("list: %d distinct titles, want 164", len(titles))
	}
	if !strings.Contains(lines[2], "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity") {
		t.Errorf("row 3: %q", lines[2])
	}
}

func TestCLIListJSON(t *testing.T) {
	rows := cliList(t)
	if len(rows) != 164 {
		t.Fatalf("%d rows, want 164", len(rows))
	}
	// The seed sidecar lists the summaries in corpus order.
	var meta struct {
		Summaries []struct{ Title string } `json:"summaries"`
	}
	if err := json.Unmarshal(seeds.Meta, &meta); err != nil || len(meta.Summaries) != len(rows) {
		t.Fatalf("seed sidecar: %v", err)
	}
	real := 0
	for i, r := range rows {
		if r.N != i+1 || len(r.ID) < 12 || r.Title == "" || r.DerivedTitle == "" {
			t.Errorf("row %d: %+v", i+1, r)
		}
		switch want := meta.Summaries[i].Title; {
		case want != "" && r.Title == want:
			real++
		case want == "" && r.Title == r.DerivedTitle:
		default:
			t.Errorf("row %d: title %q, sidecar %q, derived %q", i+1, r.Title, want, r.DerivedTitle)
		}
	}
	if real != 163 || rows[154].Title != rows[154].DerivedTitle {
		t.Errorf("%d real titles, want 163, and summary 155's derived (%q)", real, rows[154].Title)
	}
	if r := rows[2]; r.Arxiv != "2101.03961" || r.Year != 2021 || !strings.HasPrefix(r.URL, "https://shortscience.org/") || r.DerivedTitle != "Switch Transformer" {
		t.Errorf("row 3: %+v", r)
	}
	if a := rows[0].Authors; len(a) != 5 || a[4] != "Serge Belongie" {
		t.Errorf("row 1: authors %q", a)
	}
}

func TestCLIShowSwitchTransformer(t *testing.T) {
	out := cliOK(t, "show", "--plain", "--width", "200", "3")
	first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(out, " \n"), "\n", 2)[0])
	if !strings.Contains(first, "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity") {
		t.Errorf("show 3 starts with %q", first)
	}
	head := out[:strings.Index(out, "The idea of the Switch Transformer")]
	if !strings.Contains(head, "https://arxiv.org/abs/2101.03961") {
		t.Errorf("show 3: no arXiv link before the text:\n%s", head)
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Error("show --plain printed escape sequences")
	}
	var doc struct {
		Title    string `json:"title"`
		Markdown string `json:"markdown"`
	}
	if err := decodeShown(cliOK(t, "show", "--json", "3"), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.Markdown, "# "+doc.Title+"\n") || !strings.Contains(doc.Markdown, "[Figure 1](https://i.imgur.com/") {
		t.Errorf("show --json 3: markdown starts %.120q", doc.Markdown)
	}
}

// TestCLICorpusVariants: a CRLF copy and a BOM copy of the corpus give
// the same 164 summaries (ids and texts) as the file itself.
func TestCLICorpusVariants(t *testing.T) {
	dir := t.TempDir()
	plain := writeFile(t, dir, "plain.txt", seeds.Corpus)
	crlf := writeFile(t, dir, "crlf.txt", bytes.ReplaceAll(seeds.Corpus, []byte("\n"), []byte("\r\n")))
	bom := writeFile(t, dir, "bom.txt", append([]byte("\uFEFF"), seeds.Corpus...))
	want := cliList(t, "--corpus", plain)
	if len(want) != 164 {
		t.Fatalf("%d summaries, want 164", len(want))
	}
	wantC, err := loadCorpus([]string{plain}, nil, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{crlf, bom} {
		got := cliList(t, "--corpus", p)
		if len(got) != len(want) {
			t.Errorf("%s: %d summaries, want %d", filepath.Base(p), len(got), len(want))
			continue
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Title != want[i].Title {
				t.Errorf("%s: summary %d is %s %q, want %s %q", filepath.Base(p), i+1, got[i].ID, got[i].Title, want[i].ID, want[i].Title)
				break
			}
		}
		c, err := loadCorpus([]string{p}, nil, io.Discard, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < c.Len(); i++ {
			if c.At(i).Text != wantC.At(i).Text {
				t.Errorf("%s: summary %d text differs", filepath.Base(p), i+1)
				break
			}
		}
	}
	// Standard input is a corpus too.
	out, errs, code := cliRun(t, bytes.NewReader(seeds.Corpus), "list", "--corpus", "-")
	if code != 0 || errs != "" || strings.Count(out, "\n") != 164 {
		t.Errorf("--corpus -: exit %d, %d rows, stderr %q", code, strings.Count(out, "\n"), errs)
	}
}

func TestCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"missing":      filepath.Join(dir, "missing.txt"),
		"directory":    dir,
		"empty":        writeFile(t, dir, "empty.txt", nil),
		"no [link]":    writeFile(t, dir, "nolink.txt", []byte("just a text file\nwith lines\n")),
		"NUL (binary)": writeFile(t, dir, "binary.txt", []byte("[link]\nsome\x00binary |\n")),
		"only [link]":  writeFile(t, dir, "onlylink.txt", []byte("[link]\n\n[link]\n |\n")),
	}
	for what, path := range cases {
		for _, cmd := range [][]string{{"list"}, {"show", "1"}} {
			out, errs, code := cliRun(t, nil, append(cmd, "--corpus", path)...)
			if code != 1 || out != "" {
				t.Errorf("%s, %s: exit %d, stdout %q; want exit 1 and nothing", what, cmd[0], code, out)
			}
			if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "precis: ") || !strings.Contains(errs, path) {
				t.Errorf("%s, %s: stderr %q; want one line naming %s", what, cmd[0], errs, path)
			}
		}
	}
}

func TestCLIUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"no-such-command"},
		{"show"},
		{"show", "1", "2"},
		{"list", "extra"},
		{"list", "--no-such-flag"},
		{"show", "--json", "--plain", "1"},
		{"show", "nerf", "2"},
		{"show", ""},
		{"show", "-w", "-5", "3"},
		{"related", "14", "15"},
		{"related", " "},
		{"bookmark", "add", ""},
		{"bookmark", "rm", "1", " "},
		{"completion", "tcsh"},
		{"--style", "no-such-style", "show", "3"},
		{"--corpus=", "list"},
		{"--corpus", "-", "--corpus", "-", "list"},
		{"--style", "/no/such/style.json", "show", "1"},
	} {
		out, errs, code := cliRun(t, nil, args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "precis: ") {
			t.Errorf("precis %s: exit %d, stdout %q, stderr %q; want exit 2 and one line", strings.Join(args, " "), code, out, errs)
		}
	}
	bad := writeFile(t, t.TempDir(), "bad.json", []byte(`{"document": {bad`))
	if out, errs, code := cliRun(t, nil, "--style", bad, "show", "3"); code != 2 || out != "" || !strings.Contains(errs, "not a glamour style") {
		t.Errorf("--style with a broken JSON file: exit %d, stderr %q; want exit 2 saying it is not a style", code, errs)
	}
	if _, errs, code := cliRun(t, nil, "show", "9999"); code != 1 || !strings.Contains(errs, "9999") {
		t.Errorf("show 9999: exit %d, %q; want exit 1 naming the position", code, errs)
	}
}

// A REF that asks for nothing (punctuation, operators alone, only
// exclusions) names no summary: commands say so and change nothing,
// rather than taking the first summary.
func TestCLIRefThatNamesNothing(t *testing.T) {
	userDirs(t)
	for _, ref := range []string{"?", "…", "💥", "—", "'", "^", "!nerf", "!^nerf"} {
		for _, cmd := range [][]string{{"show"}, {"related"}, {"bookmark", "add"}} {
			out, errs, code := cliRun(t, nil, append(cmd, ref)...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 {
				t.Errorf("precis %s %q: exit %d, stdout %q, stderr %q; want exit 1 and one line", strings.Join(cmd, " "), ref, code, out, errs)
			}
		}
	}
	if out, errs, code := cliRun(t, nil, "search", "…"); code != 1 || out != "" || !strings.Contains(errs, "no summary matches") {
		t.Errorf("search …: exit %d, %q %q; want no match", code, out, errs)
	}
	if out, _, _ := cliRun(t, nil, "bookmarks", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("bookmarks after refused adds: %s", out)
	}
	// A long query is echoed cut short, on one line.
	_, errs, _ := cliRun(t, nil, "search", strings.Repeat("zq", 5000))
	if len(errs) > 200 || strings.Count(errs, "\n") != 1 {
		t.Errorf("search of a 10,000-letter word: stderr of %d bytes: %.200q", len(errs), errs)
	}
}

func TestCLILongSummaryAndBadUTF8(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("a long summary ", 80_000) // 1.2 MB
	path := writeFile(t, dir, "odd.txt", []byte("[link]\n"+long+"|\n[link]\nbroken \xff\xfe bytes |\n"))
	rows := cliList(t, "--corpus", path)
	if len(rows) != 2 {
		t.Fatalf("%d summaries, want 2", len(rows))
	}
	var doc struct {
		Text string `json:"text"`
	}
	if err := decodeShown(cliOK(t, "show", "--json", "--corpus", path, "2"), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Text != "broken \uFFFD\uFFFD bytes" {
		t.Errorf("summary 2: %q, want the bad bytes repaired as U+FFFD", doc.Text)
	}
	if err := decodeShown(cliOK(t, "show", "--json", "--corpus", path, "1"), &doc); err != nil || len(doc.Text) != len(long)-1 {
		t.Errorf("summary 1: %d bytes, want %d (%v)", len(doc.Text), len(long)-1, err)
	}
}

// TestCLISidecar: NAME.meta.json beside NAME.txt gives the titles; a
// sidecar with problems is one warning line and the corpus still opens.
func TestCLISidecar(t *testing.T) {
	dir := t.TempDir()
	corpus := writeFile(t, dir, "papers.txt", seeds.Corpus)

	writeFile(t, dir, "papers.meta.json", seeds.Meta)
	out, errs, code := cliRun(t, nil, "list", "--corpus", corpus)
	if code != 0 || errs != "" || !strings.Contains(out, "Switch Transformers: Scaling") {
		t.Errorf("with the seed sidecar: exit %d, stderr %q", code, errs)
	}

	var meta map[string]any
	if err := json.Unmarshal(seeds.Meta, &meta); err != nil {
		t.Fatal(err)
	}
	entries := meta["summaries"].([]any)
	entries[2].(map[string]any)["year"] = "twenty-one"
	meta["summaries"] = entries
	bad, _ := json.Marshal(meta)
	sidecar := writeFile(t, dir, "papers.meta.json", bad)
	rows, errs := cliListWarn(t, corpus)
	if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "precis: warning: "+sidecar+": entry 3") {
		t.Errorf("malformed entry: stderr %q, want one warning naming %s and the entry", errs, sidecar)
	}
	if len(rows) != 164 || rows[2].Title != "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity" || rows[2].Year != 0 {
		t.Errorf("malformed entry: row 3 %+v; want its title kept, its year dropped", rows[2])
	}

	other := []byte(`{"format": 1, "corpus": "other.txt", "summaries": [{"head": "Nothing in this corpus starts with these words at all", "title": "X"}, {"head": "Nor with these", "title": "Y"}]}`)
	writeFile(t, dir, "papers.meta.json", other)
	rows, errs = cliListWarn(t, corpus)
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "another corpus") {
		t.Errorf("another corpus's sidecar: stderr %q, want one warning", errs)
	}
	if len(rows) != 164 || rows[2].Title != "Switch Transformer" {
		t.Errorf("another corpus's sidecar: row 3 %+v, want the derived title", rows[2])
	}

	writeFile(t, dir, "papers.meta.json", []byte("{not json"))
	rows, errs = cliListWarn(t, corpus)
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, sidecar) || len(rows) != 164 {
		t.Errorf("broken sidecar: %d rows, stderr %q", len(rows), errs)
	}
}

// cliListWarn lists a corpus that should open with warnings.
func cliListWarn(t *testing.T, corpus string) ([]cliRow, string) {
	t.Helper()
	out, errs, code := cliRun(t, nil, "list", "--json", "--corpus", corpus)
	if code != 0 {
		t.Fatalf("list: exit %d, %q", code, errs)
	}
	var rows []cliRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	return rows, errs
}

// TestCLIJoinedCorpora: cat a.txt b.txt, where a.txt has no final newline
// (as the shipped corpus has none), gives every summary of both files;
// the last of a.txt and the first of b.txt stay apart.
func TestCLIJoinedCorpora(t *testing.T) {
	one := cliList(t)
	joined := bytes.Join([][]byte{seeds.Corpus, seeds.Corpus}, nil)
	out, errs, code := cliRun(t, bytes.NewReader(joined), "list", "--json", "--corpus", "-")
	var rows []cliRow
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || errs != "" || err != nil {
		t.Fatalf("cat seed seed | precis list: exit %d, stderr %q, %v", code, errs, err)
	}
	if len(rows) != 328 {
		t.Fatalf("cat seed seed: %d summaries, want 328", len(rows))
	}
	// The second copy's ids are told apart from the first's by a suffix.
	for i, r := range rows {
		if id := strings.TrimSuffix(r.ID, "-2"); id != one[i%164].ID || (i >= 164) != (id != r.ID) {
			t.Fatalf("cat seed seed: summary %d has id %s, want %s", i+1, r.ID, one[i%164].ID)
		}
	}
}

// TestCLIEmptyFileNamesALine: an empty corpus file is reported at
// file:1: like every other parse error.
func TestCLIEmptyFileNamesALine(t *testing.T) {
	dir := t.TempDir()
	for _, data := range []string{"", "\n \r\n"} {
		path := writeFile(t, dir, "empty.txt", []byte(data))
		_, errs, code := cliRun(t, nil, "list", "--corpus", path)
		if want := "precis: " + path + ":1: empty file: "; code != 1 || !strings.HasPrefix(errs, want) {
			t.Errorf("empty file %q: exit %d, stderr %q; want exit 1 and %q…", data, code, errs, want)
		}
	}
}

// TestCLIShowPlainHasNoEmphasis: show --plain is plain text: the lines
// precis writes between the title and the rule carry no emphasis
// markers (they showed as literal asterisks), while the markdown of the
// styled document keeps them.
func TestCLIShowPlainHasNoEmphasis(t *testing.T) {
	notes := 0
	for n := 1; n <= 164; n++ {
		out := cliOK(t, "show", "--plain", "-w", "80", fmt.Sprint(n))
		var doc struct {
			Text string `json:"text"`
		}
		if err := decodeShown(cliOK(t, "show", "--json", fmt.Sprint(n)), &doc); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "short name: ") {
			notes++
		}
		// No markdown marks anywhere: no headings, no rules, no emphasis
		// the text itself does not hold.
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "#") || l != "" && strings.Trim(l, "-") == "" {
				t.Errorf("show --plain %d: markdown line %q", n, l)
			}
			// Wrapped at -w, title too; only a word longer than that
			// (a URL, kept whole) runs over.
			if utf8.RuneCountInString(l) > 80 && len(strings.Fields(l)) > 1 {
				t.Errorf("show --plain %d: a line of %d columns: %q", n, utf8.RuneCountInString(l), l)
			}
		}
		if strings.Count(out, "*") > strings.Count(doc.Text, "*")-2*strings.Count(doc.Text, "**") {
			t.Errorf("show --plain %d: %d asterisks, the text has %d:\n%s", n, strings.Count(out, "*"), strings.Count(doc.Text, "*"), out)
		}
	}
	if notes == 0 {
		t.Fatal("no summary has a short-name note: the test checks nothing")
	}
	var doc struct {
		Markdown string `json:"markdown"`
	}
	if err := decodeShown(cliOK(t, "show", "--json", "64"), &doc); err != nil || !strings.Contains(doc.Markdown, "\n*title identified from the summary · short name: ") {
		t.Errorf("show --json 64: the styled document lost its emphasis (%v):\n%.300s", err, doc.Markdown)
	}
}

// TestCLIMessages: usage errors name the command once ("precis: search
// needs …", not "precis: precis search …"), flag errors say what is
// wrong with the value in the words of the command line, not Go's.
func TestCLIMessages(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // the whole line, or its start when it ends in …
	}{
		{[]string{"search"}, "search needs a QUERY (see precis search --help)"},
		{[]string{"search", " "}, "search needs a QUERY (see precis search --help)"},
		{[]string{"show"}, "show needs a REF: a position, an id or a query (see precis show --help)"},
		{[]string{"related"}, "related needs a REF: …"},
		{[]string{"related", "1", "2"}, `related takes one REF, not 2 arguments; quote a query of several words: precis related "1 2"`},
		{[]string{"bookmark", "add"}, "bookmark add needs a REF: a position, an id or a query (see precis bookmark add --help)"},
		{[]string{"bookmark", "rm", "1", " "}, "bookmark rm: an empty REF; …"},
		{[]string{"list", "extra"}, "list takes no arguments (see precis list --help)"},
		{[]string{"bookmarks", "extra"}, "bookmarks takes no arguments …"},
		{[]string{"bookmark"}, "bookmark needs add or rm (see precis bookmark --help)"},
		{[]string{"nope"}, `unknown command "nope" (see precis --help)`},
		{[]string{"search", "-n", "abc", "gan"}, `invalid value "abc" for -n: not a whole number (see precis search --help)`},
		{[]string{"search", "-n", "1.5", "gan"}, `invalid value "1.5" for -n: not a whole number …`},
		{[]string{"related", "-n", "99999999999999999999", "3"}, `invalid value "99999999999999999999" for -n: too large …`},
		{[]string{"show", "-w", "x", "3"}, `invalid value "x" for --width: not a whole number (see precis show --help)`},
		{[]string{"show", "--width=x", "3"}, `invalid value "x" for --width: not a whole number …`},
		{[]string{"search", "--json=maybe", "gan"}, `invalid value "maybe" for --json: not true or false …`},
		{[]string{"search", "gan", "-n"}, "-n needs a value (see precis search --help)"},
		{[]string{"list", "--corpus"}, "--corpus needs a value (see precis list --help)"},
		{[]string{"list", "--bogus"}, "unknown flag: --bogus (see precis list --help)"},
		{[]string{"show", "-x", "3"}, "unknown flag: -x (see precis show --help)"},
	} {
		out, errs, code := cliRun(t, nil, c.args...)
		got := strings.TrimPrefix(strings.TrimSuffix(errs, "\n"), "precis: ")
		want, prefix := strings.CutSuffix(c.want, "…")
		ok := got == want || prefix && strings.HasPrefix(got, want)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "precis: ") || !ok ||
			strings.Contains(errs, "precis: precis") || strings.Contains(errs, "strconv") {
			t.Errorf("precis %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, errs, "precis: "+c.want)
		}
	}
}

// TestCLIHelp: Usage lines list each flag once; show --help says what REF
// is, what --plain does and the exit statuses; --no-mouse is accepted
// anywhere, as the other global flags are.
func TestCLIHelp(t *testing.T) {
	for cmd, want := range map[string]string{
		"list":      "precis list [--json]",
		"show":      "precis show [--json|--plain] [-w N] REF",
		"search":    "precis search [--json] [-n K] QUERY...",
		"related":   "precis related [--json] [-n K] REF",
		"bookmarks": "precis bookmarks [--json|--markdown] [--missing]",
	} {
		out := cliOK(t, cmd, "--help")
		_, usage, _ := strings.Cut(out, "Usage:\n")
		if line, _, _ := strings.Cut(usage, "\n"); strings.TrimSpace(line) != want {
			t.Errorf("%s --help: usage line %q, want %q", cmd, line, want)
		}
		if !strings.Contains(out, "--no-mouse") {
			t.Errorf("%s --help does not list --no-mouse among the global flags", cmd)
		}
	}
	show := cliOK(t, "show", "--help")
	for _, w := range []string{"a position n", "an id", "a query whose best hit is taken", "--plain prints plain text", "Exit status: 0"} {
		if !strings.Contains(show, w) {
			t.Errorf("show --help does not say %q:\n%s", w, show)
		}
	}
	list := cliOK(t, "list")
	for _, args := range [][]string{{"--no-mouse", "list"}, {"list", "--no-mouse"}} {
		if out := cliOK(t, args...); out != list {
			t.Errorf("precis %s: output differs from precis list", strings.Join(args, " "))
		}
	}
}
