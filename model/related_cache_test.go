package model_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/precis/precis/model"
)

func writeRelatedCache(t testing.TB, c *model.Corpus) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := c.WriteRelatedCache(&b, testTag); err != nil {
		t.Fatal(err)
	}
	// In place, as a mapped file would be: 4-byte aligned.
	return append(make([]byte, 0, b.Len()+8), b.Bytes()...)
}

// sameRelated fails t unless the two corpora relate every summary to the
// same others, with the same scores and reasons.
func sameRelated(t *testing.T, got, want *model.Corpus) {
	t.Helper()
	for i := range want.Len() {
		if g, w := got.Related(i, 10), want.Related(i, 10); !reflect.DeepEqual(g, w) {
			t.Fatalf("related to summary %d:\n%+v\nwant\n%+v", i, g, w)
		}
	}
}

// TestRelatedCacheRoundTrip: a corpus given its related cache relates
// every summary as one that built its related index anew, and has it at
// once, without building it.
func TestRelatedCacheRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		ss   func() []model.Summary
	}{
		{"seed", func() []model.Summary { return parsedSeed(t) }},
		{"generated", func() []model.Summary { return parsedGen(t, 800) }},
		{"empty", func() []model.Summary { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh := model.NewCorpus("c", tc.ss())
			data := writeRelatedCache(t, fresh)
			cached := model.NewCorpus("c", tc.ss())
			if err := cached.UseRelatedCache(data, testTag); err != nil {
				t.Fatal(err)
			}
			if !cached.RelatedReady() {
				t.Fatal("a corpus given its related cache has no related index")
			}
			ix := model.RelatedIndexOf(cached)
			cached.BuildRelatedIndex()
			if model.RelatedIndexOf(cached) != ix {
				t.Fatal("BuildRelatedIndex built the index the cache brought again")
			}
			if cached.MappedBytes() != int64(len(data)) {
				t.Errorf("MappedBytes = %d, want the cache's %d", cached.MappedBytes(), len(data))
			}
			sameRelated(t, cached, fresh)
			if err := cached.UseRelatedCache(data, testTag); err == nil {
				t.Error("a corpus with a related index took a cache as well")
			}
			if err := fresh.UseRelatedCache(data, testTag); err == nil {
				t.Error("a corpus that built its related index took a cache as well")
			}
			// A corpus made from its cache, as a second run's: it knows
			// the key of its texts, for that cache's tag only.
			fromCache, err := model.NewCorpusFromCache("c", tc.ss(), writeCache(t, fresh), testTag)
			if err != nil {
				t.Fatal(err)
			}
			if err := fromCache.UseRelatedCache(data, "another precis"); !errors.Is(err, model.ErrNoCache) {
				t.Fatalf("another program's related cache: %v, want ErrNoCache", err)
			}
			if err := fromCache.UseRelatedCache(data, testTag); err != nil {
				t.Fatal(err)
			}
			sameRelated(t, fromCache, fresh)
		})
	}
}

// TestRelatedCacheRefusesOtherCorpora: a related cache is used only for
// the summaries it was written for; any other is left without a related
// index, to build its own.
func TestRelatedCacheRefusesOtherCorpora(t *testing.T) {
	data := writeRelatedCache(t, model.NewCorpus("c", parsedSeed(t)))
	edits := map[string]func([]model.Summary) []model.Summary{
		"an edited text": func(ss []model.Summary) []model.Summary {
			ss[3].Text += " And one more sentence."
			return ss
		},
		"one summary fewer": func(ss []model.Summary) []model.Summary { return ss[1:] },
		"two swapped": func(ss []model.Summary) []model.Summary {
			ss[0], ss[1] = ss[1], ss[0]
			return ss
		},
		"a sidecar title": func(ss []model.Summary) []model.Summary {
			p := model.Paper{Title: "NewName: a paper of another name"}
			if ss[5].Paper != nil {
				p = *ss[5].Paper
				p.Title = "NewName: " + p.Title
			}
			ss[5].Paper = &p
			ss[5].Title = p.Title
			return ss
		},
		"two files": func(ss []model.Summary) []model.Summary {
			for i := len(ss) / 2; i < len(ss); i++ {
				ss[i].Source = "other.txt"
			}
			return ss
		},
	}
	// A sidecar entry whose title is the derived one: the titles shown
	// are the same, but the build reads a sidecar title ("MnasNet: …"
	// names MnasNet).
	derived := model.NewCorpus("c", parsedSeed(t))
	pick := -1
	for i := range derived.Len() {
		if strings.Contains(derived.At(i).DerivedTitle, ": ") {
			pick = i
			break
		}
	}
	if pick < 0 {
		t.Fatal("no derived title with a colon")
	}
	noEntry := func() []model.Summary {
		ss := parsedSeed(t)
		ss[pick].Paper, ss[pick].Title = nil, ""
		return ss
	}
	bare := writeRelatedCache(t, model.NewCorpus("c", noEntry()))
	withEntry := noEntry()
	d := derived.At(pick).DerivedTitle
	withEntry[pick].Paper, withEntry[pick].Title = &model.Paper{Title: d}, d // as the sidecar applies it
	if err := model.NewCorpus("c", withEntry).UseRelatedCache(bare, testTag); !errors.Is(err, model.ErrNoCache) {
		t.Errorf("a sidecar title the same as the derived one: %v, want ErrNoCache", err)
	}

	// Summaries from three files, where the cache is for two: each
	// summary's file is compared with the one before it, not the first.
	twoFiles := func() []model.Summary {
		ss := parsedSeed(t)
		for i := len(ss) / 2; i < len(ss); i++ {
			ss[i].Source = "b.txt"
		}
		return ss
	}
	two := writeRelatedCache(t, model.NewCorpus("c", twoFiles()))
	three := twoFiles()
	for i := 3 * len(three) / 4; i < len(three); i++ {
		three[i].Source = "c.txt"
	}
	if err := model.NewCorpus("c", three).UseRelatedCache(two, testTag); !errors.Is(err, model.ErrNoCache) {
		t.Errorf("three files, the cache for two: %v, want ErrNoCache", err)
	}
	if err := model.NewCorpus("c", twoFiles()).UseRelatedCache(two, testTag); err != nil {
		t.Errorf("two files, the cache for them: %v", err)
	}
	if err := model.NewCorpus("c", parsedSeed(t)).UseRelatedCache(data, "another precis"); !errors.Is(err, model.ErrNoCache) {
		t.Errorf("another program's cache: %v, want ErrNoCache", err)
	}
	for name, edit := range edits {
		c := model.NewCorpus("c", edit(parsedSeed(t)))
		if err := c.UseRelatedCache(data, testTag); !errors.Is(err, model.ErrNoCache) {
			t.Errorf("%s: %v, want ErrNoCache", name, err)
		}
		if c.RelatedReady() || c.MappedBytes() != 0 {
			t.Errorf("%s: a refused cache was taken", name)
		}
	}
}

// TestRelatedCacheDamaged: a related cache cut short or with any byte
// changed is refused with an error, never a panic.
func TestRelatedCacheDamaged(t *testing.T) {
	fresh := model.NewCorpus("c", parsedGen(t, 300))
	data := writeRelatedCache(t, fresh)
	titled := fresh.All() // titled once: each try only makes a corpus of them
	// The control: a corpus made so takes the cache undamaged, so that
	// what refuses a damaged one is the damage, not its key.
	if err := model.NewTitledCorpus("c", slices.Clone(titled)).UseRelatedCache(data, testTag); err != nil {
		t.Fatalf("the undamaged cache: %v", err)
	}
	try := func(what string, d []byte) {
		t.Helper()
		c := model.NewTitledCorpus("c", slices.Clone(titled))
		if err := c.UseRelatedCache(d, testTag); err == nil {
			t.Errorf("%s: accepted", what)
		}
		if c.RelatedReady() {
			t.Errorf("%s: a refused cache was taken", what)
		}
	}
	damage(data, try)
}

// TestRelatedCacheChecksIndex: a related cache whose checksum matches but
// whose index is inconsistent (as a bug in the writer would make it) is
// refused with what is wrong, not used.
func TestRelatedCacheChecksIndex(t *testing.T) {
	ss := parsedSeed(t)
	data := writeRelatedCache(t, model.NewCorpus("c", slices.Clone(ss)))
	for name, corrupt := range model.RelatedCacheCorruptions() {
		d := append(make([]byte, 0, len(data)), data...)
		corrupt(d)
		c := model.NewCorpus("c", slices.Clone(ss))
		err := c.UseRelatedCache(d, testTag)
		if err == nil || errors.Is(err, model.ErrNoCache) || strings.Contains(err.Error(), "checksum") {
			t.Errorf("%s: %v, want the index refused", name, err)
		}
	}
}

// TestCheckRelatedBlocks: a related index whose number of blocks is not
// the one for its summaries is refused (a query would divide by it or
// read past its postings), never a panic.
func TestCheckRelatedBlocks(t *testing.T) {
	c := model.NewCorpus("c", parsedSeed(t))
	if err := model.CheckRelatedWithBlocks(c, 2); err != nil {
		t.Fatalf("the index as built: %v", err)
	}
	for _, hiN := range []int{-1, 0, 1, 3, 1 << 20} {
		if err := model.CheckRelatedWithBlocks(c, hiN); err == nil {
			t.Errorf("%d blocks for %d summaries: accepted", hiN, c.Len())
		}
	}
}

// TestRelatedCacheVersion: the related cache's version names what the
// related index's build makes of the embedded corpus. A change to the
// build that changes its output must come with a new relCacheVersion, or
// old caches would be read as new: this test fails until the recorded
// digest is updated with the version.
func TestRelatedCacheVersion(t *testing.T) {
	data := writeRelatedCache(t, model.NewCorpus("c", parsedSeed(t)))
	sum := sha256.Sum256(data)
	const want = "1:f89b6adce24e0671"
	got := strconv.Itoa(model.RelatedCacheVersion) + ":" + hex.EncodeToString(sum[:8])
	if got != want {
		t.Fatalf("the related cache of the embedded corpus is %s, recorded %s: if the related index's build changed, bump relCacheVersion and record the new value", got, want)
	}
}
