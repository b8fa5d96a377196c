package model_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/model"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

// parsedSeed is the embedded corpus as the loader has it before
// NewCorpus: parsed, with its metadata applied.
func parsedSeed(t testing.TB) []model.Summary {
	t.Helper()
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	model.ApplyMeta(ss, seeds.Meta, seeds.MetaName)
	return ss
}

// parsedGen is a generated corpus, parsed, with two identical summaries
// (their ids are made unique) and a summary without text.
func parsedGen(t testing.TB, n int) []model.Summary {
	t.Helper()
	ss, _, err := parse.Bytes(corpusgen.Generate(n, 3), "gen")
	if err != nil {
		t.Fatal(err)
	}
	ss = append(ss, ss[0], model.Summary{Text: "", ID: parse.HashID("")})
	return ss
}

// testTag stands for the program's version.
const testTag = "precis test"

func writeCache(t testing.TB, c *model.Corpus) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := c.WriteCache(&b, testTag); err != nil {
		t.Fatal(err)
	}
	// In place, as a mapped file would be: 4-byte aligned.
	return append(make([]byte, 0, b.Len()+8), b.Bytes()...)
}

// TestCacheRoundTrip: a corpus made from its cache has the titles, the
// ids and the search results of one made anew, and searches without
// building an index; one-shot searches (ExpectQueries) use the cached
// index too.
func TestCacheRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		ss   func() []model.Summary
	}{
		{"seed", func() []model.Summary { return parsedSeed(t) }},
		{"generated", func() []model.Summary { return parsedGen(t, 1500) }},
		{"empty", func() []model.Summary { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh := model.NewCorpus("c", tc.ss())
			data := writeCache(t, fresh)
			cached, err := model.NewCorpusFromCache("c", tc.ss(), data, testTag)
			if err != nil {
				t.Fatal(err)
			}
			if !cached.SearchReady() {
				t.Fatal("a corpus from its cache has no search index")
			}
			ix := model.SearchIndexOf(cached)
			cached.BuildSearchIndex()
			if model.SearchIndexOf(cached) != ix {
				t.Fatal("BuildSearchIndex built the index a cache brought again")
			}
			if !reflect.DeepEqual(cached.All(), fresh.All()) {
				for i := range fresh.All() {
					if !reflect.DeepEqual(cached.All()[i], fresh.All()[i]) {
						t.Fatalf("summary %d: %+v, want %+v", i, cached.All()[i], fresh.All()[i])
					}
				}
				t.Fatal("summaries differ")
			}
			for _, q := range expectQueries(t) {
				if got, want := cached.Search(q, 0), fresh.Search(q, 0); !reflect.DeepEqual(got, want) {
					t.Errorf("%q: %d hits, want %d", q, len(got), len(want))
				}
			}
			again, err := model.NewCorpusFromCache("c", tc.ss(), data, testTag)
			if err != nil {
				t.Fatal(err)
			}
			q := "lottery ticket"
			again.ExpectQueries(q)
			if got, want := again.Search(q, 5), fresh.Search(q, 5); !reflect.DeepEqual(got, want) {
				t.Errorf("expected query %q: %v, want %v", q, got, want)
			}
			if !model.UsesWholeIndex(again, q) {
				t.Errorf("expected query %q built an index of its own beside the cached one", q)
			}
		})
	}
}

// TestCacheRefusesOtherCorpora: a cache is used only for the summaries it
// was written for: another text, another order, one summary more, a new
// title or author from the metadata, all refuse it, and the summaries
// are left as they were.
func TestCacheRefusesOtherCorpora(t *testing.T) {
	data := writeCache(t, model.NewCorpus("c", parsedSeed(t)))
	edits := map[string]func(ss []model.Summary) []model.Summary{
		"text": func(ss []model.Summary) []model.Summary {
			ss[5].Text += " more"
			ss[5].ID = parse.HashID(ss[5].Text)
			return ss
		},
		"white space only, same id and length": func(ss []model.Summary) []model.Summary {
			i := strings.IndexByte(ss[5].Text, ' ')
			ss[5].Text = ss[5].Text[:i] + "\n" + ss[5].Text[i+1:]
			if parse.HashID(ss[5].Text) != ss[5].ID {
				t.Fatal("the white space edit changed the id")
			}
			return ss
		},
		"same id, other length": func(ss []model.Summary) []model.Summary {
			ss[5].Text += " "
			return ss
		},
		"order": func(ss []model.Summary) []model.Summary {
			ss[1], ss[2] = ss[2], ss[1]
			return ss
		},
		"one more": func(ss []model.Summary) []model.Summary { return append(ss, ss[3]) },
		"one less": func(ss []model.Summary) []model.Summary { return ss[1:] },
		"title": func(ss []model.Summary) []model.Summary {
			ss[7].Title = "A Title From The Sidecar"
			return ss
		},
		"author": func(ss []model.Summary) []model.Summary {
			for i := range ss {
				if ss[i].Paper != nil && len(ss[i].Paper.Authors) > 0 {
					p := *ss[i].Paper
					p.Authors = append(slices.Clone(p.Authors), "Someone Else")
					ss[i].Paper = &p
					return ss
				}
			}
			t.Fatal("no summary with authors")
			return nil
		},
	}
	ss := parsedSeed(t)
	if _, err := model.NewCorpusFromCache("c", ss, data, "another precis"); !errors.Is(err, model.ErrNoCache) {
		t.Errorf("another program's cache: %v, want ErrNoCache", err)
	}
	for name, edit := range edits {
		ss := edit(parsedSeed(t))
		before := slices.Clone(ss)
		if _, err := model.NewCorpusFromCache("c", ss, data, testTag); !errors.Is(err, model.ErrNoCache) {
			t.Errorf("%s: %v, want ErrNoCache", name, err)
		}
		if !reflect.DeepEqual(ss, before) {
			t.Errorf("%s: a refused cache changed the summaries", name)
		}
	}
}

// TestCacheDamaged: a cache cut short or with any byte changed is
// refused with an error, never a panic, and leaves the summaries as
// they were.
func TestCacheDamaged(t *testing.T) {
	ss := parsedGen(t, 300)
	data := writeCache(t, model.NewCorpus("c", slices.Clone(ss)))
	// The control: the undamaged cache is taken, so that what refuses a
	// damaged one is the damage, not its key.
	if _, err := model.NewCorpusFromCache("c", slices.Clone(ss), data, testTag); err != nil {
		t.Fatalf("the undamaged cache: %v", err)
	}
	try := func(what string, d []byte) {
		t.Helper()
		s := slices.Clone(ss)
		if _, err := model.NewCorpusFromCache("c", s, d, testTag); err == nil {
			t.Errorf("%s: accepted", what)
		}
		if !reflect.DeepEqual(s, ss) {
			t.Errorf("%s: a refused cache changed the summaries", what)
		}
	}
	damage(data, try)
}

// damage calls try with copies of the cache data damaged every way a
// file can be: cut short at points through it, a byte changed here and
// there (every byte of the first 64, then sparser), a byte more, and
// bytes more with the checksum made right.
func damage(data []byte, try func(what string, d []byte)) {
	for _, n := range []int{0, 1, 7, 8, 40, 100, len(data) / 2, len(data) - 5, len(data) - 1} {
		try("cut to "+strconv.Itoa(n), append(make([]byte, 0, len(data)), data[:n]...))
	}
	for i := 0; i < len(data); i += 1 + i/64 {
		d := append(make([]byte, 0, len(data)), data...)
		d[i] ^= 0x41
		try("byte "+strconv.Itoa(i)+" changed", d)
	}
	try("a byte more", append(append(make([]byte, 0, len(data)+1), data...), 0))
	try("four bytes more, checksum right", model.WithTrailingBytes(data, 4))
}

// TestCacheChecksIndex: a cache whose checksum matches but whose index
// is inconsistent (as a bug in the writer would make it) is refused
// with what is wrong, not used.
func TestCacheChecksIndex(t *testing.T) {
	ss := parsedGen(t, 200)
	data := writeCache(t, model.NewCorpus("c", slices.Clone(ss)))
	for name, corrupt := range model.CacheCorruptions() {
		d := append(make([]byte, 0, len(data)), data...)
		corrupt(d)
		_, err := model.NewCorpusFromCache("c", slices.Clone(ss), d, testTag)
		if err == nil || errors.Is(err, model.ErrNoCache) || strings.Contains(err.Error(), "checksum") {
			t.Errorf("%s: %v, want the index or a title refused", name, err)
		}
	}
}

// TestCacheVersion: the cache's version names what the parser, the
// title deriver and the search index make of the embedded corpus. A
// change to any of them that changes their output must come with a new
// cacheVersion, or old caches would be read as new: this test fails
// until the recorded digest is updated with the version.
func TestCacheVersion(t *testing.T) {
	c := model.NewCorpus("c", parsedSeed(t))
	data := writeCache(t, c)
	// The cache's bytes hold the titles, every term and posting: a
	// digest of them, with the ids, is what the cache depends on.
	sum := sha256.Sum256(data)
	const want = "1:6d5ec904abc5fd81"
	got := strconv.Itoa(model.CacheVersion) + ":" + hex.EncodeToString(sum[:8])
	if got != want {
		t.Fatalf("the cache of the embedded corpus is %s, recorded %s: if the parser, titles or index changed, bump cacheVersion and record the new value", got, want)
	}
}

// TestCheckIndex: each way an index read from a cache can be
// inconsistent is refused; a consistent one passes.
func TestCheckIndex(t *testing.T) {
	p := model.Posting
	one := []float32{1, 1, 1}
	good := func() (string, []uint32, []uint32, []uint32, []float32) {
		// "ab" in summaries 0 and 1, "cd" in 2, "ef" in 1 and 2.
		return "abcdef", []uint32{0, 2, 4, 6}, []uint32{0, 2, 3, 5}, []uint32{p(0), p(1), p(2), p(1), p(2)}, slices.Clone(one)
	}
	blob, off, start, post, docK := good()
	if err := model.CheckIndex(3, blob, off, start, post, docK); err != nil {
		t.Fatalf("a consistent index: %v", err)
	}
	for name, bad := range map[string]func(blob *string, off, start, post *[]uint32, docK *[]float32){
		"first offset not 0":    func(_ *string, off, _, _ *[]uint32, _ *[]float32) { (*off)[0] = 1 },
		"offsets short of blob": func(b *string, _, _, _ *[]uint32, _ *[]float32) { *b += "x" },
		"empty term":            func(_ *string, off, _, _ *[]uint32, _ *[]float32) { (*off)[1] = 0 },
		"term too long": func(b *string, off, _, _ *[]uint32, _ *[]float32) {
			*b = "ab" + strings.Repeat("c", 49) + "ef"
			(*off)[2], (*off)[3] = 51, 53
		},
		"terms out of order":   func(b *string, _, _, _ *[]uint32, _ *[]float32) { *b = "cdabef" },
		"same term twice":      func(b *string, _, _, _ *[]uint32, _ *[]float32) { *b = "ababef" },
		"first start not 0":    func(_ *string, _, start, _ *[]uint32, _ *[]float32) { (*start)[0] = 1 },
		"starts short of post": func(_ *string, _, _, post *[]uint32, _ *[]float32) { *post = append(*post, p(2)) },
		"postings backwards": func(_ *string, _, start, _ *[]uint32, _ *[]float32) {
			(*start)[1], (*start)[2] = 3, 2
		},
		"posting past summaries":   func(_ *string, _, _, post *[]uint32, _ *[]float32) { (*post)[4] = p(3) },
		"postings out of order":    func(_ *string, _, _, post *[]uint32, _ *[]float32) { (*post)[0], (*post)[1] = p(2), p(0) },
		"posting twice":            func(_ *string, _, _, post *[]uint32, _ *[]float32) { (*post)[1] = p(0) },
		"starts and offsets":       func(_ *string, _, start, _ *[]uint32, _ *[]float32) { *start = (*start)[:2] },
		"length norms":             func(_ *string, _, _, _ *[]uint32, docK *[]float32) { *docK = (*docK)[:2] },
		"zero length norm":         func(_ *string, _, _, _ *[]uint32, docK *[]float32) { (*docK)[1] = 0 },
		"infinite length norm":     func(_ *string, _, _, _ *[]uint32, docK *[]float32) { (*docK)[1] = float32(math.Inf(1)) },
		"not-a-number length norm": func(_ *string, _, _, _ *[]uint32, docK *[]float32) { (*docK)[1] = float32(math.NaN()) },
	} {
		blob, off, start, post, docK := good()
		bad(&blob, &off, &start, &post, &docK)
		if err := model.CheckIndex(3, blob, off, start, post, docK); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
