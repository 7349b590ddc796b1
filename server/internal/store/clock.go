package store

import (
	"time"

	"onedoor/internal/queue"
)

// noteClock warns, once per step back, when the clock reads a service day before the
// hall's: the day never moves backwards (queue.Hall.Rollover), so tickets go on being
// issued on the hall's day, but the operator should fix the clock. Called by the writer.
func (s *Store) noteClock(now time.Time) {
	day := queue.ServiceDay(now, s.opts.Loc)
	if day >= s.hall.Day {
		s.clockBehind = false
		return
	}
	if !s.clockBehind {
		s.clockBehind = true
		s.log.Warn("the clock is behind the service day; keeping the day, numbers go on", "clock", now.Format(time.RFC3339), "service_day", s.hall.Day)
	}
}
