package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestWriteFile: the file is replaced whole, with the permissions asked
// for, and no temporary file is left.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, content := range []string{"first", "second, longer than the first", "3"} {
		if err := WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("after writing %q: %q, %v", content, got, err)
		}
	}
	// Windows has no Unix permissions.
	if fi, err := os.Stat(path); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode(), err)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("left %v", names)
	}
}

// TestTempFile: the temporary file is named ".<base><digits>" beside its
// target (what the callers' clean-ups look for), replaces the target
// only when closed so, and Cleanup removes one that was not.
func TestTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.index")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := TempFile(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("abandoned"))
	var temp string
	for _, n := range dirNames(t, dir) {
		if rest, ok := strings.CutPrefix(n, ".c.index"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			temp = n
		}
	}
	if temp == "" {
		t.Fatalf("no temporary file named .c.index<digits> in %v", dirNames(t, dir))
	}
	if err := f.Cleanup(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" || len(dirNames(t, dir)) != 1 {
		t.Fatalf("after Cleanup: %q, %v", got, dirNames(t, dir))
	}

	f, err = TempFile(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Cleanup()
	f.Write([]byte("new"))
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("replaced before it was closed: %q", got)
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		t.Fatal(err)
	}
	if err := f.Cleanup(); err != nil {
		t.Fatalf("Cleanup after the replace: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" || len(dirNames(t, dir)) != 1 {
		t.Fatalf("after the replace: %q, %v", got, dirNames(t, dir))
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
