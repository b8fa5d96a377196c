package corpusgen

import "sync"

var (
	cacheMu sync.Mutex
	cache   = map[int]*cachedCorpus{}
)

type cachedCorpus struct {
	once sync.Once
	data []byte
}

// Cached returns Generate(n, 1), made once per process: benchmarks in
// several files and packages share the large corpora instead of each
// keeping its own copy. The result must not be modified.
func Cached(n int) []byte {
	cacheMu.Lock()
	c, ok := cache[n]
	if !ok {
		c = &cachedCorpus{}
		cache[n] = c
	}
	cacheMu.Unlock()
	c.once.Do(func() { c.data = Generate(n, 1) })
	return c.data
}
