package seedmeta

import (
	"reflect"
	"testing"
)

// runs counts the runs of TestReadPreloadedAndAnew in this process.
var runs int

// TestReadPreloadedAndAnew checks that the parse init started (the test
// binary's arguments name no corpus) gives what a parse made on the spot
// gives, and that each call's result is its own.
func TestReadPreloadedAndAnew(t *testing.T) {
	if !job.Started() {
		if runs > 0 {
			job.Start(parse) // go test -count=N: an earlier run took init's parse
		} else {
			t.Fatal("init did not start parsing the embedded sidecar")
		}
	}
	runs++
	pre, preWarns := Read()
	if job.Started() {
		t.Fatal("Read did not take the parse init started")
	}
	anew, anewWarns := Read()
	if pre == nil || anew == nil {
		t.Fatalf("no sidecar: %v, %v", preWarns, anewWarns)
	}
	if !reflect.DeepEqual(pre, anew) || !reflect.DeepEqual(preWarns, anewWarns) {
		t.Fatalf("the preloaded sidecar differs from one parsed anew:\n%+v %v\n%+v %v", pre, preWarns, anew, anewWarns)
	}
	if pre == anew {
		t.Fatal("the two calls share their sidecar")
	}
}
