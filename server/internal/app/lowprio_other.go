//go:build !linux

package app

// atLowPriority runs f; only Linux lowers a thread's priority.
func atLowPriority(f func()) { f() }
