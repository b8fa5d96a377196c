//go:build !windows

package atomicfile

import (
	"os"

	"github.com/google/renameio/v2"
)

// TempFile returns a temporary file in dir that replaces path.
func TempFile(dir, path string) (File, error) {
	t, err := renameio.TempFile(dir, path)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// WriteFile replaces path with data, of permissions perm, by a temporary
// file in path's directory.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return renameio.WriteFile(path, data, perm, renameio.WithTempDir(dirOf(path)))
}
