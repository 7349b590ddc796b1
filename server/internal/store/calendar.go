package store

import (
	"context"

	"onedoor/internal/queue"
)

// SetCalendarYear puts a year of the working calendar in force at once
// (calendar.set): new promised dates and work order due dates count on it.
func (s *Store) SetCalendarYear(ctx context.Context, y queue.CalendarYear, staff string) (queue.CalendarYear, error) {
	evs, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.SetCalendarYear(y, staff, tx.Now) })
	if err != nil {
		return queue.CalendarYear{}, err
	}
	return *evs[0].CalendarYear, nil
}

// CalendarYearSet returns the year as last set in the console; ok is false when it
// never was (the -holidays file, if any, gives that year).
func (s *Store) CalendarYearSet(year int) (y queue.CalendarYear, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	y, ok = s.hall.CalendarYears[year]
	return y, ok
}
