package callerapp

import "runtime/debug"

// gcPercent is the collector's target for the caller when GOGC is not set: a new
// collection after the heap grew by half, not by all of it. Each visit leaves its
// document's PDF, decoded page and scaled copies behind as garbage over a live heap of
// fonts and widgets; at Go's default of 100 the heap doubled before a collection and
// the caller's RSS rose ~60 MiB over its first visits in the real-window soak (33 MiB
// at 50). A clerk's workstation is idle most of the time, so the extra collections
// cost nothing anyone sees.
const gcPercent = 50

// tuneGC sets gcPercent unless the environment's GOGC (getenv) chose already, and
// reports whether it did.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(gcPercent)
	return true
}
