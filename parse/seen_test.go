package parse

import "testing"

// TestSeenTable checks that keys put in one generation are found, with
// their index, as the table grows; and that a reset forgets them all.
func TestSeenTable(t *testing.T) {
	var st seenTable
	for gen := range 3 {
		st.reset()
		n := 50 + 400*gen // grows past 256 slots in later generations
		for i := range n {
			h := uint64(i)*0x9e3779b97f4a7c15 + uint64(gen)
			if _, ok := st.get(h); ok {
				t.Fatalf("generation %d: key %d found before it was put", gen, i)
			}
			st.put(h, i)
		}
		for i := range n {
			h := uint64(i)*0x9e3779b97f4a7c15 + uint64(gen)
			if at, ok := st.get(h); !ok || at != i {
				t.Fatalf("generation %d: key %d: got %d, %v", gen, i, at, ok)
			}
		}
		// Keys of the previous generation are gone.
		if gen > 0 {
			if _, ok := st.get(uint64(1)*0x9e3779b97f4a7c15 + uint64(gen-1)); ok {
				t.Fatalf("generation %d: a key of generation %d is still there", gen, gen-1)
			}
		}
	}
}
