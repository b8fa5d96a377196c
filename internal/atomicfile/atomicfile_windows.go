//go:build windows

package atomicfile

import (
	"os"
	"path/filepath"
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
	done bool
}

func (t *tempFile) CloseAtomicallyReplace() error {
	if err := t.Sync(); err != nil {
		return err
	}
	if err := t.Close(); err != nil {
		return err
	}
	if err := os.Rename(t.Name(), t.path); err != nil {
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
	return os.Remove(t.Name())
}
