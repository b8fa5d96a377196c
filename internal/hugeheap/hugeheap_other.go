//go:build !linux

package hugeheap

// Reserve does nothing where the kernel has no transparent huge pages.
func Reserve(n int64) {}

// Reuse does nothing where Reserve does nothing.
func Reuse(b []byte) {}

// Release does nothing where Reserve does nothing.
func Release() {}
