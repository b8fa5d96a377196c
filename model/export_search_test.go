package model

// SetParallelMin sets the corpus size from which searches use every core
// and returns a function that restores it.
func SetParallelMin(n int) func() {
	old := parallelMin
	parallelMin = n
	return func() { parallelMin = old }
}
