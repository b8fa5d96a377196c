package ui

// TEMPORARY shims until model's search context, links and blurbs land.

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"codeberg.org/precis/precis/model"
)

func searchContext(ctx context.Context, c *model.Corpus, q string) ([]model.Hit, error) {
	h := c.Search(q, 0)
	return h, ctx.Err()
}

type shimLink struct{ label, url string }

var urlRe = regexp.MustCompile(`https?://[^\s)]+`)

func summaryLinks(s *model.Summary) []shimLink {
	var out []shimLink
	for _, u := range urlRe.FindAllString(s.Text, -1) {
		out = append(out, shimLink{label: u, url: u})
	}
	return out
}

func safeURL(u string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" && p.Scheme != "https" || strings.ContainsAny(u, " \t\n") {
		return "", false
	}
	return u, true
}

func blurb(s *model.Summary) string {
	t := s.Text
	if len(t) > 120 {
		t = t[:120]
	}
	return t
}
