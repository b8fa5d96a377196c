//go:build windows

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/windows"
)

// TempFile returns a temporary file in dir that replaces path.
func TempFile(dir, path string) (File, error) {
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"*")
	if err != nil {
		return nil, err
	}
	return &tempFile{File: f, path: path}, nil
}

// WriteFile replaces path with data by a temporary file in path's
// directory. Windows has no Unix permissions: perm is not applied.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	t, err := TempFile(dirOf(path), path)
	if err != nil {
		return err
	}
	defer t.Cleanup()
	if _, err := t.Write(data); err != nil {
		return err
	}
	return t.CloseAtomicallyReplace()
}

type tempFile struct {
	*os.File
	path string
	done bool // replaced the target, or removed
}

func (t *tempFile) CloseAtomicallyReplace() error {
	if err := t.Sync(); err != nil {
		return err
	}
	if err := t.Close(); err != nil {
		return err
	}
	if err := replace(t.Name(), t.path); err != nil {
		return err
	}
	t.done = true
	return nil
}

func (t *tempFile) Cleanup() error {
	if t.done {
		return nil
	}
	t.Close()
	t.done = true
	return os.Remove(t.Name())
}

// replace renames from over to, durably (MOVEFILE_WRITE_THROUGH). A
// reader that has to open (another precis loading its bookmarks, a
// virus scanner) makes the rename fail for a moment: it is tried again
// for up to a second, as the Go command does on Windows.
func replace(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return err
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(time.Second)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		err = windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
		if err == nil || !errors.Is(err, windows.ERROR_ACCESS_DENIED) && !errors.Is(err, windows.ERROR_SHARING_VIOLATION) || time.Now().After(deadline) {
			break
		}
		time.Sleep(wait)
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}
