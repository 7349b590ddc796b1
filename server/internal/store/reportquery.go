package store

import (
	"fmt"
	"sort"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// ReportBys are the dimensions a report groups by.
var ReportBys = []string{"center", "day", "category", "item", "window", "clerk"}

// ReportRow is one group of a report: its key (the center's code, a day, a category or
// item code, a window number, a staff id; "" or "0" for the facts with none) and its
// cells added up.
type ReportRow struct {
	Key  string
	Cell queue.ReportCell
}

// groupKey is the key of k's group when grouping by by.
func (s *Store) groupKey(k queue.ReportKey, by string) string {
	switch by {
	case "day":
		return k.Day
	case "category":
		return k.Category
	case "item":
		return k.Item
	case "window":
		return strconv.Itoa(k.Window)
	case "clerk":
		return k.Clerk
	}
	return s.opts.Catalog.Center.Code
}

// Report adds up the cells of the service days from to to (YYYY-MM-DD, both included)
// by one of ReportBys, rows in key order (windows by number). It reads the aggregates
// only, never the log.
func (s *Store) Report(from, to, by string) ([]ReportRow, error) {
	groups := map[string]*queue.ReportCell{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReports)
		if b == nil {
			return nil
		}
		cur := b.Cursor()
		for k, v := cur.Seek([]byte(from)); len(k) >= 10 && string(k[:10]) <= to; k, v = cur.Next() {
			key, err := parseReportKey(string(k))
			if err != nil {
				return err
			}
			g := s.groupKey(key, by)
			sum := groups[g]
			if sum == nil {
				sum = &queue.ReportCell{}
				groups[g] = sum
			}
			if err := addCell(sum, v); err != nil {
				return fmt.Errorf("report cell %q: %w", k, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the reports: %w", err)
	}
	rows := make([]ReportRow, 0, len(groups))
	for k, c := range groups {
		rows = append(rows, ReportRow{Key: k, Cell: *c})
	}
	sort.Slice(rows, func(i, j int) bool {
		if by == "window" {
			a, _ := strconv.Atoi(rows[i].Key)
			b, _ := strconv.Atoi(rows[j].Key)
			return a < b
		}
		return rows[i].Key < rows[j].Key
	})
	return rows, nil
}
