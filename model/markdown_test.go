package model_test

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	emoji "github.com/yuin/goldmark-emoji"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// markdownCases are real summaries of the seed corpus, one per case the
// conversion handles; their markdown is kept in testdata/markdown/.
var markdownCases = []struct {
	n    int
	what string
}{
	{1, "an inline dash list after a colon"},
	{3, "figures between paragraphs"},
	{10, "a dash list of capitalised items; [MASK] escaped"},
	{17, "numbered points 1) 2) 3) ending at a figure"},
	{22, "backquoted code kept"},
	{26, "dashes as punctuation stay prose; figure URLs glued into words"},
	{45, "a figure, then a dash list"},
	{56, "bold lead-ins as headings; 1. 2. 3. points; a list of lower-case phrases; a name - description item"},
	{139, "a web link; numbered points with a last item that runs on"},
	{153, "angle brackets and quotes escaped"},
	{164, "arrows and emphasis"},
}

func TestMarkdownGolden(t *testing.T) {
	ss := seedSummaries(t)
	for _, c := range markdownCases {
		got := model.Markdown(&ss[c.n-1])
		path := filepath.Join("testdata", "markdown", fmt.Sprintf("%03d.md", c.n))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run MarkdownGolden -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("summary %d (%s): markdown differs from %s; run with -update after checking the change:\n%s", c.n, c.what, path, firstDiff(got, string(want)))
		}
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n got: " + x + "\nwant: " + y
		}
	}
	return ""
}

// parseMD parses markdown the way the reading pane's renderer (glamour)
// does: CommonMark with GitHub extensions and emoji.
func parseMD(src string) ast.Node {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, emoji.Emoji))
	return md.Parser().Parse(text.NewReader([]byte(src)))
}

// shape summarises the blocks of a markdown document.
type shape struct {
	headings   []string
	lists      []int // item counts
	ordered    []bool
	links      []string // destinations
	linkTexts  []string
	images     int
	html       int
	strike     int
	emojis     int
	codeBlocks int
	text       strings.Builder // the plain text, as a reader sees it
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// readerText is what a reader of the rendered markdown sees: its HTML
// rendering without tags, entities decoded.
func readerText(src string) string {
	var b bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, emoji.Emoji))
	if err := md.Convert([]byte(src), &b); err != nil {
		panic(err)
	}
	return html.UnescapeString(tagRE.ReplaceAllString(b.String(), " "))
}

func shapeOf(src string) *shape {
	sh := &shape{}
	sh.text.WriteString(readerText(src))
	source := []byte(src)
	doc := parseMD(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Heading:
			sh.headings = append(sh.headings, string(v.Text(source)))
		case *ast.List:
			sh.lists = append(sh.lists, v.ChildCount())
			sh.ordered = append(sh.ordered, v.IsOrdered())
		case *ast.Link:
			sh.links = append(sh.links, string(v.Destination))
			sh.linkTexts = append(sh.linkTexts, string(v.Text(source)))
		case *ast.AutoLink:
			sh.links = append(sh.links, string(v.URL(source)))
		case *ast.Image:
			sh.images++
		case *ast.HTMLBlock, *ast.RawHTML:
			sh.html++
		case *extast.Strikethrough:
			sh.strike++
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			sh.codeBlocks++
		}
		if n.Kind().String() == "Emoji" {
			sh.emojis++
		}
		return ast.WalkContinue, nil
	})
	return sh
}

func TestMarkdownStructure(t *testing.T) {
	ss := seedSummaries(t)
	md := func(n int) *shape { return shapeOf(model.Markdown(&ss[n-1])) }

	if sh := md(1); len(sh.lists) != 1 || sh.lists[0] != 5 || sh.ordered[0] {
		t.Errorf("summary 1: want one bullet list of 5 takeaways, got lists %v ordered %v", sh.lists, sh.ordered)
	}
	if sh := md(26); len(sh.lists) != 0 {
		t.Errorf("summary 26: dashes used as punctuation became lists %v", sh.lists)
	}
	if sh := md(17); len(sh.lists) != 1 || sh.lists[0] != 3 || !sh.ordered[0] {
		t.Errorf("summary 17: want one numbered list of 3 steps, got %v ordered %v", sh.lists, sh.ordered)
	}
	sh := md(56)
	if want := []string{"Datasets", "Metrics", "Test/Train Split", "Models", "Results"}; strings.Join(sh.headings, "|") != strings.Join(want, "|") {
		t.Errorf("summary 56: headings %q, want %q", sh.headings, want)
	}
	if len(sh.lists) != 3 || sh.lists[0] != 3 || !sh.ordered[0] || sh.lists[1] != 4 || sh.lists[2] != 5 {
		t.Errorf("summary 56: lists %v ordered %v, want [3 4 5] with the first numbered", sh.lists, sh.ordered)
	}
	if sh := md(139); !contains(sh.links, "http://mark.reid.name/blog/meet-the-bregman-divergences.html") {
		t.Errorf("summary 139: the web URL is not a link: %v", sh.links)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

var (
	urlRE     = regexp.MustCompile(`https?://[^\s<>"|]*[^\s<>"|.,;:!?')\]]`)
	figLineRE = regexp.MustCompile(`^\[Figure (\d+)\]\((https?://[^)]+)\)$`)
)

// TestMarkdownWholeCorpus checks every summary of the seed corpus: the
// markdown says every word of the text once, in order, and nothing else
// but figure labels; every image URL is a figure line of its own,
// numbered in order and matching Links; nothing becomes raw HTML,
// strikethrough, an emoji, an image or a code block.
func TestMarkdownWholeCorpus(t *testing.T) {
	ss := seedSummaries(t)
	for i := range ss {
		s := &ss[i]
		md := model.Markdown(s)
		sh := shapeOf(md)
		if sh.html+sh.strike+sh.emojis+sh.images+sh.codeBlocks > 0 {
			t.Errorf("summary %d: html %d, strikethrough %d, emoji %d, images %d, code blocks %d; want none", i+1, sh.html, sh.strike, sh.emojis, sh.images, sh.codeBlocks)
		}
		// Words: the letters and digits of the text, URLs aside, are the
		// reader's, minus list numbers and figure labels.
		want := s.Text
		for _, l := range model.Links(s) {
			want = strings.ReplaceAll(want, l.URL, "")
		}
		want = letters(want)
		got := letters(urlRE.ReplaceAllString(strings.ReplaceAll(sh.text.String(), "Figure", " "), " "))
		if want != got {
			t.Errorf("summary %d: the text a reader sees differs from the summary's:\n%s", i+1, firstDiffRunes(got, want))
		}
		// Figures.
		var figs []model.Link
		for _, l := range model.Links(s) {
			if l.Kind == model.LinkFigure {
				figs = append(figs, l)
			}
		}
		k := 0
		for _, line := range strings.Split(md, "\n") {
			m := figLineRE.FindStringSubmatch(line)
			if m == nil {
				if strings.Contains(line, "imgur.com") {
					t.Errorf("summary %d: image URL outside a figure line: %q", i+1, line)
				}
				continue
			}
			if k >= len(figs) || m[2] != figs[k].URL || "Figure "+m[1] != figs[k].Label {
				t.Errorf("summary %d: figure line %q does not match Links()[%d]", i+1, line, k)
			}
			k++
		}
		if k != len(figs) {
			t.Errorf("summary %d: %d figure lines, Links has %d figures", i+1, k, len(figs))
		}
	}
}

// letters keeps the letters of s, folding digits away (lists renumber).
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func firstDiffRunes(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	lo := max(0, i-40)
	return " got: …" + string(ra[lo:min(len(ra), i+40)]) + "\nwant: …" + string(rb[lo:min(len(rb), i+40)])
}

// TestMarkdownNotMarkup: text that only looks like markdown stays text,
// and lists need real list structure.
func TestMarkdownNotMarkup(t *testing.T) {
	for _, c := range []struct {
		text  string
		lists []int
		links int
	}{
		{"A well-known result - and a surprising one - holds here.", nil, 0},
		{"It is simple - just one step.", nil, 0},
		{"Two things: - only one item here.", nil, 0},
		{"Steps: - first thing - second thing", []int{2}, 0},
		{"Done. - First point. - Second point.", []int{2}, 0},
		{"# not a heading, ## nor this", nil, 0},
		{"1. is where the text starts, not a list", nil, 0},
		{"- a lone dash at the start", nil, 0},
		{"+ plus and > quote and = equals", nil, 0},
		{"<script>alert(1)</script> and <b>bold</b>", nil, 0},
		{"[a link](javascript:alert(1)) and ![img](http://x.y/z.png)", nil, 1},
		{"entities &#27;[2J and &amp; and &copy;", nil, 0},
		{"~strike~ and ~~strike~~ and ~3 times", nil, 0},
		{"emoji :smile: and :+1: and time 10:30:00", nil, 0},
		{"under_scores_ and *unclosed emphasis and trailing back\\slash", nil, 0},
		{"a | table | row\n--- | --- | ---", nil, 0},
		{"`unclosed code and ``double``", nil, 0},
		{"version 2.0 was released in 2020. 3) not a list either", nil, 0},
	} {
		s := &model.Summary{Text: c.text}
		md := model.Markdown(s)
		sh := shapeOf(md)
		if fmt.Sprint(sh.lists) != fmt.Sprint(c.lists) && len(sh.lists)+len(c.lists) > 0 {
			t.Errorf("%q: lists %v, want %v\n%s", c.text, sh.lists, c.lists, md)
		}
		if len(sh.links) != c.links {
			t.Errorf("%q: links %v, want %d\n%s", c.text, sh.links, c.links, md)
		}
		if len(sh.headings)+sh.html+sh.strike+sh.emojis+sh.images+sh.codeBlocks > 0 {
			t.Errorf("%q: became markup (headings %v, html %d, strike %d, emoji %d, images %d, code blocks %d):\n%s", c.text, sh.headings, sh.html, sh.strike, sh.emojis, sh.images, sh.codeBlocks, md)
		}
		if got, want := letters(strings.ReplaceAll(urlRE.ReplaceAllString(sh.text.String(), ""), "Figure", "")), letters(urlRE.ReplaceAllString(c.text, "")); got != want {
			t.Errorf("%q: reads as %q", c.text, sh.text.String())
		}
		if strings.Contains(sh.text.String(), "\x1b") {
			t.Errorf("%q: an entity became an escape character", c.text)
		}
	}
}

func TestDocumentHeader(t *testing.T) {
	ss := seedSummaries(t)
	if w := model.ApplyMeta(ss, seeds.Meta, seeds.MetaName); len(w) != 0 {
		t.Fatalf("seed sidecar warnings: %q", w)
	}
	model.NewCorpus("seed", ss)

	doc := model.Document(&ss[2])
	if !strings.HasPrefix(doc, "# Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity\n") {
		t.Errorf("summary 3: document starts %q", doc[:min(len(doc), 120)])
	}
	head := doc[:strings.Index(doc, "\n---\n")]
	for _, want := range []string{"2021", "https://arxiv.org/abs/2101.03961", "https://shortscience.org/paper?bibtexKey=journals/corr/2101.03961", "short name: Switch Transformer"} {
		if !strings.Contains(head, want) {
			t.Errorf("summary 3: header lacks %q:\n%s", want, head)
		}
	}
	if strings.Contains(head, "identified from the summary") {
		t.Errorf("summary 3: its title is from the source page, yet the header says otherwise:\n%s", head)
	}
	if !strings.HasSuffix(doc, model.Markdown(&ss[2])) {
		t.Error("summary 3: document does not end with the markdown")
	}
	// Shown in a pane, the header names its links, without the URLs a
	// pane would cut at a dot; the rest is the same document.
	shown := model.DocumentShown(&ss[2])
	shownHead := shown[:strings.Index(shown, "\n---\n")]
	if !strings.Contains(shownHead, "arXiv:2101.03961 · summary page (shortscience.org)") || strings.Contains(shownHead, "https://") {
		t.Errorf("summary 3: shown header:\n%s", shownHead)
	}
	if strings.TrimPrefix(shown, shownHead) != strings.TrimPrefix(doc, head) {
		t.Error("summary 3: the shown document differs from the document below the header")
	}

	// Summary 1: authors; summary 2: title identified from the text.
	if head := model.Document(&ss[0]); !strings.Contains(head, "Serge Belongie") {
		t.Errorf("summary 1: header lacks the authors:\n%s", head[:300])
	}
	if head := model.Document(&ss[1]); !strings.Contains(head, "title identified from the summary") || strings.Contains(head, "arxiv.org") {
		t.Errorf("summary 2: header should note the identified title and have no arXiv link:\n%s", head[:300])
	}
	// The last summary has no sidecar title: its derived one heads it.
	last := ss[len(ss)-1]
	if !strings.HasPrefix(model.Document(&last), "# "+last.Title+"\n") {
		t.Errorf("summary %d: document starts %q", len(ss), model.Document(&last)[:80])
	}

	// Every document parses with exactly one top heading, its title.
	for i := range ss {
		sh := shapeOf(model.Document(&ss[i]))
		if len(sh.headings) == 0 || sh.headings[0] != ss[i].Title {
			t.Errorf("summary %d: first heading %q, want the title %q", i+1, first(sh.headings), ss[i].Title)
		}
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func TestLinks(t *testing.T) {
	ss := seedSummaries(t)
	model.ApplyMeta(ss, seeds.Meta, seeds.MetaName)
	ls := model.Links(&ss[2])
	if len(ls) < 3 {
		t.Fatalf("summary 3: links %v", ls)
	}
	if ls[0].Kind != model.LinkPaper || ls[0].URL != "https://arxiv.org/abs/2101.03961" {
		t.Errorf("summary 3: first link %+v, want the arXiv page", ls[0])
	}
	if ls[1].Kind != model.LinkSource || !strings.HasPrefix(ls[1].URL, "https://shortscience.org/") {
		t.Errorf("summary 3: second link %+v, want the source page", ls[1])
	}
	for i, l := range ls[2:] {
		if l.Kind != model.LinkFigure || l.Label != "Figure "+itoa(i+1) {
			t.Errorf("summary 3: link %d is %+v, want Figure %d", i+3, l, i+1)
		}
	}
	// 139: figures first, then the web page.
	ls = model.Links(&ss[138])
	if l := ls[len(ls)-1]; l.Kind != model.LinkWeb || l.URL != "http://mark.reid.name/blog/meet-the-bregman-divergences.html" {
		t.Errorf("summary 139: last link %+v, want the web page", l)
	}
	// Only http(s), each once; a figure glued to a word ends at its
	// extension.
	s := &model.Summary{
		Text:  "See https://i.imgur.com/a.png and https://i.imgur.com/a.png again, ftp://x.y/z, javascript:alert(1), servethhttps://i.imgur.com/b.pnge purpose (https://example.org/p_(x)).",
		Paper: &model.Paper{URL: "javascript:alert(1)", Arxiv: "1234.56789"},
	}
	var got []string
	for _, l := range model.Links(s) {
		got = append(got, l.Kind.String()+" "+l.Label+" "+l.URL)
	}
	want := []string{
		"paper arXiv:1234.56789 https://arxiv.org/abs/1234.56789",
		"figure Figure 1 https://i.imgur.com/a.png",
		"figure Figure 2 https://i.imgur.com/b.png",
		"web example.org/p_(x) https://example.org/p_(x)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBlurb(t *testing.T) {
	ss := seedSummaries(t)
	model.ApplyMeta(ss, seeds.Meta, seeds.MetaName)
	c := model.NewCorpus("seed", ss)
	for i := 0; i < c.Len(); i++ {
		s := c.At(i)
		b := model.Blurb(s)
		if b == "" || utf8.RuneCountInString(b) > 100 || strings.ContainsAny(b, "\n*") {
			t.Errorf("summary %d: blurb %q", s.N, b)
		}
	}
	if b := model.Blurb(c.At(2)); !strings.HasPrefix(b, "The idea of the Switch Transformer") {
		t.Errorf("summary 3: blurb %q", b)
	}
	if b := model.Blurb(c.At(5)); !strings.HasPrefix(b, "FedAvg — Federated learning is") {
		t.Errorf("summary 6: blurb %q, want the derived name first", b)
	}
	if b := model.Blurb(c.At(3)); strings.HasPrefix(b, "MNasNet") {
		t.Errorf("summary 4: blurb %q repeats the name its title has", b)
	}
}

// BenchmarkMarkdown converts every summary of the seed corpus, as the
// reading pane does when each is opened.
func BenchmarkMarkdown(b *testing.B) {
	ss := seedSummaries(b)
	var n int64
	for i := range ss {
		n += int64(len(ss[i].Text))
	}
	b.SetBytes(n)
	for b.Loop() {
		for i := range ss {
			_ = model.Markdown(&ss[i])
		}
	}
}

// The reading header names a short name only when it is a name: not a
// headline cut from the text, and without the headline after a name.
func TestDocumentShortNameIsAName(t *testing.T) {
	for derived, want := range map[string]string{
		"I tried my best…":                "",
		"SMILES: Over the past few days…": "short name: SMILES",
		"Lottery Ticket Hypothesis: SGD":  "short name: Lottery Ticket Hypothesis: SGD",
		"Switch Transformer":              "short name: Switch Transformer",
	} {
		s := &model.Summary{Title: "A Paper", DerivedTitle: derived, Text: "Some text of the summary."}
		doc := model.Document(s)
		if want == "" && strings.Contains(doc, "short name") || want != "" && !strings.Contains(doc, want) {
			t.Errorf("derived %q: header %q, want %q", derived, doc[:min(len(doc), 120)], want)
		}
	}
}

// seedSummaries parses the embedded corpus, without its sidecar.
func seedSummaries(t testing.TB) []model.Summary {
	t.Helper()
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}
