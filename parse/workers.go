package parse

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// workers runs fn(0) to fn(n-1), each on its own goroutine, and waits for
// them. A panic in one is raised again in the caller, with the worker's
// stack, so that the caller's recovery sees it: the reader's crash
// handling, and internal/seedload's.
func workers(n int, fn func(w int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	var failed atomic.Pointer[workerPanic]
	for w := range n {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					stack := make([]byte, 16<<10)
					stack = stack[:runtime.Stack(stack, false)]
					failed.CompareAndSwap(nil, &workerPanic{v, stack})
				}
			}()
			fn(w)
		})
	}
	wg.Wait()
	if p := failed.Load(); p != nil {
		panic(p)
	}
}

// workerPanic is a worker's panic, raised again by the goroutine that
// waited for it.
type workerPanic struct {
	value any
	stack []byte
}

func (p *workerPanic) Error() string {
	return fmt.Sprintf("%v\n\nin a worker goroutine:\n%s", p.value, p.stack)
}
