package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/precis/precis/parse"
)

// Markdown returns the summary's text as markdown for the reading pane.
// It is computed on each call (nothing is stored) in one linear pass.
//
// The corpus flattened its summaries onto one line; Markdown restores the
// structure the text clearly had: inline bullets (" - item - item", at
// least two items, introduced by a colon or a sentence end) become a
// list, numbered points ("1) … 2) …", "1. … 2. …") a numbered list, short
// bold lead-ins ("**Datasets** The …") headings, image URLs a figure line
// "[Figure N](url)" of their own, other URLs links. Everything else that
// markdown would take as markup is escaped, so the text reads as written.
func Markdown(s *Summary) string {
	w := mdWriter{}
	w.b.Grow(len(s.Text) + len(s.Text)/8 + 64)
	text := s.Text
	for text != "" {
		para := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			para, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		w.paragraph(strings.TrimSpace(para))
	}
	return strings.TrimRight(w.b.String(), "\n") + "\n"
}

// Document returns the whole reading-pane document: a header with the
// title, the authors and year and the links where the sidecar knows them,
// a subtle note when the title was identified from the summary rather
// than taken from a source, the derived short name when it differs from
// the title, then Markdown.
func Document(s *Summary) string { return summaryDocument(s, true, true) }

// DocumentPlain is Document for plain text: the lines precis writes
// above the text (the notes on the title) carry no emphasis, which a
// plain rendering would show as literal asterisks.
func DocumentPlain(s *Summary) string { return summaryDocument(s, false, true) }

// DocumentShown is Document for a terminal pane (the reader, precis
// show): the header names its links ("arXiv:2105.05837 · summary page
// (shortscience.org)") rather than print their URLs, which are longer
// than a pane is wide and would be cut at a dot. They are one key away
// (o), and in the text's own links.
func DocumentShown(s *Summary) string { return summaryDocument(s, true, false) }

func summaryDocument(s *Summary, emphasis, urls bool) string {
	var b strings.Builder
	md := Markdown(s)
	b.Grow(len(md) + 512)
	title := s.Title
	if title == "" {
		title = s.DerivedTitle
	}
	b.WriteString("# ")
	b.WriteString(inlineLine(oneLineText(title), nil))
	b.WriteString("\n\n")
	if p := s.Paper; p != nil {
		var who []string
		if len(p.Authors) > 0 {
			who = append(who, inline(oneLineText(strings.Join(p.Authors, ", ")), 0, nil))
		}
		if p.Year > 0 {
			who = append(who, strconv.Itoa(p.Year))
		}
		if len(who) > 0 {
			b.WriteString(strings.Join(who, " · "))
			b.WriteString("\n\n")
		}
	}
	var links []string
	for _, l := range Links(s) {
		var label string
		switch l.Kind {
		case LinkPaper:
			label = "arXiv:" + inline(s.Paper.Arxiv, 0, nil)
		case LinkSource:
			label = "summary page"
			if !urls {
				label += " (" + inline(hostOf(l.URL), 0, nil) + ")"
			}
		default:
			continue
		}
		if urls {
			label = "[" + label + "](" + l.URL + ")"
		}
		links = append(links, label)
	}
	if len(links) > 0 {
		b.WriteString(strings.Join(links, " · "))
		b.WriteString("\n\n")
	}
	var notes []string
	if s.Paper != nil && s.Paper.Provenance == ProvenanceText && s.Paper.Title != "" {
		notes = append(notes, "title identified from the summary")
	}
	if d := shortName(s.DerivedTitle); d != "" && !strings.EqualFold(d, title) {
		notes = append(notes, "short name: "+inline(oneLineText(d), 1, nil))
	}
	if len(notes) > 0 {
		if emphasis {
			b.WriteString("*")
		}
		b.WriteString(strings.Join(notes, " · "))
		if emphasis {
			b.WriteString("*")
		}
		b.WriteString("\n\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(md)
	return b.String()
}

// shortName is the name part of a derived title: none for a headline cut
// from the text ("I tried my best…"), the name alone for a name with a
// headline after it ("SMILES: Over the past few days…").
func shortName(derived string) string {
	if !strings.HasSuffix(derived, "…") {
		return derived
	}
	if name, _, ok := strings.Cut(derived, ": "); ok {
		return name
	}
	return ""
}

// Blurb is a one-line description of the summary for the list's second
// line: the derived short name when the title is another, then the
// opening of the first sentence; at most blurbMax runes.
func Blurb(s *Summary) string {
	var b strings.Builder
	first := parse.FirstSentence(s.Text)
	first = strings.NewReplacer("**", "", "*", "", "`", "").Replace(first)
	// The short name, unless the title or the sentence already says it
	// (or it is a headline made from that sentence).
	if d := strings.ToLower(strings.TrimSuffix(s.DerivedTitle, "…")); d != "" &&
		!strings.Contains(strings.ToLower(s.Title), d) && !strings.Contains(strings.ToLower(first), d) {
		b.WriteString(s.DerivedTitle)
		b.WriteString(" — ")
	}
	b.WriteString(first)
	return truncateRunes(oneLineText(b.String()), blurbMax)
}

const blurbMax = 100

// oneLineText folds runs of white space (newlines included) to one space.
func oneLineText(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// truncateRunes cuts s to at most max runes, at a word boundary when one
// is near, marking the cut with "…".
func truncateRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	t := s[:cut]
	if k := strings.LastIndexByte(t, ' '); k > len(t)*2/3 {
		t = t[:k]
	}
	return strings.TrimRight(t, " ,;:-–—") + "…"
}

// mdWriter builds the markdown of one summary.
type mdWriter struct {
	b    strings.Builder
	figs []string // figure URLs in order; Figure N is figs[N-1]
}

func (w *mdWriter) figNumber(u string) int {
	for i, f := range w.figs {
		if f == u {
			return i + 1
		}
	}
	w.figs = append(w.figs, u)
	return len(w.figs)
}

// paragraph writes one paragraph of the text: its figures on lines of
// their own, the prose around them structured by prose.
func (w *mdWriter) paragraph(p string) {
	if p == "" {
		return
	}
	cur, afterFig := 0, false
	forEachURL(p, func(start, end int, u string, fig bool) {
		if !fig || start < cur {
			return
		}
		if start > 0 && isWordByte(p[start-1]) {
			// Glued into a word ("questionhttps://…png answering"): keep
			// the sentence whole, without its figures, and show them
			// after it.
			e := parse.SentenceEnd(p, end)
			var sb strings.Builder
			sb.WriteString(p[cur:start])
			figs := []string{u}
			k := end
			forEachURL(p[end:e], func(s2, e2 int, u2 string, fig2 bool) {
				if fig2 {
					sb.WriteString(p[k : end+s2])
					k = end + e2
					figs = append(figs, u2)
				}
			})
			sb.WriteString(p[k:e])
			w.prose(sb.String(), afterFig)
			for _, f := range figs {
				w.figure(w.figNumber(f), f)
			}
			cur = e
		} else {
			n := w.figNumber(u)
			w.prose(p[cur:start], afterFig)
			w.figure(n, u)
			cur = end
		}
		afterFig = true
	})
	w.prose(p[cur:], afterFig)
}

func (w *mdWriter) figure(n int, u string) {
	w.b.WriteString("[Figure ")
	w.b.WriteString(strconv.Itoa(n))
	w.b.WriteString("](")
	w.b.WriteString(u)
	w.b.WriteString(")\n\n")
}

// prose writes text without figures: headings split it, then lists.
func (w *mdWriter) prose(t string, afterFig bool) {
	t = strings.TrimSpace(t)
	cur := 0
	for i := 0; i+4 < len(t); {
		k := strings.Index(t[i:], "**")
		if k < 0 {
			break
		}
		k += i
		if inner, end, ok := headingAt(t, k); ok {
			w.blocks(t[cur:k], afterFig)
			w.b.WriteString("## ")
			w.b.WriteString(inlineLine(inner, w))
			w.b.WriteString("\n\n")
			cur, i, afterFig = end, end, false
			continue
		}
		i = k + 2
	}
	w.blocks(t[cur:], afterFig)
}

// headingAt reports whether a bold span at t[k:] is a heading: a short
// title-like phrase at the start or after a sentence, followed by a new
// sentence ("… test sets. **Datasets** MoleculeNet contains …").
func headingAt(t string, k int) (inner string, end int, ok bool) {
	if k > 0 && t[k-1] != ' ' {
		return "", 0, false
	}
	j := strings.Index(t[k+2:], "**")
	if j <= 0 || j > 60 {
		return "", 0, false
	}
	inner = t[k+2 : k+2+j]
	end = k + 4 + j
	if strings.TrimSpace(inner) != inner || strings.ContainsAny(inner, ".!?;*") || len(strings.Fields(inner)) > 6 {
		return "", 0, false
	}
	if r, _ := utf8.DecodeRuneInString(inner); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return "", 0, false
	}
	rest := strings.TrimLeft(t[end:], " ")
	if rest != "" {
		if end < len(t) && t[end] != ' ' && t[end] != ':' {
			return "", 0, false
		}
		rest = strings.TrimLeft(rest, ": ")
		r, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '-' && r != '"' && r != '“' && r != '(' && r != '[' {
			return "", 0, false
		}
		if t[end] == ':' {
			end++
		}
	}
	return inner, end, true
}

// blocks writes text as paragraphs and the lists found in it.
func (w *mdWriter) blocks(t string, afterFig bool) {
	t = strings.TrimSpace(t)
	for t != "" {
		start, items, end, numbered := findList(t, afterFig)
		if items == nil {
			w.para(t)
			return
		}
		w.para(t[:start])
		for i, it := range items {
			if numbered {
				w.b.WriteString(strconv.Itoa(i + 1))
				w.b.WriteString(". ")
			} else {
				w.b.WriteString("- ")
			}
			w.b.WriteString(inlineLine(it, w))
			w.b.WriteByte('\n')
		}
		w.b.WriteByte('\n')
		t = strings.TrimSpace(t[end:])
		afterFig = false
	}
}

func (w *mdWriter) para(t string) {
	t = strings.TrimSpace(t)
	if t == "" {
		return
	}
	w.b.WriteString(inlineLine(t, w))
	w.b.WriteString("\n\n")
}

// findList finds the first list in t: where it starts, its items, where
// it ends and whether it is numbered. items is nil when there is none.
func findList(t string, afterFig bool) (start int, items []string, end int, numbered bool) {
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '-' && i+1 < len(t) && t[i+1] == ' ' && (i == 0 || t[i-1] == ' '):
			if items, end := dashList(t, i, afterFig && i == 0); items != nil {
				return i, items, end, false
			}
		case c == '1' && i+2 < len(t) && (t[i+1] == ')' || t[i+1] == '.') && t[i+2] == ' ' && (i == 0 || t[i-1] == ' '):
			if items, end := numberedList(t, i); items != nil {
				return i, items, end, true
			}
		}
	}
	return 0, nil, 0, false
}

// dashList parses a dash list whose first marker is at t[i]. A list needs
// a colon, a sentence end or the start before it and at least two items
// (one is enough right after a figure); dashes used as punctuation
// ("Transformers - powered by attention - have …") are not lists.
func dashList(t string, i int, one bool) ([]string, int) {
	before := strings.TrimRight(t[:i], " ")
	colon := strings.HasSuffix(before, ":")
	first := t[i+2:]
	capStyle := !startsLower(first)
	if !colon && before != "" && !(endsSentence(before) && capStyle) {
		return nil, 0
	}
	var items []string
	pos := i + 2
	itemStart := pos
	for {
		k := nextDash(t, pos, capStyle)
		if k < 0 {
			break
		}
		it := strings.TrimSpace(t[itemStart:k])
		if capStyle && len(items) > 0 && len(strings.Fields(items[len(items)-1])) > 10 && isLabel(it) {
			// "- Deep Tensor Neural Network - Instead of bonds, …": a
			// name and its description, one item.
			pos = k + 3
			continue
		}
		if it != "" {
			items = append(items, it)
		}
		pos = k + 3
		itemStart = pos
	}
	pos = itemStart
	if len(items) == 0 && !one {
		return nil, 0
	}
	last, end := lastItem(t, pos, items, !capStyle)
	if last == "" {
		if len(items) < 2 && !(one && len(items) == 1) {
			return nil, 0
		}
		return items, end
	}
	items = append(items, last)
	if len(items) < 2 && !one {
		return nil, 0
	}
	return items, end
}

// isLabel reports whether an item is a bare name of a few capitalised
// words ("Deep Tensor Neural Network").
func isLabel(it string) bool {
	ws := strings.Fields(it)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	for _, w := range ws {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return !strings.ContainsAny(it, ".,;:!?")
}

// nextDash finds the next " - " item boundary at or after pos; in a list
// of capitalised items, a dash followed by a lower-case word is
// punctuation inside an item.
func nextDash(t string, pos int, capStyle bool) int {
	for pos < len(t) {
		k := strings.Index(t[pos:], " - ")
		if k < 0 {
			return -1
		}
		k += pos
		if !capStyle || !startsLower(t[k+3:]) {
			return k
		}
		pos = k + 3
	}
	return -1
}

// numberedList parses numbered points "1) … 2) …" (or "1. … 2. …" after a
// sentence end or colon, each point starting with a capital) at t[i].
func numberedList(t string, i int) ([]string, int) {
	sep := t[i+1]
	if sep == '.' {
		before := strings.TrimRight(t[:i], " ")
		if before != "" && !strings.HasSuffix(before, ":") && !endsSentence(before) {
			return nil, 0
		}
		if startsLower(t[i+3:]) {
			return nil, 0
		}
	}
	var items []string
	pos := i + 3
	for n := 2; ; n++ {
		marker := " " + strconv.Itoa(n) + string(sep) + " "
		k := strings.Index(t[pos:], marker)
		if k < 0 {
			break
		}
		k += pos
		if sep == '.' && startsLower(t[k+len(marker):]) {
			break
		}
		items = append(items, strings.TrimSpace(t[pos:k]))
		pos = k + len(marker)
	}
	if len(items) == 0 {
		return nil, 0
	}
	last, end := lastItem(t, pos, items, false)
	if last == "" {
		return items, end
	}
	return append(items, last), end
}

// lastItem cuts the last item of a list, which runs on into the text
// after the list: it gets as many sentences as the longest earlier item
// had (at least one). In a list of lower-case phrases it also ends where
// a new sentence plainly starts ("… barrier) An interesting thing …").
func lastItem(t string, pos int, items []string, phrases bool) (string, int) {
	max := 1
	for _, it := range items {
		if n := sentenceCount(it); n > max {
			max = n
		}
	}
	end := pos
	for n := 0; n < max && end < len(t); n++ {
		end = parse.SentenceEnd(t, end)
	}
	if k := starterBreak(t[pos:end], phrases); k > 0 {
		end = pos + k
	}
	return strings.TrimSpace(t[pos:end]), end
}

// starterBreak finds " An"/" The"/… starting a new sentence right after
// a word without punctuation ("… your weights The overall effect …");
// 0 if there is none. In a list of phrases any word may come before it,
// elsewhere only a lower-case word or a closing bracket.
func starterBreak(s string, phrases bool) int {
	for i := 1; i < len(s); i++ {
		if s[i] != ' ' || s[i-1] == ',' || s[i-1] == ':' || s[i-1] == ' ' {
			continue
		}
		if p := s[i-1]; !phrases && !(p >= 'a' && p <= 'z' || p == ')') {
			continue
		}
		w := s[i+1:]
		if k := strings.IndexByte(w, ' '); k >= 0 {
			w = w[:k]
		}
		if sentenceStarters[w] {
			return i
		}
	}
	return 0
}

var sentenceStarters = map[string]bool{
	"The": true, "This": true, "These": true, "Those": true, "That": true,
	"An": true, "In": true, "It": true, "Its": true, "We": true, "They": true,
	"There": true, "However,": true, "Overall,": true, "Also,": true,
	"When": true, "If": true, "Finally,": true, "Here": true, "Here,": true,
	"Their": true, "Our": true, "My": true, "Some": true, "Most": true,
	"Another": true, "One": true, "So": true, "But": true,
}

func sentenceCount(s string) int {
	n := 0
	for pos := 0; pos < len(s); n++ {
		pos = parse.SentenceEnd(s, pos)
	}
	return n
}

// endsSentence reports whether t ends with a sentence end.
func endsSentence(t string) bool {
	t = strings.TrimRight(t, ")\"'”’")
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// inlineLine renders t as inline markdown that is safe at the start of a
// line: a leading "-", "+", "#", "=" or "1." is escaped so that it does
// not start a list or a heading.
func inlineLine(t string, w *mdWriter) string {
	s := inline(t, 0, w)
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return "\\" + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// inline renders text as inline markdown: the emphasis and code spans the
// text intends are kept, URLs become links (figures "[Figure N](url)"),
// and every other character markdown would read as markup is escaped.
// At depth > 0 (inside emphasis) '*' is always escaped.
func inline(t string, depth int, w *mdWriter) string {
	var b strings.Builder
	b.Grow(len(t) + 16)
	for i := 0; i < len(t); {
		j := i
		for j < len(t) && !inlineSpecial[t[j]] {
			j++
		}
		b.WriteString(t[i:j])
		if i = j; i >= len(t) {
			break
		}
		c := t[i]
		switch c {
		case 'h':
			if end, fig := urlAt(t, i); end > i && (i == 0 || !isWordByte(t[i-1]) || fig) {
				u := t[i:end]
				if fig {
					n := 0
					if w != nil {
						n = w.figNumber(u)
					}
					b.WriteString("[Figure")
					if n > 0 {
						b.WriteString(" " + strconv.Itoa(n))
					}
					b.WriteString("](" + u + ")")
				} else {
					b.WriteString("<" + u + ">")
				}
				i = end
				continue
			}
		case '*':
			if depth == 0 {
				if n, inner, end := emphasisAt(t, i); n > 0 {
					b.WriteString(t[i : i+n])
					b.WriteString(inline(inner, depth+1, w))
					b.WriteString(t[i : i+n])
					i = end
					continue
				}
			}
			b.WriteString("\\*")
			i++
			continue
		case '`':
			if j := strings.IndexByte(t[i+1:], '`'); j > 0 && j < 200 && t[i+1] != ' ' && t[i+j] != ' ' {
				b.WriteString(t[i : i+j+2])
				i += j + 2
				continue
			}
			b.WriteString("\\`")
			i++
			continue
		case '\\', '[', ']', '<', '>', '_', '|', '#':
			b.WriteByte('\\')
			b.WriteByte(c)
			i++
			continue
		case '&':
			b.WriteString("&amp;")
			i++
			continue
		case '~':
			b.WriteString("&#126;")
			i++
			continue
		case ':':
			// ":name:" would become an emoji.
			j := i + 1
			for j < len(t) && (t[j] >= 'a' && t[j] <= 'z' || t[j] >= '0' && t[j] <= '9' || t[j] == '_' || t[j] == '+' || t[j] == '-') {
				j++
			}
			if j > i+1 && j < len(t) && t[j] == ':' {
				b.WriteString(t[i:j])
				b.WriteString("&#58;")
				i = j + 1
				continue
			}
		case '\t':
			b.WriteByte(' ')
			i++
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// inlineSpecial marks the bytes inline looks at: the rest is copied as is.
var inlineSpecial = func() (m [256]bool) {
	for _, c := range []byte("h*`\\[]<>_|#&~:\t") {
		m[c] = true
	}
	return m
}()

// emphasisAt reports whether t[i:] opens "*…*" or "**…**" that the text
// closes nearby: the opener not inside a word and followed by a non-space,
// the closer after a non-space and not followed by a letter or digit.
// It returns the delimiter length, the inner text and the end.
func emphasisAt(t string, i int) (int, string, int) {
	n := 1
	if i+1 < len(t) && t[i+1] == '*' {
		n = 2
	}
	if i+n < len(t) && t[i+n] == '*' || i > 0 && isWordByte(t[i-1]) || i+n >= len(t) || t[i+n] == ' ' {
		return 0, "", 0
	}
	delim := t[i : i+n]
	limit := len(t)
	if limit > i+300 {
		limit = i + 300
	}
	for j := i + n + 1; j+n <= limit; j++ {
		if !strings.HasPrefix(t[j:], delim) {
			continue
		}
		if t[j-1] == ' ' || t[j-1] == '*' || j+n < len(t) && (isWordByte(t[j+n]) || t[j+n] == '*') {
			if j+n < len(t) && t[j+n] == '*' {
				return 0, "", 0
			}
			continue
		}
		return n, t[i+n : j], j + n
	}
	return 0, "", 0
}
