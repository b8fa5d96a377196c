//go:build race

package hugeheap

// The race detector's shadow memory faults in 4 KB pages beside the heap.
const raceEnabled = true
