package outbox

import (
	"testing"
	"time"
)

// TestDelaySchedule: the wait doubles from the base, is capped, and jitter only
// shortens it, by at most its share.
func TestDelaySchedule(t *testing.T) {
	const s = time.Second
	for _, tc := range []struct {
		failures  int
		base, max time.Duration
		jitter, r float64
		want      time.Duration
	}{
		{1, s, 300 * s, 0, 0, s},
		{2, s, 300 * s, 0, 0, 2 * s},
		{3, s, 300 * s, 0, 0, 4 * s},
		{8, s, 300 * s, 0, 0, 128 * s},
		{9, s, 300 * s, 0, 0, 256 * s},
		{10, s, 300 * s, 0, 0, 300 * s}, // capped
		{11, s, 300 * s, 0, 0, 300 * s},
		{1000, s, 300 * s, 0, 0, 300 * s}, // no overflow
		{0, s, 300 * s, 0, 0, s},          // treated as the first
		{3, s, 300 * s, 0.25, 0, 4 * s},   // no draw, no change
		{3, s, 300 * s, 0.25, 0.5, 3500 * time.Millisecond},
		{3, s, 300 * s, 0.25, 1, 3 * s},    // the most jitter takes off
		{20, s, 300 * s, 0.25, 1, 225 * s}, // jitter below the cap, never above
		{3, s, 300 * s, 2, 1, 0},           // jitter clamped to 1
		{3, s, 300 * s, -1, 1, 4 * s},      // negative jitter: none
		{2, 10 * s, 5 * s, 0, 0, 5 * s},    // a cap below the base wins
		{5, time.Millisecond, 8 * time.Millisecond, 0, 0, 8 * time.Millisecond},
	} {
		got := Delay(tc.failures, tc.base, tc.max, tc.jitter, tc.r)
		if got != tc.want {
			t.Errorf("Delay(%d, %v, %v, %v, %v) = %v, want %v", tc.failures, tc.base, tc.max, tc.jitter, tc.r, got, tc.want)
		}
	}
}

// TestDelayGrowsAndStaysCapped: over the options' schedule with random jitter, each
// wait is within its bounds and the waits reach the cap.
func TestDelayGrowsAndStaysCapped(t *testing.T) {
	o := Options{BaseDelay: time.Second, MaxDelay: time.Minute}.withDefaults()
	for f := 1; f <= 30; f++ {
		full := min(time.Second<<min(f-1, 20), time.Minute)
		lo := full - time.Duration(float64(full)*o.Jitter)
		for range 50 {
			if d := o.delay(f); d < lo || d > full {
				t.Fatalf("after %d failures waited %v, want within [%v, %v]", f, d, lo, full)
			}
		}
	}
}

// TestOptionsDefaults: the zero Options give the documented defaults.
func TestOptionsDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	if o.BaseDelay != time.Second || o.MaxDelay != 5*time.Minute || o.Jitter != 0.25 || o.Parallel != 8 ||
		o.SendTimeout != 30*time.Second || o.Poll != 30*time.Second || o.Log == nil || o.Now == nil {
		t.Errorf("defaults = %+v", o)
	}
	if o := (Options{Jitter: -1}).withDefaults(); o.Jitter != 0 {
		t.Errorf("Jitter -1 → %v, want none", o.Jitter)
	}
}
