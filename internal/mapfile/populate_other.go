//go:build unix && !linux

package mapfile

const mapPopulate = 0
