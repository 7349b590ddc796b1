//go:build !linux

package store

// verifyMmapFlags: only Linux has MAP_POPULATE; elsewhere pages fault in as read.
const verifyMmapFlags = 0
