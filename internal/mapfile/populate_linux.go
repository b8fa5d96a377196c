//go:build linux

package mapfile

import "syscall"

// mapPopulate makes every page of a mapping present when it is made.
const mapPopulate = syscall.MAP_POPULATE
