package queue

import (
	"strings"
	"testing"
	"time"
)

func TestHoursValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hours Hours
		fault string // "" for none
	}{
		{"Guangzhou's hours with a lunch break", Hours{Open: "09:00", Close: "17:00", Breaks: []Break{{From: "12:00", To: "13:00"}}}, ""},
		{"staggered lunches", Hours{Open: "09:00", Close: "17:00", Breaks: []Break{{From: "12:00", To: "13:30", Windows: []int{1, 2}}, {From: "12:30", To: "14:00", Windows: []int{3}}}}, ""},
		{"not a time", Hours{Open: "9am", Close: "17:00"}, "center.hours.open"},
		{"closes before it opens", Hours{Open: "17:00", Close: "09:00"}, "after it closes"},
		{"an empty break", Hours{Open: "09:00", Close: "17:00", Breaks: []Break{{From: "12:00", To: "12:00"}}}, "breaks[0]"},
		{"a break after closing", Hours{Open: "09:00", Close: "17:00", Breaks: []Break{{From: "17:30", To: "18:00"}}}, "outside the opening hours"},
		{"window 0", Hours{Open: "09:00", Close: "17:00", Breaks: []Break{{From: "12:00", To: "13:00", Windows: []int{0}}}}, "windows[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sampleCatalog(t)
			c.Center.Hours = &tc.hours
			err := c.Validate()
			if tc.fault == "" && err != nil || tc.fault != "" && (err == nil || !strings.Contains(err.Error(), tc.fault)) {
				t.Fatalf("validate: %v, want %q", err, tc.fault)
			}
		})
	}
}

// TestForecastKeepsTheHours: a window stops calling for its planned break and at
// closing; a window paused in its break comes back when the break ends.
func TestForecastKeepsTheHours(t *testing.T) {
	m := time.Minute
	h := forecastHall(t, DefaultPolicy(), map[int][]string{1: {"SSDJ"}, 2: {"SCJG"}}, map[string]time.Duration{"SSDJ": 20 * m, "SCJG": 20 * m})
	h.Catalog.Center.Hours = &Hours{Open: "09:00", Close: "17:00", Breaks: []Break{{From: "12:00", To: "13:00", Windows: []int{1}}, {From: "11:00", To: "12:30", Windows: []int{2}}}}
	h.now = time.Date(2026, 11, 25, 11, 29, 0, 0, shanghai)
	a1, a2, a3 := h.issue("440199-A-001", ""), h.issue("440199-A-001", ""), h.issue("440199-A-001", "")
	h.must(h.PauseWindow(2, "clerk2", "午休", h.now)) // at 11:32, inside its 11:00–12:30 break
	b1 := h.issue("440199-B-001", "")
	start := time.Date(2026, 11, 25, 11, 30, 0, 0, shanghai)
	pred := h.Forecast(start, 1)
	for _, c := range []struct {
		id   string
		want time.Duration
	}{
		{a1.ID, 0},      // 11:30
		{a2.ID, 20 * m}, // 11:50
		{a3.ID, 90 * m}, // window 1 free at 12:10, on its break: 13:00
		{b1.ID, 60 * m}, // window 2 back at 12:30
	} {
		if got := pred[c.id].Wait; got != c.want {
			t.Errorf("ticket %s: %v, want %v", c.id, got, c.want)
		}
	}
	late := time.Date(2026, 11, 25, 16, 50, 0, 0, shanghai)
	// from 16:50, with 20-minute visits, each window calls once before closing
	got := h.Forecast(late, 1)
	if _, ok := got[a2.ID]; ok || len(got) != 2 {
		t.Fatalf("from 16:50: %v, want A1 and B1 only", got)
	}
}
