package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The 差评 work orders (queue.WorkOrder): opened in the commit of the bad rating, kept by
// number as after their last event. Unrated visits take the default rating once a day
// for the day that has come due.

var (
	bucketWorkOrders = []byte("workorders")
	keyRatingsSwept  = []byte("ratings_swept") // in meta: the last service day given default ratings
)

// sweepBack is how many days a first sweep of default ratings reaches back.
const sweepBack = 60

// migrateWorkOrders adds the work orders bucket.
func migrateWorkOrders(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketWorkOrders); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketWorkOrders, err)
	}
	return nil
}

// followUp keeps the work order an event carries and opens one for a bad rating, in
// the same transaction; called after the hall applied ev.
func (tx *Tx) followUp(ev queue.Event) error {
	if err := tx.keepAlarm(ev); err != nil {
		return err
	}
	if wo := ev.WorkOrder; wo != nil {
		v, err := json.Marshal(wo)
		if err != nil {
			return errStorage{err}
		}
		return tx.put(bucketWorkOrders, []byte(wo.No), v)
	}
	evs, ok := tx.Hall.OpenWorkOrder(ev, tx.s.opts.Policy.WorkOrders)
	if !ok || tx.btx.Bucket(bucketWorkOrders).Get([]byte(evs[0].WorkOrder.No)) != nil {
		return nil
	}
	return tx.emit(evs[0], nil)
}

// readWorkOrder reads a work order from a bucket.
func readWorkOrder(b *bolt.Bucket, no string) (*queue.WorkOrder, error) {
	v := b.Get([]byte(no))
	if v == nil {
		return nil, queue.Errorf(queue.NotFound, "no work order %q", no)
	}
	wo := new(queue.WorkOrder)
	if err := json.Unmarshal(v, wo); err != nil {
		return nil, fmt.Errorf("decode work order %s: %w", no, err)
	}
	return wo, nil
}

// WorkOrders lists the work orders, the newest first.
func (s *Store) WorkOrders() ([]queue.WorkOrder, error) {
	var out []queue.WorkOrder
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWorkOrders)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var wo queue.WorkOrder
			if err := json.Unmarshal(v, &wo); err != nil {
				return fmt.Errorf("decode work order %s: %w", k, err)
			}
			out = append(out, wo)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].OpenedAt.After(out[j].OpenedAt) })
	return out, err
}

// WorkOrder reads one work order.
func (s *Store) WorkOrder(no string) (queue.WorkOrder, error) {
	var wo *queue.WorkOrder
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		wo, err = readWorkOrder(tx.Bucket(bucketWorkOrders), no)
		return err
	})
	if err != nil {
		return queue.WorkOrder{}, err
	}
	return *wo, nil
}

// WorkOrderCommand runs an action on a work order (queue.Hall.DecideWorkOrder) and
// answers the order after it.
func (s *Store) WorkOrderCommand(ctx context.Context, no string, c queue.WorkOrderCmd) (queue.WorkOrder, error) {
	var out queue.WorkOrder
	err := s.exec(ctx, func(tx *Tx) error {
		wo, err := readWorkOrder(tx.btx.Bucket(bucketWorkOrders), no)
		if err != nil {
			return err
		}
		if a := strings.TrimSpace(c.Assignee); c.Action == "assign" && a != "" && tx.s.auth.staff[a] == nil {
			return queue.Errorf(queue.Invalid, "no member of staff %q to assign", a)
		}
		evs, err := tx.Hall.DecideWorkOrder(wo, c, tx.Now)
		if err != nil {
			return err
		}
		out = *evs[0].WorkOrder
		return tx.Emit(evs...)
	})
	return out, err
}

// defaultRatings gives the default rating to the unrated visits of every service day
// that has come due since the last sweep (the first reaches back sweepBack days).
func (s *Store) defaultRatings(tx *Tx) error {
	p := s.opts.Policy.WorkOrders
	if p.DefaultLevel == 0 {
		return nil
	}
	now := tx.Now.In(s.opts.Loc)
	due := time.Date(now.Year(), now.Month(), now.Day()-p.DefaultAfterDays, 0, 0, 0, 0, s.opts.Loc)
	meta := tx.btx.Bucket(bucketMeta)
	last := string(meta.Get(keyRatingsSwept))
	if last >= due.Format(queue.DayLayout) {
		return nil
	}
	day := due.AddDate(0, 0, -sweepBack)
	if t, err := time.ParseInLocation(queue.DayLayout, last, s.opts.Loc); err == nil && t.After(day) {
		day = t.AddDate(0, 0, 1)
	}
	for ; !day.After(due); day = day.AddDate(0, 0, 1) {
		if err := tx.defaultRatingsOf(day.Format(queue.DayLayout), p); err != nil {
			return err
		}
	}
	return tx.put(bucketMeta, keyRatingsSwept, []byte(due.Format(queue.DayLayout)))
}

// defaultRatingsOf rates the unrated finished visits of one service day by default.
func (tx *Tx) defaultRatingsOf(day string, p queue.WorkOrderPolicy) error {
	db := tx.btx.Bucket(bucketDays).Bucket([]byte(day))
	if db == nil {
		return nil
	}
	var ids [][]byte
	db.ForEach(func(_, id []byte) error { ids = append(ids, append([]byte(nil), id...)); return nil })
	for _, id := range ids {
		raw := tx.btx.Bucket(bucketTickets).Get(id)
		if raw == nil {
			continue
		}
		var t queue.Ticket
		if err := json.Unmarshal(raw, &t); err != nil {
			return errStorage{fmt.Errorf("decode ticket %s: %w", id, err)}
		}
		evs, err := tx.Hall.DefaultRating(&t, p, tx.Now)
		if err != nil || len(evs) == 0 {
			continue // a visit the rule does not apply to
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		v, err := json.Marshal(evs[0].Ticket)
		if err != nil {
			return errStorage{err}
		}
		if err := tx.put(bucketTickets, id, v); err != nil {
			return err
		}
	}
	return nil
}
