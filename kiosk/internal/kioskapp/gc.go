package kioskapp

import "runtime/debug"

// gcPercent is the collector's target for the kiosk when GOGC is not set: a new
// collection after the heap grew by half, not by all of it (as the caller does). The
// kiosk's first visits meet each item's checklist for the first time and leave the
// screens they replace as garbage over a live heap of fonts and widgets; at Go's
// default of 100 the heap doubled before a collection and the kiosk's RSS rose
// 43–66 MiB after its first visit in the real-window soak. Between citizens the kiosk
// is idle, so the extra collections cost nothing anyone sees.
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
