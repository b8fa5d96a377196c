package mapfile_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"codeberg.org/precis/precis/internal/mapfile"
)

func TestReadFileLarge(t *testing.T) {
	want := bytes.Repeat([]byte("[link]\nA summary of a paper. |\n"), mapfile.MinMapSize/20)
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	got, mapped, err := mapfile.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("contents differ from the file")
	}
	if runtime.GOOS == "linux" && !mapped {
		t.Error("a large regular file was not mapped on Linux")
	}
	// Replacing the file by rename leaves what was read intact.
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte("other"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("contents changed after the file was replaced")
	}
}

// TestUnmap: a mapping given back is gone from the process's mappings.
func TestUnmap(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/maps")
	}
	path := filepath.Join(t.TempDir(), "unmapped-big.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), mapfile.MinMapSize), 0o644); err != nil {
		t.Fatal(err)
	}
	data, mapped, err := mapfile.ReadFile(path)
	if err != nil || !mapped {
		t.Fatalf("mapped %v, %v", mapped, err)
	}
	maps := func() string {
		b, err := os.ReadFile("/proc/self/maps")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if !strings.Contains(maps(), "unmapped-big.txt") {
		t.Fatal("the file is not among the mappings")
	}
	if err := mapfile.Unmap(data); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(maps(), "unmapped-big.txt") {
		t.Fatal("the file is still mapped after Unmap")
	}
}

func TestReadFileSmallAndEmpty(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{"", "[link]\nsmall |\n"} {
		path := filepath.Join(dir, "f.txt")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, mapped, err := mapfile.ReadFile(path)
		if err != nil || string(got) != content || mapped {
			t.Fatalf("ReadFile(%q) = %q, mapped %v, %v", content, got, mapped, err)
		}
	}
}

func TestReadFileErrors(t *testing.T) {
	_, _, err := mapfile.ReadFile(filepath.Join(t.TempDir(), "missing.txt"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want fs.ErrNotExist", err)
	}
	if _, _, err := mapfile.ReadFile(t.TempDir()); err == nil {
		t.Fatal("reading a directory did not fail")
	}
}
