package model

// RelatedIndexBytes is the memory of c's related index (built if need be),
// for the benchmarks in package model_test.
func RelatedIndexBytes(c *Corpus) int {
	c.BuildRelatedIndex()
	return c.related.sizeBytes()
}
