// Package background runs a piece of work on another goroutine and hands
// its result to the first that asks for it: internal/seedload and
// internal/seedmeta start theirs while the program's packages
// initialize. It imports only sync, so that those packages still
// initialize before the libraries.
package background

import "sync"

// Job is work started in the background, for one taker.
type Job[T any] struct {
	mu      sync.Mutex
	pending chan outcome[T] // the work started, until Take takes it
}

// outcome is the work's result; failed says that it panicked.
type outcome[T any] struct {
	v      T
	failed bool
}

// Start runs f on a goroutine of its own, for the next Take. A panic in f
// is caught: Take then reports no result, and the caller does the work
// itself, where the program's crash handling sees a panic.
func (j *Job[T]) Start(f func() T) {
	ch := make(chan outcome[T], 1)
	j.mu.Lock()
	j.pending = ch
	j.mu.Unlock()
	go func() {
		defer func() {
			if recover() != nil {
				ch <- outcome[T]{failed: true}
			}
		}()
		ch <- outcome[T]{v: f()}
	}()
}

// Started reports whether work was started and not yet taken.
func (j *Job[T]) Started() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.pending != nil
}

// Take waits for the work Start started and returns its result. ok is
// false when none was started, when it was taken already, or when it
// panicked.
func (j *Job[T]) Take() (v T, ok bool) {
	j.mu.Lock()
	ch := j.pending
	j.pending = nil
	j.mu.Unlock()
	if ch == nil {
		return v, false
	}
	o := <-ch
	return o.v, !o.failed
}
