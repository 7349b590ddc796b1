package store

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// maxAutoCalls bounds the automatic calls one batch makes (one per auto window at most).
const maxAutoCalls = 1000

// batchEnd makes, at the end of a batch and in its transaction, the default ratings
// that have come due and the calls the hall's auto windows are due
// (queue.Hall.AutoCall): a ticket issued while an auto window is free is called to it in
// the commit that issued it, and a crash loses or repeats neither.
func (s *Store) batchEnd(btx *bolt.Tx) ([]Committed, error) {
	tx := &Tx{s: s, btx: btx, Hall: s.hall, Now: s.opts.Clock()}
	if err := s.defaultRatings(tx); err != nil {
		return nil, err
	}
	if err := s.overdueAlarms(tx); err != nil {
		return nil, err
	}
	for range maxAutoCalls {
		evs := s.hall.AutoCall(tx.Now)
		if len(evs) == 0 {
			break
		}
		if err := tx.Emit(evs...); err != nil {
			return nil, err
		}
	}
	if err := s.settleAlarms(tx); err != nil {
		return nil, err
	}
	return tx.committed, nil
}

// newAutoTimer returns the writer's timer for the next auto window's pause to end,
// armed for the hall as loaded.
func (s *Store) newAutoTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	s.armAutoTimer(t)
	return t
}

// armAutoTimer sets t for the end of the next auto window's pause, the next state
// alarm's start (a wait or a pause reaching its limit) or the next midnight, whichever
// comes first. Only the writer calls it, between batches.
func (s *Store) armAutoTimer(t *time.Timer) {
	if s.opts.ReadOnly {
		return
	}
	now := s.opts.Clock()
	at, ok := s.hall.NextAutoCall(now)
	if alarm, due := s.hall.NextStateAlarm(now, s.opts.Policy.Alarms); due && (!ok || alarm.Before(at)) {
		at, ok = alarm, true
	}
	// the next service day's start: the day rolls over, default ratings and overdue work
	// orders come due then
	local := now.In(s.opts.Loc)
	if midnight := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, s.opts.Loc); !ok || midnight.Before(at) {
		at = midnight
	}
	t.Reset(max(at.Sub(now), minAutoWait))
}

// minAutoWait is the least the writer waits before asking for due calls again: a call
// due at once comes a moment late rather than a failing disk's retries spinning.
const minAutoWait = 20 * time.Millisecond

// SetWindowMode switches window n's auto-call mode; the answer is the window after it.
// Switching it on calls at once for a free window that has someone to call.
func (s *Store) SetWindowMode(ctx context.Context, n int, auto bool, staff string) (queue.Window, error) {
	var w queue.Window
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) {
		evs, err := tx.Hall.SetWindowMode(n, auto, staff, tx.Now)
		if err == nil {
			w = *evs[0].Window
		}
		return evs, err
	})
	return w, err
}
