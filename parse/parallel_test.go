package parse

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"codeberg.org/precis/precis/internal/corpusgen"
	"codeberg.org/precis/precis/seeds"
)

// sequential is the reference: the whole file parsed from start to end
// in one piece.
func sequential(data []byte, name string) ([]Summary, []Warning, error) {
	return parseChunk(data, name, true).result(name)
}

// allCuts returns every offset where a chunk may start, plus 0 and the end.
func allCuts(data []byte) []int {
	cuts := []int{0}
	for i := 0; ; {
		j := bytes.Index(data[i:], linkLine)
		if j < 0 {
			break
		}
		i += j + len(linkLine)
		if rest := data[i:]; len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' && len(rest) > 1 && rest[1] == '\n' {
			cuts = append(cuts, i-len("[link]"))
		}
	}
	return append(cuts, len(data))
}

// variants are corpora to parse both ways: the seed, its CRLF and BOM
// forms, generated ones and broken ones.
func variants() map[string][]byte {
	seed := seeds.Corpus
	crlf := bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n"))
	gen := corpusgen.Generate(600, 9)
	v := map[string][]byte{
		"seed":             seed,
		"seed-crlf":        crlf,
		"seed-bom":         append([]byte("\uFEFF"), seed...),
		"seed-bom-crlf":    append([]byte("\uFEFF"), crlf...),
		"generated":        gen,
		"generated-crlf":   bytes.ReplaceAll(gen, []byte("\n"), []byte("\r\n")),
		"no-final-newline": bytes.TrimSuffix(seed, []byte("\n")),
		"preamble":         append([]byte("notes before\n\n"), seed...),
		"empty":            {},
		"blank":            []byte("\n \r\n\t\n"),
		"no-links":         []byte("just some text\nand more\n"),
		"only-empty":       []byte("[link]\n\n[link]\n |\n"),
		// cat of files without a final newline: " |[link]" lines.
		"seed-seed":       slices.Concat(seed, seed, []byte(" "), seed, crlf, seed),
		"generated-twice": slices.Concat(bytes.TrimSuffix(gen, []byte("\n")), gen),
	}
	// Summaries made awkward in many places: empty ones, blank lines,
	// paragraphs, missing " |", indented markers, control characters.
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for _, l := range strings.Split(string(gen[:300_000]), "\n") {
		b.WriteString(l)
		b.WriteByte('\n')
		if l == "[link]" {
			switch r.IntN(12) {
			case 0:
				b.WriteString("[link]\n") // the summary before is empty
			case 1:
				b.WriteString("\n  \n") // blank lines
			case 2:
				b.WriteString("A first paragraph.\n") // text over two lines
			case 3:
				b.WriteString("  [link]  \n")
			case 4:
				b.WriteString("bell \x07 and \x1b[31m escape \xff\n")
			}
		}
	}
	v["awkward"] = []byte(b.String())
	v["awkward-no-bars"] = bytes.ReplaceAll(v["awkward"], []byte(" |\n"), []byte("\n"))
	withNUL := func(frac ...float64) []byte {
		d := bytes.Clone(gen[:400_000])
		for _, f := range frac {
			d[int(f*float64(len(d)))] = 0
		}
		return d
	}
	v["nul-early"] = withNUL(0.1)
	v["nul-late"] = withNUL(0.9)
	v["nul-twice"] = withNUL(0.3, 0.7)
	return v
}

// parsed is what one parse returned.
type parsed struct {
	ss  []Summary
	ws  []Warning
	err error
}

func sameParse(t *testing.T, what string, want parsed, data []byte, cuts []int) {
	t.Helper()
	wantS, wantW, wantErr := want.ss, want.ws, want.err
	gotS, gotW, gotErr := parseCuts(data, "c.txt", cuts)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("%s: error %v, sequential %v", what, gotErr, wantErr)
	}
	if !reflect.DeepEqual(gotW, wantW) {
		t.Fatalf("%s: warnings\n%v\nsequential\n%v", what, gotW, wantW)
	}
	if len(gotS) != len(wantS) {
		t.Fatalf("%s: %d summaries, sequential %d", what, len(gotS), len(wantS))
	}
	for i := range gotS {
		if !reflect.DeepEqual(gotS[i], wantS[i]) {
			g, w := gotS[i], wantS[i]
			t.Fatalf("%s: summary %d: line %d id %s comments %d text %.60q; sequential: line %d id %s comments %d text %.60q",
				what, i+1, g.Line, g.ID, g.Comments, g.Text, w.Line, w.ID, w.Comments, w.Text)
		}
	}
}

// TestChunkedParseIsSequential checks that parsing in chunks gives
// exactly what one pass from start to end gives, wherever the cuts fall.
func TestChunkedParseIsSequential(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for name, data := range variants() {
		var want parsed
		want.ss, want.ws, want.err = sequential(data, "c.txt")
		all := allCuts(data)
		sameParse(t, name+"/every-boundary", want, data, all)
		sameParse(t, name+"/chunkCuts", want, data, chunkCuts(data, 2))
		sameParse(t, name+"/chunkCuts-8", want, data, chunkCuts(data, 8))
		for k := range 3 {
			cuts := []int{0}
			for _, c := range all[1 : len(all)-1] {
				if r.IntN(4) == 0 {
					cuts = append(cuts, c)
				}
			}
			sameParse(t, fmt.Sprintf("%s/random-%d", name, k), want, data, append(cuts, len(data)))
		}
		// And through the public entry point.
		s1, w1, e1 := Bytes(data, "c.txt")
		if fmt.Sprint(e1) != fmt.Sprint(want.err) || !reflect.DeepEqual(w1, want.ws) || !reflect.DeepEqual(s1, want.ss) {
			t.Fatalf("%s: Bytes differs from the sequential parse", name)
		}
	}
}

// TestChunkCuts checks that every cut is at the start of a [link] line.
func TestChunkCuts(t *testing.T) {
	data := corpusgen.Generate(1000, 2)
	for _, workers := range []int{1, 2, 3, 8} {
		cuts := chunkCuts(data, workers)
		if cuts[0] != 0 || cuts[len(cuts)-1] != len(data) {
			t.Fatalf("workers=%d: cuts %v do not span the data", workers, cuts)
		}
		if workers > 1 && len(cuts) < 3 {
			t.Errorf("workers=%d: %d bytes not cut (cuts %v)", workers, len(data), cuts)
		}
		for i, c := range cuts[1 : len(cuts)-1] {
			if c <= cuts[i] || data[c-1] != '\n' || !bytes.HasPrefix(data[c:], []byte("[link]\n")) {
				t.Fatalf("workers=%d: cut %d at %d is not the start of a [link] line", workers, i+1, c)
			}
		}
	}
}
