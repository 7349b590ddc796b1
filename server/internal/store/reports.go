package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The report aggregates: the writer adds each event's facts (queue.Hall.ReportFacts) to
// cells it keeps for the batch and writes the changed cells in the batch's transaction,
// so a report agrees with the log at every commit. RebuildReports makes them again from
// the log, when their shape changes.

var (
	bucketReports   = []byte("reports")
	keyReportsBuilt = []byte("reports_built") // in meta: the cells' shape version, once built
)

// reportsShape is the version of what the cells hold; a store whose cells were built
// with another rebuilds them at open.
const reportsShape = reportCodecVersion

// maxCachedCells bounds the cells the writer keeps decoded between batches.
const maxCachedCells = 4096

// reportCache is the writer's decoded cells and those changed in the current batch.
type reportCache struct {
	cells map[string]*queue.ReportCell
	dirty map[string]bool
}

// migrateReports adds the reports bucket; the cells are built at open (settleReports).
func migrateReports(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketReports); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketReports, err)
	}
	return tx.Bucket(bucketMeta).Delete(keyReportsBuilt)
}

// noteReport adds what ev does to the reports; called before the hall applies ev.
func (tx *Tx) noteReport(ev queue.Event) error {
	if tx.s.opts.NoReports {
		return nil
	}
	facts := tx.Hall.ReportFacts(ev)
	if len(facts) == 0 {
		return nil
	}
	rc := &tx.s.reports
	if rc.cells == nil {
		rc.cells, rc.dirty = map[string]*queue.ReportCell{}, map[string]bool{}
	}
	b := tx.btx.Bucket(bucketReports)
	for i := range facts {
		k := reportKey(facts[i].Key)
		c := rc.cells[k]
		if c == nil {
			c = &queue.ReportCell{}
			if v := b.Get([]byte(k)); v != nil {
				var err error
				if c, err = decodeCell(v); err != nil {
					return errStorage{fmt.Errorf("report cell %q: %w", k, err)}
				}
			}
			rc.cells[k] = c
		}
		c.Add(&facts[i].Add)
		rc.dirty[k] = true
	}
	return nil
}

// flushReports writes the cells the batch changed.
func (s *Store) flushReports(btx *bolt.Tx) error {
	rc := &s.reports
	b := btx.Bucket(bucketReports)
	for k := range rc.dirty {
		if err := b.Put([]byte(k), encodeCell(rc.cells[k])); err != nil {
			return fmt.Errorf("put report cell: %w", err)
		}
	}
	clear(rc.dirty)
	if len(rc.cells) > maxCachedCells {
		clear(rc.cells)
	}
	return nil
}

// resetReports drops the cached cells after a failed commit: they held its facts.
func (s *Store) resetReports() {
	clear(s.reports.cells)
	clear(s.reports.dirty)
}

// settleReports builds the cells from the log when they are missing or of another shape.
func (s *Store) settleReports(tx *bolt.Tx) error {
	if s.opts.NoReports {
		return tx.Bucket(bucketMeta).Delete(keyReportsBuilt)
	}
	if v := tx.Bucket(bucketMeta).Get(keyReportsBuilt); len(v) == 8 && btoi(v) == reportsShape {
		return nil
	}
	n, err := s.rebuildReports(tx)
	if err != nil {
		return fmt.Errorf("build the reports: %w", err)
	}
	s.log.Info("report aggregates built from the log", "cells", n)
	return nil
}

// RebuildReports makes the report cells again from the whole log, in the writer; it
// returns how many cells there are.
func (s *Store) RebuildReports() (int, error) {
	var n int
	err := s.exec(context.Background(), func(tx *Tx) error {
		var err error
		if n, err = s.rebuildReports(tx.btx); err != nil {
			return errStorage{err}
		}
		s.resetReports()
		return nil
	})
	return n, err
}

// rebuildReports replays the log into a fresh hall, collecting each event's facts, and
// replaces the cells with the result.
func (s *Store) rebuildReports(tx *bolt.Tx) (int, error) {
	h := queue.NewHall(s.opts.Catalog, s.opts.Loc, s.opts.Policy)
	h.Calendar = s.opts.Calendar
	cells := map[string]*queue.ReportCell{}
	cur := tx.Bucket(bucketEvents).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		var ev queue.Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return 0, fmt.Errorf("event %d: %w", btoi(k), err)
		}
		for _, f := range h.ReportFacts(ev) {
			key := reportKey(f.Key)
			if cells[key] == nil {
				cells[key] = &queue.ReportCell{}
			}
			cells[key].Add(&f.Add)
		}
		h.Apply(ev)
		if ev.Seq%4096 == 0 {
			h.TakeDirty()
			h.TakeDirtyBookings()
			h.TakeDirtyCases()
		}
	}
	if err := tx.DeleteBucket(bucketReports); err != nil {
		return 0, fmt.Errorf("clear the reports: %w", err)
	}
	b, err := tx.CreateBucket(bucketReports)
	if err != nil {
		return 0, fmt.Errorf("clear the reports: %w", err)
	}
	b.FillPercent = 0.9
	for k, c := range cells {
		if err := b.Put([]byte(k), encodeCell(c)); err != nil {
			return 0, fmt.Errorf("put report cell: %w", err)
		}
	}
	if err := tx.Bucket(bucketMeta).Put(keyReportsBuilt, itob(reportsShape)); err != nil {
		return 0, fmt.Errorf("mark the reports built: %w", err)
	}
	return len(cells), nil
}
