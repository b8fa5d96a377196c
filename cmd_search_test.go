package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runSearch(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"search"}, args...), strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestSearchCommandText(t *testing.T) {
	out, errOut, code := runSearch("cylcegan")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if !strings.HasPrefix(lines[0], " 164  ") {
		t.Errorf("first hit %q, want summary 164", lines[0])
	}
	if !strings.Contains(lines[0], "CycleGAN") {
		t.Errorf("first hit %q has no snippet naming CycleGAN", lines[0])
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape sequences in output to a non-terminal: %q", out)
	}
	if len(lines) > 10 {
		t.Errorf("%d lines, want at most the default 10", len(lines))
	}
}

func TestSearchCommandJoinsArguments(t *testing.T) {
	out, errOut, code := runSearch("--json", "-n", "1", "fed", "avg")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []searchRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].N != 6 {
		t.Errorf("fed avg = %+v, want summary 6", rows)
	}
}

func TestSearchCommandJSON(t *testing.T) {
	out, errOut, code := runSearch("--json", "-n", "3", "switch-transformer")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rows) == 0 || len(rows) > 3 {
		t.Fatalf("%d rows, want 1 to 3", len(rows))
	}
	for _, k := range []string{"n", "id", "title", "score", "snippet"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("row has no %q: %v", k, rows[0])
		}
	}
	if rows[0]["n"].(float64) != 3 {
		t.Errorf("first hit n = %v, want 3", rows[0]["n"])
	}
	for i := 1; i < len(rows); i++ {
		if rows[i]["score"].(float64) > rows[i-1]["score"].(float64) {
			t.Errorf("scores not best first: %v", rows)
		}
	}
}

func TestSearchCommandAllHits(t *testing.T) {
	out, _, code := runSearch("-n", "0", "gan")
	if code != 0 || strings.Count(out, "\n") <= 10 {
		t.Errorf("-n 0 gan: exit %d, %d lines, want more than 10", code, strings.Count(out, "\n"))
	}
}

func TestSearchCommandNoHits(t *testing.T) {
	out, errOut, code := runSearch("zzqxv", "nothing")
	if code != 1 || out != "" || errOut != "precis: no summary matches \"zzqxv nothing\"\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runSearch("--json", "zzqxv")
	if code != 1 || strings.TrimSpace(out) != "[]" {
		t.Errorf("--json: exit %d, stdout %q, want [] and exit 1", code, out)
	}
}

func TestSearchCommandUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"  "}, {"-n", "-1", "gan"}, {"--bogus", "gan"}} {
		if _, errOut, code := runSearch(args...); code != 2 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("search %q: exit %d, stderr %q; want 2 and one line", args, code, errOut)
		}
	}
}

func TestWriteMarkedBoldsRunes(t *testing.T) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	writeMarked(w, "Un café\tnoir", []int{3, 4, 5, 6}, true)
	w.Flush()
	if want := "Un \x1b[1mcafé\x1b[22m noir"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	b.Reset()
	writeMarked(w, "café", []int{0, 3}, false)
	w.Flush()
	if b.String() != "café" {
		t.Errorf("plain: got %q", b.String())
	}
}

// TestSearchCommandEveryHitHasSnippet: -n 0 prints every hit, and each
// has its snippet, past the ones the search decorates first too.
func TestSearchCommandEveryHitHasSnippet(t *testing.T) {
	out, errOut, code := runSearch("--json", "-n", "0", "learning")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []searchRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) <= 60 {
		t.Fatalf("%d hits for learning, want more than 60 for this test", len(rows))
	}
	for i, r := range rows {
		if r.Snippet == "" {
			t.Errorf("hit %d (summary %d) has no snippet", i+1, r.N)
		}
	}
	text, _, _ := runSearch("-n", "0", "learning")
	if got := strings.Count(text, "\u2014"); got < len(rows) {
		t.Errorf("%d of %d lines have a snippet", got, len(rows))
	}
}
