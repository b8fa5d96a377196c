// Package corpusgen makes large corpora in the [link] summary format for
// benchmarks and tests, so that 10k, 100k or 1M summaries can be produced
// on demand instead of committed.
//
// Each generated summary is one of the embedded seed summaries, varied: a
// share of its words are replaced by words drawn from the whole seed
// corpus (so term statistics stay realistic), a few are misspelt, some
// sentences are swapped, and invented method names are woven in, one of
// them unique to the summary's position, so every text (and so every id)
// differs. Sizes average those of the seed summaries (about 4 KB). The
// output depends only on n and the seed.
package corpusgen

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/precis/precis/seeds"
)

// base is one seed summary cut into sentences of words.
type base struct {
	sentences [][]string
	comments  int
}

type material struct {
	bases []base
	vocab []string // every word of the seed corpus, repeats kept (Zipf-like draws)
}

var (
	matOnce sync.Once
	mat     material
)

func load() *material {
	matOnce.Do(func() {
		lines := strings.Split(strings.ReplaceAll(string(seeds.Corpus), "\r\n", "\n"), "\n")
		for i := 0; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) != "[link]" || i+1 >= len(lines) {
				continue
			}
			text := strings.TrimSpace(lines[i+1])
			text = strings.TrimSpace(strings.TrimSuffix(text, "|"))
			if text == "" {
				continue
			}
			b := base{}
			if i+2 < len(lines) {
				if num, word, ok := strings.Cut(strings.TrimSpace(lines[i+2]), " "); ok && strings.HasPrefix(word, "Comment") {
					b.comments, _ = strconv.Atoi(num)
				}
			}
			for _, sent := range splitSentences(text) {
				words := strings.Fields(sent)
				if len(words) == 0 {
					continue
				}
				b.sentences = append(b.sentences, words)
				for _, w := range words {
					if w != "-" && !strings.Contains(w, "://") {
						mat.vocab = append(mat.vocab, w)
					}
				}
			}
			mat.bases = append(mat.bases, b)
		}
	})
	return &mat
}

// splitSentences cuts text after ". ", "? " and "! ".
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(text); i++ {
		c := text[i]
		if (c == '.' || c == '?' || c == '!') && text[i+1] == ' ' {
			out = append(out, text[start:i+1])
			start = i + 2
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

var (
	// Two letters each, so distinct sequences spell distinct names.
	syllables = []string{"ka", "ro", "ve", "li", "ta", "mo", "zu", "pe", "do", "qi", "se", "ar", "be", "cy", "fo", "ga", "hy", "jo", "lu", "ne", "op", "pa", "ru", "st", "te", "ul", "vi", "we", "xa", "yo", "ze", "mi"}
	suffixes  = []string{"Net", "Former", "GAN", "BERT", "-RL", "Flow", "Diff", "NAS", "-VAE", "Mix", "Prop", "Match"}
	phrases   = []string{"We call the method %s.", "The authors name their approach %s.", "This is what %s builds on.", "Compared with %s, the gains are modest.", "%s is the key ingredient here."}
)

// name appends an invented method name for k: distinct k give distinct
// names (k is written in base len(syllables), then a suffix).
func name(dst []byte, k uint64, suffix int) []byte {
	first := true
	for {
		s := syllables[k%uint64(len(syllables))]
		if first {
			dst = append(dst, s[0]-'a'+'A')
			dst = append(dst, s[1:]...)
			first = false
		} else {
			dst = append(dst, s...)
		}
		k /= uint64(len(syllables))
		if k == 0 {
			break
		}
	}
	return append(dst, suffixes[suffix%len(suffixes)]...)
}

// appendSummary appends summary i (0-based) of the corpus for seed, with
// its [link] line, " |" end and any trailer.
func appendSummary(dst []byte, m *material, seed int64, i int) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)*0x9e3779b97f4a7c15+1))
	b := &m.bases[r.IntN(len(m.bases))]
	dst = append(dst, "[link]\n"...)

	// Sentence order: the first stays, a few others swap places.
	ns := len(b.sentences)
	var orderBuf [256]int
	order := orderBuf[:0]
	for k := range ns {
		order = append(order, k)
	}
	for range ns / 4 {
		if ns < 3 {
			break
		}
		x, y := 1+r.IntN(ns-1), 1+r.IntN(ns-1)
		order[x], order[y] = order[y], order[x]
	}
	unique := uint64(i)
	at := r.IntN(ns) // sentence after which the unique name is introduced
	other := r.Uint64N(4096)
	first := true
	for si, k := range order {
		for _, w := range b.sentences[k] {
			if !first {
				dst = append(dst, ' ')
			}
			first = false
			x := r.Uint64()
			switch p := x & 1023; {
			case p < 150 && w != "-": // ~15%: another word of the corpus
				dst = append(dst, m.vocab[(x>>10)%uint64(len(m.vocab))]...)
			case p < 175 && len(w) > 3 && letters(w[(x>>10)%uint64(len(w)-1):]): // ~2.5%: a misspelling
				j := int((x >> 10) % uint64(len(w)-1))
				dst = append(dst, w[:j]...)
				dst = append(dst, w[j+1], w[j])
				dst = append(dst, w[j+2:]...)
			case p < 180: // ~0.5%: a shared invented name
				dst = name(dst, other+(x>>10)%64, int(x>>20))
			default:
				dst = append(dst, w...)
			}
		}
		if si == at {
			ph := phrases[(unique+uint64(seed))%uint64(len(phrases))]
			before, after, _ := strings.Cut(ph, "%s")
			dst = append(dst, ' ')
			dst = append(dst, before...)
			dst = name(dst, unique, int(unique/uint64(len(syllables))))
			dst = append(dst, after...)
		}
	}
	dst = append(dst, " |\n"...)
	if b.comments > 0 || r.IntN(40) == 0 {
		c := b.comments
		if c == 0 {
			c = 1 + r.IntN(5)
		}
		dst = strconv.AppendInt(dst, int64(c), 10)
		dst = append(dst, " Comments\n|\n"...)
	}
	return dst
}

// letters reports whether s starts with two ASCII letters (swapping them
// keeps the text valid UTF-8).
func letters(s string) bool {
	isLetter := func(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
	return isLetter(s[0]) && isLetter(s[1])
}

const avgSize = 4100

// writeBatch is how many summaries Write makes at a time.
var writeBatch = 8192

// generator makes summaries in batches on all cores, reusing its
// buffers from one batch to the next.
type generator struct {
	m     *material
	seed  int64
	parts [][]byte // one per worker, in order
}

func newGenerator(seed int64) *generator {
	return &generator{m: load(), seed: seed, parts: make([][]byte, runtime.GOMAXPROCS(0))}
}

// batch makes summaries lo..hi-1 and returns them as consecutive pieces,
// valid until the next call.
func (g *generator) batch(lo, hi int) [][]byte {
	workers := len(g.parts)
	if hi-lo < 256 || workers < 2 {
		workers = 1
	}
	step := (hi - lo + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		a, z := lo+w*step, min(lo+(w+1)*step, hi)
		wg.Go(func() {
			buf := g.parts[w][:0]
			if need := (z - a) * avgSize; cap(buf) < need {
				buf = make([]byte, 0, need+need/8)
			}
			for i := a; i < z; i++ {
				buf = appendSummary(buf, g.m, g.seed, i)
			}
			g.parts[w] = buf
		})
	}
	wg.Wait()
	return g.parts[:workers]
}

// Generate returns n summaries in the corpus format, the same for the
// same n and seed; the first k summaries are the same for any n >= k.
func Generate(n int, seed int64) []byte {
	if n <= 0 {
		return nil
	}
	parts := newGenerator(seed).batch(0, n)
	if len(parts) == 1 {
		return parts[0]
	}
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	out := make([]byte, 0, size)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Write streams the n summaries of Generate(n, seed) to w in batches,
// without holding them all.
func Write(w io.Writer, n int, seed int64) error {
	g := newGenerator(seed)
	for lo := 0; lo < n; lo += writeBatch {
		for _, p := range g.batch(lo, min(lo+writeBatch, n)) {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteFile writes the n summaries of Generate(n, seed) to path.
func WriteFile(path string, n int, seed int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := Write(bw, n, seed); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
