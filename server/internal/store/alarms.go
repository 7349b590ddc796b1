package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The supervisor's alarms (queue.Alarm): the active ones kept by id as after their last
// event, raised and cleared in the commit whose events (or time) cause them.

var (
	bucketAlarms     = []byte("alarms")
	keyOverdueSwept  = []byte("overdue_swept") // in meta: the last day work orders were checked
	maxAlarmSettling = 100                     // alarm events one batch may settle
)

// migrateAlarms adds the alarms bucket.
func migrateAlarms(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketAlarms); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketAlarms, err)
	}
	return nil
}

// activeAlarms reads the active alarms.
func activeAlarms(b *bolt.Bucket) (map[string]queue.Alarm, error) {
	out := map[string]queue.Alarm{}
	err := b.ForEach(func(k, v []byte) error {
		var a queue.Alarm
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("decode alarm %s: %w", k, err)
		}
		out[a.ID] = a
		return nil
	})
	return out, err
}

// keepAlarm keeps the active alarms as an alarm event leaves them, and raises the alarm
// an event causes by itself (a fault, a 差评); called after the hall applied ev.
func (tx *Tx) keepAlarm(ev queue.Event) error {
	b := tx.btx.Bucket(bucketAlarms)
	if a := ev.Alarm; a != nil {
		event := a.Kind == queue.AlarmDevice || a.Kind == queue.AlarmRating || a.Kind == queue.AlarmWorkOrder
		if ev.Type == queue.AlarmCleared || (ev.Type == queue.AlarmAcknowledged && event) {
			if err := b.Delete([]byte(a.ID)); err != nil {
				return errStorage{fmt.Errorf("delete alarm: %w", err)}
			}
			return nil
		}
		v, err := json.Marshal(a)
		if err != nil {
			return errStorage{err}
		}
		return tx.put(bucketAlarms, []byte(a.ID), v)
	}
	if out, ok := tx.Hall.EventAlarm(ev); ok && b.Get([]byte(out.Alarm.ID)) == nil {
		return tx.emit(out, nil)
	}
	return nil
}

// settleAlarms raises the state alarms that now hold and clears those that no longer
// do, at the end of a batch.
func (s *Store) settleAlarms(tx *Tx) error {
	active, err := activeAlarms(tx.btx.Bucket(bucketAlarms))
	if err != nil {
		return errStorage{err}
	}
	evs := tx.Hall.SettleAlarms(active, tx.Now, s.opts.Policy.Alarms)
	if len(evs) > maxAlarmSettling {
		evs = evs[:maxAlarmSettling]
	}
	return tx.Emit(evs...)
}

// overdueAlarms raises, once a day, the alarm of every work order past a deadline that
// has none active.
func (s *Store) overdueAlarms(tx *Tx) error {
	today := queue.ServiceDay(tx.Now, s.opts.Loc)
	meta := tx.btx.Bucket(bucketMeta)
	if string(meta.Get(keyOverdueSwept)) >= today {
		return nil
	}
	var evs []queue.Event
	alarms := tx.btx.Bucket(bucketAlarms)
	err := tx.btx.Bucket(bucketWorkOrders).ForEach(func(k, v []byte) error {
		var wo queue.WorkOrder
		if err := json.Unmarshal(v, &wo); err != nil {
			return fmt.Errorf("decode work order %s: %w", k, err)
		}
		if ev, ok := tx.Hall.OverdueAlarm(&wo, tx.Now); ok && alarms.Get([]byte(ev.Alarm.ID)) == nil {
			evs = append(evs, ev)
		}
		return nil
	})
	if err != nil {
		return errStorage{err}
	}
	if err := tx.Emit(evs...); err != nil {
		return err
	}
	return tx.put(bucketMeta, keyOverdueSwept, []byte(today))
}

// Alarms lists the active alarms, the oldest first.
func (s *Store) Alarms() ([]queue.Alarm, error) {
	var out []queue.Alarm
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlarms)
		if b == nil {
			return nil
		}
		m, err := activeAlarms(b)
		for _, a := range m {
			out = append(out, a)
		}
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out, err
}

// AckAlarm records a supervisor's acknowledgement of an active alarm.
func (s *Store) AckAlarm(ctx context.Context, id, staff string) (queue.Alarm, error) {
	var out queue.Alarm
	err := s.exec(ctx, func(tx *Tx) error {
		v := tx.btx.Bucket(bucketAlarms).Get([]byte(id))
		if v == nil {
			return queue.Errorf(queue.NotFound, "no active alarm %q", id)
		}
		var a queue.Alarm
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("decode alarm %s: %w", id, err)
		}
		evs, err := tx.Hall.AckAlarm(a, staff, tx.Now)
		if err != nil {
			return err
		}
		out = *evs[0].Alarm
		return tx.Emit(evs...)
	})
	return out, err
}
