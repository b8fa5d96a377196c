package model

import "slices"

// RelatedIndexBytes is the memory of c's related index (built if need be),
// for the benchmarks in package model_test.
func RelatedIndexBytes(c *Corpus) int {
	c.BuildRelatedIndex()
	return c.related.sizeBytes()
}

// RelatedIndexCheck reports whether every summary's terms are found with
// it in their inverted lists (the lists split by 65536-summary blocks).
func RelatedIndexCheck(c *Corpus) bool {
	c.BuildRelatedIndex()
	ix := c.related
	for d := 0; d < ix.n; d += 7 {
		for _, t := range ix.docTerms(d) {
			at := int(t)*ix.hiN + d>>16
			a, b := int(ix.postHi[at]), int(ix.postHi[at+1])
			k, ok := slices.BinarySearch(ix.postLo[a:b], uint16(d))
			if !ok || a+k >= b {
				return false
			}
		}
	}
	return true
}
