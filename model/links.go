package model

import (
	"net/url"
	"strings"
)

// LinkKind says what a link of a summary points at.
type LinkKind int

const (
	// LinkPaper is the paper itself (its arXiv abstract page).
	LinkPaper LinkKind = iota
	// LinkSource is the summary's original page.
	LinkSource
	// LinkFigure is a figure (an image URL) in the summary's text.
	LinkFigure
	// LinkWeb is any other URL in the summary's text.
	LinkWeb
)

func (k LinkKind) String() string {
	switch k {
	case LinkPaper:
		return "paper"
	case LinkSource:
		return "source"
	case LinkFigure:
		return "figure"
	case LinkWeb:
		return "web"
	}
	return "link"
}

// Link is something of a summary a person can open.
type Link struct {
	URL   string
	Label string
	Kind  LinkKind
}

// ArxivURL is the address of the abstract page of an arXiv id.
func ArxivURL(id string) string { return "https://arxiv.org/abs/" + id }

// Links returns what a person can open from the summary, in the order
// the reading pane offers them: the sidecar's links (the paper on arXiv,
// the summary's original page), then the figures numbered in the order
// they appear in the text, then the other URLs of the text. Only http and
// https URLs are returned, each once.
func Links(s *Summary) []Link {
	var out []Link
	seen := map[string]bool{}
	add := func(l Link) {
		if !seen[l.URL] && isWebURL(l.URL) {
			seen[l.URL] = true
			out = append(out, l)
		}
	}
	if p := s.Paper; p != nil {
		if p.Arxiv != "" {
			add(Link{URL: ArxivURL(p.Arxiv), Label: "arXiv:" + p.Arxiv, Kind: LinkPaper})
		}
		if p.URL != "" {
			add(Link{URL: p.URL, Label: "summary page (" + hostOf(p.URL) + ")", Kind: LinkSource})
		}
	}
	var figs, web []Link
	nfig := 0
	inText := map[string]bool{}
	forEachURL(s.Text, func(_, _ int, u string, fig bool) {
		if inText[u] {
			return
		}
		inText[u] = true
		if fig {
			nfig++
			figs = append(figs, Link{URL: u, Label: "Figure " + itoa(nfig), Kind: LinkFigure})
		} else {
			web = append(web, Link{URL: u, Label: shortURL(u), Kind: LinkWeb})
		}
	})
	for _, l := range figs {
		add(l)
	}
	for _, l := range web {
		add(l)
	}
	return out
}

// isWebURL reports whether u is an absolute http or https URL with a host.
func isWebURL(u string) bool {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return strings.TrimPrefix(p.Host, "www.")
	}
	return u
}

// shortURL is a URL without its scheme, cut to a readable length.
func shortURL(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	s = strings.TrimPrefix(s, "www.")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// forEachURL calls fn for every http(s) URL in s, in order, with its byte
// span and whether it is a figure (an image). Trailing punctuation is
// left out of a URL, and an image URL glued to the next word
// ("….pnge purpose") ends after its file extension.
func forEachURL(s string, fn func(start, end int, u string, fig bool)) {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "http")
		if j < 0 {
			return
		}
		start := i + j
		end, fig := urlAt(s, start)
		if end <= start {
			i = start + 4
			continue
		}
		fn(start, end, s[start:end], fig)
		i = end
	}
}

// urlAt returns the end of the URL starting at s[start] (start itself if
// there is none) and whether it is an image.
func urlAt(s string, start int) (int, bool) {
	rest := s[start:]
	var n int
	switch {
	case strings.HasPrefix(rest, "https://"):
		n = 8
	case strings.HasPrefix(rest, "http://"):
		n = 7
	default:
		return start, false
	}
	end := start + n
	for end < len(s) && urlByte(s[end]) {
		end++
	}
	// Leave out trailing punctuation, and a closing bracket that does not
	// close one opened inside the URL.
	for end > start+n {
		c := s[end-1]
		if strings.IndexByte(".,;:!?'\"*_", c) >= 0 {
			end--
			continue
		}
		if c == ')' && strings.Count(s[start:end], "(") < strings.Count(s[start:end], ")") ||
			c == ']' && strings.Count(s[start:end], "[") < strings.Count(s[start:end], "]") {
			end--
			continue
		}
		break
	}
	if end <= start+n || strings.IndexByte(s[start+n:end], '.') < 0 {
		return start, false // no host
	}
	u := s[start:end]
	host := u[n:]
	if k := strings.IndexAny(host, "/?#"); k >= 0 {
		host = host[:k]
	}
	lower := strings.ToLower(u)
	for _, ext := range imageExts {
		if k := strings.LastIndex(lower, ext); k > n+len(host) {
			after := k + len(ext)
			if after == len(u) || u[after] == '?' || u[after] == '#' {
				return end, true
			}
			if host == "i.imgur.com" && !strings.ContainsAny(u[after:], "/?#") {
				// "…/x.pnge": the extension, then a letter of the text.
				return start + after, true
			}
		}
	}
	return end, host == "i.imgur.com"
}

var imageExts = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}

// urlByte reports whether c can be part of a URL found in running text.
func urlByte(c byte) bool {
	if c >= 0x80 {
		return false // typographic quotes and the like end a URL
	}
	return c > ' ' && c != '<' && c != '>' && c != '"' && c != '`' && c != '\\' && c != '|' && c != '{' && c != '}' && c != 0x7f
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
