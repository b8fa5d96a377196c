package swar

import (
	"math/rand/v2"
	"testing"
)

// TestFlagsMatchBytes checks every helper against a byte-at-a-time loop
// on random words, and on words built from the bytes at the edges of each
// range.
func TestFlagsMatchBytes(t *testing.T) {
	edges := []byte{0, 1, '\t', '\n', ' ', '/', '0', '9', ':', '@', 'A', 'Z', '[', '`', 'a', 'z', '{', 0x7f, 0x80, 0xc3, 0xff}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 200_000 {
		var b [8]byte
		for i := range b {
			if n%2 == 0 {
				b[i] = edges[r.IntN(len(edges))]
			} else {
				b[i] = byte(r.Uint32())
			}
		}
		s := string(b[:])
		x := Load64(s, 0)
		flags := func(f func(c byte) bool) uint64 {
			var m uint64
			for i, c := range b {
				if f(c) {
					m |= 0x80 << (8 * i)
				}
			}
			return m
		}
		for _, c := range []struct {
			name string
			got  uint64
			want uint64
		}{
			{"Space", Space(x), flags(func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' })},
			{"Eq('x')", Eq(x, 'x'), flags(func(c byte) bool { return c == 'x' })},
			{"Lower", Lower(x), flags(func(c byte) bool { return 'a' <= c && c <= 'z' })},
			{"Upper", Upper(x), flags(func(c byte) bool { return 'A' <= c && c <= 'Z' })},
			{"Digit", Digit(x), flags(func(c byte) bool { return '0' <= c && c <= '9' })},
		} {
			if c.got != c.want {
				t.Fatalf("%s(%q) = %#x, want %#x", c.name, s, c.got, c.want)
			}
		}
		// Zero: the lowest flag is exact.
		z, want := Zero(x), flags(func(c byte) bool { return c == 0 })
		if z&-z != want&-want {
			t.Fatalf("Zero(%q) lowest flag %#x, want %#x", s, z&-z, want&-want)
		}
		var le uint64 // little-endian: b[0] lowest
		for i := 7; i >= 0; i-- {
			le = le<<8 | uint64(b[i])
		}
		if x != le {
			t.Fatalf("Load64(%q) = %#x, want %#x", s, x, le)
		}
	}
}
