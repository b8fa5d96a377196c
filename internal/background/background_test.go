package background

import "testing"

func TestJob(t *testing.T) {
	var j Job[int]
	if _, ok := j.Take(); ok || j.Started() {
		t.Fatal("a job never started gave a result")
	}
	j.Start(func() int { return 42 })
	if !j.Started() {
		t.Fatal("Started is false after Start")
	}
	if v, ok := j.Take(); !ok || v != 42 {
		t.Fatalf("Take = %d, %v; want 42, true", v, ok)
	}
	if _, ok := j.Take(); ok || j.Started() {
		t.Fatal("a second Take gave the result again")
	}
	j.Start(func() int { panic("boom") })
	if v, ok := j.Take(); ok || v != 0 {
		t.Fatalf("Take after a panic = %d, %v; want 0, false", v, ok)
	}
}
