package queue

import (
	"fmt"
	"slices"
	"time"
)

// Hours are a center's opening hours (e.g. 09:00–17:00, as Guangzhou's rules set for
// district and street centers) and its planned breaks: a lunch break for every window, or
// staggered ones for some (a window in no break stays open through lunch, 午间不打烊).
// The forecast counts on them: a window will pause for its break and stop at closing.
type Hours struct {
	Open   string  `json:"open"`  // "09:00"
	Close  string  `json:"close"` // "17:00"
	Breaks []Break `json:"breaks,omitempty"`
}

// Break is a planned pause of some windows (all when Windows is empty).
type Break struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Windows []int  `json:"windows,omitempty"`
}

// clockOf parses "15:04" as minutes after midnight.
func clockOf(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("want a time of day like 09:00, got %q", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// at returns clock (minutes after midnight) on the day of t, in t's zone.
func at(t time.Time, clock int) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, clock, 0, 0, t.Location())
}

// closing returns when the center closes on the day of t; zero when no hours are set.
func (h *Hours) closing(t time.Time) time.Time {
	if h == nil {
		return time.Time{}
	}
	c, err := clockOf(h.Close)
	if err != nil {
		return time.Time{}
	}
	return at(t, c)
}

// breakAt returns the planned break window n is in at t, as its end: free at end, not
// before. ok is false outside every break of the window.
func (h *Hours) breakAt(n int, t time.Time) (end time.Time, ok bool) {
	if h == nil {
		return time.Time{}, false
	}
	for _, b := range h.Breaks {
		if len(b.Windows) > 0 && !slices.Contains(b.Windows, n) {
			continue
		}
		from, err1 := clockOf(b.From)
		to, err2 := clockOf(b.To)
		if err1 != nil || err2 != nil {
			continue
		}
		if s, e := at(t, from), at(t, to); !t.Before(s) && t.Before(e) {
			return e, true
		}
	}
	return time.Time{}, false
}

// hours checks the opening hours: times of day, the open before the close, each break
// inside them and not empty.
func (v *validator) hours(h *Hours) {
	if h == nil {
		return
	}
	open, err := clockOf(h.Open)
	if err != nil {
		v.add("center.hours.open", "%v", err)
	}
	closing, err2 := clockOf(h.Close)
	if err2 != nil {
		v.add("center.hours.close", "%v", err2)
	}
	if err == nil && err2 == nil && open >= closing {
		v.add("center.hours", "opens at %s, after it closes at %s", h.Open, h.Close)
	}
	for i, b := range h.Breaks {
		p := fmt.Sprintf("center.hours.breaks[%d]", i)
		from, e1 := clockOf(b.From)
		to, e2 := clockOf(b.To)
		switch {
		case e1 != nil:
			v.add(p+".from", "%v", e1)
		case e2 != nil:
			v.add(p+".to", "%v", e2)
		case from >= to:
			v.add(p, "ends at %s, not after it starts at %s", b.To, b.From)
		case err == nil && err2 == nil && (from < open || to > closing):
			v.add(p, "%s–%s is outside the opening hours %s–%s", b.From, b.To, h.Open, h.Close)
		}
		for j, n := range b.Windows {
			if n < 1 {
				v.add(fmt.Sprintf("%s.windows[%d]", p, j), "a window number is 1 or more, got %d", n)
			}
		}
	}
}
