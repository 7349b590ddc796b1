package app

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"onedoor/server/internal/store"
)

// backupLayout is the time in a backup's name (UTC, to the millisecond, so names sort
// by time and never collide at one backup a second).
const backupLayout = "20060102T150405.000Z"

// backupName is the file name of a backup taken at t.
func backupName(t time.Time) string {
	return "onedoor-" + t.UTC().Format(backupLayout) + ".db"
}

// parseBackupName returns the time in a backup's file name; ok is false for any other
// file, which rotation leaves alone.
func parseBackupName(name string) (time.Time, bool) {
	s, ok := strings.CutPrefix(name, "onedoor-")
	if !ok {
		return time.Time{}, false
	}
	if s, ok = strings.CutSuffix(s, ".db"); !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(backupLayout, s)
	return t, err == nil
}

// keepBackups decides which backups rotation keeps: the newest of each of the newest
// hourly hours, and the newest of each of the newest daily days (days in loc); the
// newest backup of all is always kept. times may be in any order; keep[i] is for times[i].
func keepBackups(times []time.Time, hourly, daily int, loc *time.Location) []bool {
	order := make([]int, len(times))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return times[b].Compare(times[a]) }) // newest first
	keep := make([]bool, len(times))
	if len(order) > 0 {
		keep[order[0]] = true
	}
	pick := func(n int, bucket func(time.Time) string) {
		seen := map[string]bool{}
		for _, i := range order {
			k := bucket(times[i])
			if seen[k] {
				continue
			}
			if len(seen) == n {
				return
			}
			seen[k] = true
			keep[i] = true
		}
	}
	pick(hourly, func(t time.Time) string { return t.UTC().Truncate(time.Hour).String() })
	pick(daily, func(t time.Time) string { return t.In(loc).Format("2006-01-02") })
	return keep
}

// rotate deletes the backups keepBackups does not keep. Files it did not name are left.
func (b *backups) rotate() error {
	entries, err := os.ReadDir(b.cfg.Dir)
	if err != nil {
		return fmt.Errorf("rotate: %w", err)
	}
	var names []string
	var times []time.Time
	for _, e := range entries {
		if t, ok := parseBackupName(e.Name()); ok && e.Type().IsRegular() {
			names, times = append(names, e.Name()), append(times, t)
		}
	}
	keep := keepBackups(times, b.cfg.KeepHourly, b.cfg.KeepDaily, b.store.Location())
	removed := 0
	for i, name := range names {
		if keep[i] {
			continue
		}
		if err := os.Remove(filepath.Join(b.cfg.Dir, name)); err != nil {
			return fmt.Errorf("rotate: %w", err)
		}
		removed++
	}
	if removed > 0 {
		return store.SyncDir(b.cfg.Dir)
	}
	return nil
}
