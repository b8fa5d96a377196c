package seedload

import (
	"reflect"
	"testing"
)

// TestSummariesPreloadedAndAnew checks that the parse init started (the
// test binary's arguments name no corpus) gives what a parse made on the
// spot gives, titles included, and that each call's summaries are its own.
func TestSummariesPreloadedAndAnew(t *testing.T) {
	if !job.Started() {
		if runs > 0 {
			job.Start(load) // go test -count=N: an earlier run took init's parse
		} else {
			t.Fatal("init did not start parsing the embedded corpus")
		}
	}
	runs++
	pre, preWarn, err := Summaries()
	if err != nil {
		t.Fatal(err)
	}
	if job.Started() {
		t.Fatal("Summaries did not take the parse init started")
	}
	anew, anewWarn, err := Summaries()
	if err != nil {
		t.Fatal(err)
	}
	if len(pre) < 100 || len(pre) != len(anew) {
		t.Fatalf("%d summaries preloaded, %d parsed anew", len(pre), len(anew))
	}
	for i := range pre {
		if pre[i].DerivedTitle == "" {
			t.Fatalf("summary %d: no title derived", i+1)
		}
		if !reflect.DeepEqual(pre[i], anew[i]) {
			t.Fatalf("summary %d differs:\npreloaded %+v\nanew      %+v", i+1, pre[i], anew[i])
		}
		if pre[i].Source != Name {
			t.Fatalf("summary %d: source %q, want %q", i+1, pre[i].Source, Name)
		}
	}
	if !reflect.DeepEqual(preWarn, anewWarn) {
		t.Fatalf("warnings differ: %v and %v", preWarn, anewWarn)
	}
	pre[0].DerivedTitle = "changed"
	if anew[0].DerivedTitle == "changed" {
		t.Fatal("the two calls share their summaries")
	}
}

// runs counts the runs of TestSummariesPreloadedAndAnew in this process.
var runs int

func TestReadsSeed(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"list"}, true},
		{[]string{"search", "corpus"}, true},
		{[]string{"show", "--plain", "3"}, true},
		{[]string{"--corpusx"}, true},
		{[]string{"--corpus", "big.txt", "list"}, false},
		{[]string{"search", "--corpus=big.txt", "gan"}, false},
		{[]string{"--corpus=-"}, false},
		{[]string{"--help"}, false},
		{[]string{"search", "-h"}, false},
		{[]string{"--version"}, false},
		{[]string{"help", "search"}, false},
		{[]string{"completion", "bash"}, false},
		{[]string{"__complete", "show", ""}, false},
		{[]string{"search", "--", "--help"}, true},
	} {
		if got := readsSeed(c.args); got != c.want {
			t.Errorf("readsSeed(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
