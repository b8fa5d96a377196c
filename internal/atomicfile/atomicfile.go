// Package atomicfile replaces a file atomically: a temporary file in the
// same directory, written, synced and renamed over the file, so that a
// reader sees the old file or the new one, never part of one. On Unix it
// is github.com/google/renameio; renameio does not support Windows,
// where a temporary file is renamed over the target (os.Rename replaces
// it there too).
//
// Temporary files are named ".<base><digits>" beside the file, as
// renameio names them, so that what a writer killed mid-write left can be
// found and removed.
package atomicfile

import (
	"io"
	"path/filepath"
)

// File is a temporary file that replaces its target when closed with
// CloseAtomicallyReplace. Cleanup removes it unless it replaced the
// target; call it deferred.
type File interface {
	io.Writer
	CloseAtomicallyReplace() error
	Cleanup() error
}

func dirOf(path string) string { return filepath.Dir(path) }
