//go:build !unix

package mapfile

import "os"

func mapFile(f *os.File, size int) ([]byte, bool) { return nil, false }

func unmap([]byte) error { return nil }
