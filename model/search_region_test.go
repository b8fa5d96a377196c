package model

import "testing"

// A region's blocks, taken from its start and its end in any order, are
// non-empty, at most a block long, and cover the region exactly: the
// forward worker's from the start up, the backward worker's from the end
// down, all of the first below all of the second.
func TestRegionBlocks(t *testing.T) {
	for _, c := range []struct{ lo, hi, block int }{
		{0, 0, 16}, {0, 10, 16}, {0, 16, 16}, {0, 17, 16}, {5, 105, 16}, {0, 160, 16}, {7, 1000, 256},
	} {
		// f and b: which worker asks next, in turn.
		for _, turns := range []string{"fb", "ffb", "fbb", "f", "b", "bff"} {
			r := &region{lo: c.lo, hi: c.hi, block: c.block}
			r.front, r.back = r.lo, r.hi
			var fw, bw [][2]int
			for i := 0; ; i++ {
				forward := turns[i%len(turns)] == 'f'
				lo, hi, ok := r.next(forward)
				if !ok {
					break
				}
				if lo >= hi || hi-lo > c.block {
					t.Fatalf("%+v %s: block [%d, %d)", c, turns, lo, hi)
				}
				if forward {
					fw = append(fw, [2]int{lo, hi})
				} else {
					bw = append(bw, [2]int{lo, hi})
				}
			}
			at := c.lo
			for _, b := range fw {
				if b[0] != at {
					t.Fatalf("%+v %s: forward block [%d, %d), want it to start at %d", c, turns, b[0], b[1], at)
				}
				at = b[1]
			}
			for i := len(bw) - 1; i >= 0; i-- {
				if b := bw[i]; b[0] != at {
					t.Fatalf("%+v %s: backward block [%d, %d), want it to start at %d", c, turns, b[0], b[1], at)
				}
				at = bw[i][1]
			}
			if at != c.hi {
				t.Fatalf("%+v %s: the blocks end at %d, want %d", c, turns, at, c.hi)
			}
		}
	}
}
