package kioskapp

import (
	"runtime/debug"
	"testing"
)

func TestTuneGCKeepsAnExplicitGOGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	if tuneGC(func(k string) string { return map[string]string{"GOGC": "200"}[k] }) {
		t.Fatal("GOGC=200 in the environment was overridden")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent %d after an explicit GOGC, want it untouched (100)", got)
	}
	if !tuneGC(func(string) string { return "" }) {
		t.Fatal("no GOGC, and the kiosk's target was not set")
	}
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Fatalf("GC percent %d, want %d", got, gcPercent)
	}
}
