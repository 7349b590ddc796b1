package queue

import (
	"fmt"
	"time"
)

// DayLayout is the layout of a service day: the calendar date in the center's zone.
const DayLayout = "2006-01-02"

// ServiceDay returns the service day that instant t falls on in the center's location.
func ServiceDay(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(DayLayout)
}

// FormatNumber returns the display number of the n-th ticket of a prefix on a day: the
// letter and at least three digits (A001 … A999, A1000).
func FormatNumber(prefix string, n int) string {
	return fmt.Sprintf("%s%03d", prefix, n)
}
