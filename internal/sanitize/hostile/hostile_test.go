package hostile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dir is testdata/hostile/ at the module root.
var dir = filepath.Join("..", "..", "..", "testdata", "hostile")

// The committed fixtures are Small's, byte for byte. Rewrite them with
// PRECIS_UPDATE_HOSTILE=1 go test ./internal/sanitize/hostile/.
func TestCommittedFixturesMatch(t *testing.T) {
	update := os.Getenv("PRECIS_UPDATE_HOSTILE") != ""
	for _, fx := range Small() {
		path := filepath.Join(dir, fx.Name)
		if update {
			if err := os.WriteFile(path, fx.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (write the fixtures with PRECIS_UPDATE_HOSTILE=1)", err)
		}
		if !bytes.Equal(got, fx.Data) {
			t.Errorf("%s differs from hostile.Small(); rewrite with PRECIS_UPDATE_HOSTILE=1", path)
		}
	}
}

// Check rejects each attack and accepts what precis may write.
func TestCheck(t *testing.T) {
	for _, bad := range []string{OSC52, OSC0, OSC2ST, OSC11Q, ClearCSI, AltScreen, DCS, DSR, RIS, KeyMode,
		BadLink, JSLink, Unclosed, CSI8bit, OSC8bit, RawC1, BidiRLO, BidiIso, BEL, OtherC0, BadUTF8,
		"\x1b]8;;http://\x1b\\x", "\x00", "\r"} {
		if Check(bad, true) == nil {
			t.Errorf("Check(%q, styled) accepted it", bad)
		}
	}
	for _, ok := range []string{"", "plain\n\ttext ␛]52 “quotes” 日本語", RawSGR, GoodLink, "\x1b[38;5;252m\x1b[0m\x1b[m"} {
		if err := Check(ok, true); err != nil {
			t.Errorf("Check(%q, styled): %v", ok, err)
		}
	}
	if Check(RawSGR, false) == nil {
		t.Error("Check(SGR, plain) accepted it")
	}
}

func TestGenerated(t *testing.T) {
	big := BigLine(1 << 20)
	if len(big) < 1<<20 || bytes.Count(big, []byte("\n")) != 2 || !bytes.HasPrefix(big, []byte("[link]\n")) {
		t.Errorf("BigLine: %d bytes, %d lines", len(big), bytes.Count(big, []byte("\n")))
	}
	many := Many(10000)
	if n := strings.Count(string(many), "[link]\n"); n != 10000 {
		t.Errorf("Many(10000) has %d summaries", n)
	}
}
