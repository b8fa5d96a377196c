package corpusgen

// SetWriteBatch makes Write work in batches of n summaries until the
// returned function is called.
func SetWriteBatch(n int) (restore func()) {
	old := writeBatch
	writeBatch = n
	return func() { writeBatch = old }
}
