package parse_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/parse"
	"codeberg.org/precis/precis/seeds"
)

func TestDerivedTitlesDistinct(t *testing.T) {
	ss := seedCorpus(t)
	parse.DeriveTitles(ss)
	seen := map[string]int{}
	for i, s := range ss {
		d := s.DerivedTitle
		t.Logf("%3d  %s", i+1, d)
		if strings.TrimSpace(d) == "" {
			t.Errorf("summary %d: empty derived title", i+1)
		}
		if l := strings.ToLower(strings.Trim(d, " .…")); l == "this paper" || l == "this" {
			t.Errorf("summary %d: derived title %q says nothing", i+1, d)
		}
		seen[strings.ToLower(d)]++
	}
	if len(seen) < 160 {
		for d, n := range seen {
			if n > 1 {
				t.Logf("%d × %q", n, d)
			}
		}
		t.Errorf("%d distinct derived titles of %d, want at least 160", len(seen), len(ss))
	}
}

func TestDerivedTitlesNameTheMethod(t *testing.T) {
	ss := seedCorpus(t)
	parse.DeriveTitles(ss)
	for n, want := range map[int]string{
		3:   "switch transformer",
		4:   "mnasnet",
		6:   "fedavg",
		14:  "nerf",
		16:  "lottery ticket",
		164: "cyclegan",
	} {
		if got := strings.ToLower(ss[n-1].DerivedTitle); !strings.Contains(got, want) {
			t.Errorf("summary %d: derived title %q, want it to name %q", n, ss[n-1].DerivedTitle, want)
		}
	}
}

// BenchmarkDeriveTitles derives the titles of a generated corpus of
// 100,000 summaries (411 MB; internal/corpusgen: seed summaries varied,
// with invented method names). It reports the time per summary and the
// share of distinct titles.
func BenchmarkDeriveTitles(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n/1000, "k"), func(b *testing.B) {
			data := corpusgen.Generate(n, 1)
			ss, _, err := parse.Bytes(data, "gen.txt")
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			cpu0 := corpusgen.ProcessCPU()
			for b.Loop() {
				parse.DeriveTitles(ss)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/summary")
			// CPU time, all threads: what the work costs however busy the
			// machine is.
			b.ReportMetric(float64((corpusgen.ProcessCPU()-cpu0).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/summary")
			seen := make(map[string]bool, n)
			for i := range ss {
				seen[strings.ToLower(ss[i].DerivedTitle)] = true
			}
			b.ReportMetric(float64(len(seen))/float64(n), "distinct")
		})
	}
}

// TestDerivedTitlesAnyWorkers checks that titles do not depend on how the
// summaries are split between workers (each keeps its own counts, which
// are summed): one worker and several derive the same titles, at the
// embedded corpus's size and at one split into several ranges.
func TestDerivedTitlesAnyWorkers(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{{"embedded", seeds.Corpus}, {"3000 generated", corpusgen.Generate(3000, 1)}, {"65 generated", corpusgen.Generate(65, 1)}} {
		data := c.data
		titles := func(procs int) []string {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			ss, _, err := parse.Bytes(data, "t.txt")
			if err != nil {
				t.Fatal(err)
			}
			parse.DeriveTitles(ss)
			out := make([]string, len(ss))
			for i := range ss {
				out[i] = ss[i].DerivedTitle
			}
			return out
		}
		one := titles(1)
		if len(one) < 65 {
			t.Fatalf("%s: %d summaries", c.name, len(one))
		}
		// 9 cores make 8 workers, the most.
		for _, procs := range []int{2, 3, 4, 9} {
			many := titles(procs)
			if len(one) != len(many) {
				t.Fatalf("%s: %d and %d summaries", c.name, len(one), len(many))
			}
			for i := range one {
				if one[i] != many[i] {
					t.Errorf("%s, summary %d: %q with one worker, %q with %d cores", c.name, i+1, one[i], many[i], procs)
				}
			}
		}
	}
}

// seedCorpus parses the embedded corpus, without its sidecar.
func seedCorpus(t testing.TB) []parse.Summary {
	t.Helper()
	ss, _, err := parse.Bytes(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}
