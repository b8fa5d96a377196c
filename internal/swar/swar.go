// Package swar holds the helpers that look at eight bytes of text at a
// time in one 64-bit word ("SIMD within a register"): the title deriver
// and the search index's tokenizer use them to skip through ASCII text,
// and the id hash its constants. A mask flags a byte by its high bit (0x80).
//
// The package imports nothing, so that the packages using it initialize
// early (see internal/seedload).
package swar

// Every byte 0x01, every byte 0x80.
const (
	Ones  = 0x0101010101010101
	Highs = 0x8080808080808080
)

// Load64 is the eight bytes of s at i, little-endian: the first byte is
// the lowest.
func Load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// Zero flags the zero bytes of x; the lowest flag is exact, those above
// it may be false.
func Zero(x uint64) uint64 {
	return (x - Ones) &^ x & Highs
}

// Space flags exactly the bytes of x that are a space, tab or newline.
func Space(x uint64) uint64 {
	return Eq(x, ' ') | Eq(x, '\n') | Eq(x, '\t')
}

// Eq flags exactly the bytes of x equal to c.
func Eq(x uint64, c byte) uint64 {
	v := x ^ Ones*uint64(c)
	t := v&^Highs + ^uint64(Highs)&^Highs
	return ^(t | v) & Highs
}

// Lower flags the bytes of x that are 'a' to 'z'.
func Lower(x uint64) uint64 {
	x7 := x &^ Highs
	ge := x7 + Ones*(0x80-'a')
	gt := x7 + Ones*(0x80-'z'-1)
	return ge &^ gt &^ x & Highs
}

// Upper flags the bytes of x that are 'A' to 'Z'.
func Upper(x uint64) uint64 {
	x7 := x &^ Highs
	ge := x7 + Ones*(0x80-'A')
	gt := x7 + Ones*(0x80-'Z'-1)
	return ge &^ gt &^ x & Highs
}

// Digit flags the bytes of x that are '0' to '9'.
func Digit(x uint64) uint64 {
	x7 := x &^ Highs
	ge := x7 + Ones*(0x80-'0')
	gt := x7 + Ones*(0x80-'9'-1)
	return ge &^ gt &^ x & Highs
}
