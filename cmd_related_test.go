package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func runRelated(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"related"}, args...), strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

type relatedJSON struct {
	N      int     `json:"n"`
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Score  float64 `json:"score"`
	Reason string  `json:"reason"`
}

func relatedRows(t *testing.T, args ...string) []relatedJSON {
	t.Helper()
	out, errOut, code := runRelated(append([]string{"--json"}, args...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("related --json %v: exit %d, stderr %q", args, code, errOut)
	}
	var rows []relatedJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("related --json %v: %v\n%s", args, err, out)
	}
	return rows
}

// precis related 14 (NeRF) lists Nerfies, which builds on it, and SIREN,
// which it builds on, first, saying so.
func TestRelatedCommandNeRF(t *testing.T) {
	rows := relatedRows(t, "14")
	if len(rows) != 10 {
		t.Fatalf("%d rows, want the default 10", len(rows))
	}
	byN := map[int]relatedJSON{}
	for _, r := range rows[:2] {
		byN[r.N] = r
	}
	for _, n := range []int{13, 15} {
		r, ok := byN[n]
		if !ok {
			t.Errorf("summary %d not in the top 2: %+v", n, rows[:2])
			continue
		}
		if !strings.Contains(r.Reason, "builds on") {
			t.Errorf("summary %d: reason %q does not say builds on", n, r.Reason)
		}
		if r.ID == "" || r.Title == "" || r.Score <= 0 {
			t.Errorf("summary %d: incomplete row %+v", n, r)
		}
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Score > rows[i-1].Score {
			t.Errorf("not best first at %d: %+v", i, rows)
		}
	}
}

// precis related 16 (the lottery ticket hypothesis for BERT) lists the
// other lottery-ticket summaries.
func TestRelatedCommandLottery(t *testing.T) {
	rows := relatedRows(t, "-n", "5", "16")
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5", len(rows))
	}
	lottery := map[int]bool{40: true, 63: true, 64: true, 95: true, 107: true}
	hits := 0
	for _, r := range rows {
		if lottery[r.N] {
			hits++
		}
	}
	if hits < 3 {
		t.Errorf("%d of the top 5 are lottery-ticket summaries, want at least 3: %+v", hits, rows)
	}
}

func TestRelatedCommandText(t *testing.T) {
	out, errOut, code := runRelated("-n", "3", "13")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
	}
	f := strings.Fields(lines[0])
	if len(f) < 4 || f[0] != "14" {
		t.Fatalf("first line %q, want summary 14 (NeRF) first", lines[0])
	}
	if _, err := strconv.ParseFloat(f[2], 64); err != nil {
		t.Errorf("first line %q: third field is not a score", lines[0])
	}
	if !strings.Contains(lines[0], "(builds on") {
		t.Errorf("first line %q gives no reason", lines[0])
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape sequences in output: %q", out)
	}
}

// REF may be an id or a query as well as a position; all name the same
// summary and give the same list.
func TestRelatedCommandRefForms(t *testing.T) {
	byN := relatedRows(t, "-n", "4", "13")
	list := relatedRows(t, "-n", "4", "14")
	var id string
	for _, r := range list {
		if r.N == 13 {
			id = r.ID
		}
	}
	if id == "" {
		t.Fatalf("summary 13 not related to 14: %+v", list)
	}
	byID := relatedRows(t, "-n", "4", id)
	if len(byID) != len(byN) {
		t.Fatalf("by id %+v, by n %+v", byID, byN)
	}
	for i := range byN {
		if byID[i] != byN[i] {
			t.Errorf("by id %+v differs from by n %+v", byID[i], byN[i])
		}
	}
}

func TestRelatedCommandErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "needs a REF"},
		{[]string{"-n", "0", "14"}, 2, "-n must be 1 or more"},
		{[]string{"--bogus", "14"}, 2, "unknown flag"},
		{[]string{"999"}, 1, "no summary 999"},
	}
	for _, c := range cases {
		out, errOut, code := runRelated(c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("related %v: exit %d, stderr %q, stdout %q; want exit %d and one line with %q", c.args, code, errOut, out, c.code, c.msg)
		}
	}
}

// With --corpus, related works on the user's file: the follow-up that
// says it builds on a summary lists it first.
func TestRelatedCommandOwnCorpus(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.txt")
	corpus := "[link]\nSimCLR learns representations by contrastive learning over augmented views of images. |\n" +
		"[link]\nCuriosity gives reinforcement learning agents an intrinsic reward for novel states. |\n" +
		"[link]\nThis builds on my summary of SimCLR: harder augmentation for contrastive views. |\n"
	if err := os.WriteFile(path, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := relatedRows(t, "--corpus", path, "3")
	// Summary 2 shares nothing with 3: it is not listed at all.
	if len(rows) != 1 || rows[0].N != 1 {
		t.Fatalf("related 3 in own corpus: %+v, want summary 1 only", rows)
	}
	if !strings.Contains(rows[0].Reason, "SimCLR") {
		t.Errorf("reason %q does not name SimCLR", rows[0].Reason)
	}
}
