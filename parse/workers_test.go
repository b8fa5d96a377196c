package parse

import (
	"strings"
	"sync/atomic"
	"testing"
)

// TestWorkersRaisePanicsInCaller checks that a worker's panic reaches the
// goroutine that waited, with the panic's value and the worker's stack,
// after every other worker has finished.
func TestWorkersRaisePanicsInCaller(t *testing.T) {
	for _, n := range []int{1, 4} {
		var done atomic.Int32
		got := func() (v any) {
			defer func() { v = recover() }()
			workers(n, func(w int) {
				if w == n-1 {
					panic("worker boom")
				}
				done.Add(1)
			})
			return nil
		}()
		if got == nil {
			t.Fatalf("n=%d: the panic did not reach the caller", n)
		}
		if done.Load() != int32(n-1) {
			t.Fatalf("n=%d: %d other workers finished, want %d", n, done.Load(), n-1)
		}
		msg := ""
		switch v := got.(type) {
		case string:
			msg = v
		case error:
			msg = v.Error()
		}
		if !strings.Contains(msg, "worker boom") {
			t.Fatalf("n=%d: recovered %v, want the worker's panic", n, got)
		}
		if n > 1 && !strings.Contains(msg, "TestWorkersRaisePanicsInCaller") {
			t.Fatalf("n=%d: no worker stack in %q", n, msg)
		}
	}
}
