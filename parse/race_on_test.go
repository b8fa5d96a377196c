//go:build race

package parse_test

// raceEnabled: the race detector changes allocation counts (sync.Pool
// drops items at random), so allocation tests skip under -race.
const raceEnabled = true
