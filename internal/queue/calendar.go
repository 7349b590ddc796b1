package queue

import (
	"encoding/json"
	"fmt"
	"time"
)

// Calendar is the official working calendar: public holidays that fall on weekdays
// (Off) and the weekend days worked in exchange (Work, 调休上班). The State Council
// publishes it each year; a center loads it from a file (see ParseCalendar). Without one,
// Monday to Friday are the working days.
type Calendar struct {
	Off  map[string]bool // YYYY-MM-DD
	Work map[string]bool
}

// calendarFile is the JSON form: {"off":["2026-10-01",…],"work":["2026-10-10",…]}.
type calendarFile struct {
	Off  []string `json:"off"`
	Work []string `json:"work"`
}

// ParseCalendar reads a calendar file. Every date must be a real YYYY-MM-DD, and none
// may be both off and worked.
func ParseCalendar(data []byte) (*Calendar, error) {
	var f calendarFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	c := &Calendar{Off: map[string]bool{}, Work: map[string]bool{}}
	for _, list := range []struct {
		name  string
		dates []string
		into  map[string]bool
	}{{"off", f.Off, c.Off}, {"work", f.Work, c.Work}} {
		for i, d := range list.dates {
			t, err := time.Parse(DayLayout, d)
			if err != nil || t.Format(DayLayout) != d {
				return nil, fmt.Errorf("calendar: %s[%d]: %q is not a date like 2026-10-01", list.name, i, d)
			}
			list.into[d] = true
		}
	}
	for d := range c.Work {
		if c.Off[d] {
			return nil, fmt.Errorf("calendar: %s is both off and a working day", d)
		}
	}
	return c, nil
}

// Workday reports whether day d (its date, whatever its zone) is a working day.
func (c *Calendar) Workday(d time.Time) bool {
	key := d.Format(DayLayout)
	if c != nil && c.Work[key] {
		return true
	}
	if c != nil && c.Off[key] {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}
