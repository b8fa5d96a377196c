package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortKeys orders keys exactly as slices.Sort does, for lists on both
// sides of radixMin and keys that share some of their bytes.
func TestSortKeysIsSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var buf []hitKey
	for _, n := range []int{0, 1, 2, radixMin - 1, radixMin, radixMin + 1, 5000, 100_000} {
		for _, shape := range []string{"scores and docs", "equal scores", "few scores", "random"} {
			keys := make([]hitKey, n)
			for i := range keys {
				d := int32(i)
				switch shape {
				case "scores and docs":
					keys[i] = makeKey(rng.Float32()*20, d)
				case "equal scores":
					keys[i] = makeKey(3.5, d)
				case "few scores":
					keys[i] = makeKey(float32(rng.IntN(4)), d)
				default:
					keys[i] = hitKey(rng.Uint64())
				}
			}
			rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
			want := slices.Clone(keys)
			slices.Sort(want)
			sortKeys(keys, &buf)
			if !slices.Equal(keys, want) {
				t.Fatalf("n=%d, %s: sortKeys differs from slices.Sort", n, shape)
			}
		}
	}
}

func BenchmarkSortKeys(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys := make([]hitKey, 50_000)
	for i := range keys {
		keys[i] = makeKey(rng.Float32()*20, int32(i))
	}
	work := make([]hitKey, len(keys))
	var buf []hitKey
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(work, keys)
			sortKeys(work, &buf)
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		for b.Loop() {
			copy(work, keys)
			slices.Sort(work)
		}
	})
}
