package app

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

func TestBackupFlags(t *testing.T) {
	c, err := ParseFlags([]string{"-backup-dir", "/b", "-backup-every", "15m", "-backup-keep-daily", "30"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if want := (BackupConfig{Dir: "/b", Every: 15 * time.Minute, KeepHourly: 24, KeepDaily: 30}); c.Backup != want {
		t.Fatalf("flags: %+v, want %+v", c.Backup, want)
	}
	t.Setenv("ONEDOOR_BACKUP_DIR", "/e")
	t.Setenv("ONEDOOR_BACKUP_EVERY", "2h")
	t.Setenv("ONEDOOR_BACKUP_KEEP_HOURLY", "5")
	if c, err = ParseFlags(nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := (BackupConfig{Dir: "/e", Every: 2 * time.Hour, KeepHourly: 5, KeepDaily: 7}); c.Backup != want {
		t.Fatalf("environment: %+v, want %+v", c.Backup, want)
	}
	t.Setenv("ONEDOOR_BACKUP_EVERY", "soon")
	if _, err = ParseFlags(nil, io.Discard); err == nil || !strings.Contains(err.Error(), "ONEDOOR_BACKUP_EVERY") {
		t.Fatalf("bad environment value: %v", err)
	}
	for _, bad := range []BackupConfig{
		{Dir: "b", Every: time.Millisecond},
		{Dir: "b", Every: time.Hour, KeepHourly: -1, KeepDaily: 7},
		{Dir: "data/", Every: time.Hour},
	} {
		if err := bad.check("data"); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	off := BackupConfig{}
	if err := off.check("data"); err != nil {
		t.Fatalf("off: %v", err)
	}
}

func TestKeepBackups(t *testing.T) {
	// A backup every 10 minutes for 10 days, in a shuffled order.
	end := time.Date(2026, 12, 6, 3, 55, 0, 0, time.UTC)
	var times []time.Time
	for i := 0; i < 10*24*6; i++ {
		times = append(times, end.Add(-time.Duration((i*7919)%(10*24*6))*10*time.Minute))
	}
	keep := keepBackups(times, 24, 7, shanghai)
	var kept []time.Time
	for i, k := range keep {
		if k {
			kept = append(kept, times[i])
		}
	}
	hours, days := map[time.Time]time.Time{}, map[string]time.Time{}
	for _, k := range kept {
		h := k.Truncate(time.Hour)
		if k.After(hours[h]) {
			hours[h] = k
		}
		d := k.In(shanghai).Format("2006-01-02")
		if k.After(days[d]) {
			days[d] = k
		}
	}
	// The 24 newest hours each keep their last backup (xx:55); so do the 7 newest days
	// (23:55 Shanghai is 15:55 UTC): today's is the newest of all and yesterday's is one
	// of the 24 hours', so 5 more.
	for h := 0; h < 24; h++ {
		want := end.Truncate(time.Hour).Add(-time.Duration(h) * time.Hour).Add(55 * time.Minute)
		if want.After(end) {
			want = end
		}
		if !contains(kept, want) {
			t.Errorf("hour %d: %v not kept", h, want)
		}
	}
	for d := 1; d < 7; d++ {
		want := time.Date(2026, 12, 6-d, 23, 55, 0, 0, shanghai)
		if !contains(kept, want) {
			t.Errorf("day -%d: %v not kept", d, want)
		}
	}
	if len(kept) != 24+5 {
		t.Errorf("kept %d backups, want 29 (24 hours, 5 more days)", len(kept))
	}
	if k := keepBackups(times[:1], 0, 0, shanghai); !k[0] {
		t.Error("the newest backup must always be kept")
	}
}

func contains(ts []time.Time, t time.Time) bool {
	for _, x := range ts {
		if x.Equal(t) {
			return true
		}
	}
	return false
}

// TestTimedBackupsAreCheckedRotatedAndMetered: the timer writes backups that pass the
// check and hold the tickets, rotation keeps only what it should, and /metrics says so.
func TestTimedBackupsAreCheckedRotatedAndMetered(t *testing.T) {
	bdir := t.TempDir()
	os.WriteFile(filepath.Join(bdir, "notes.txt"), []byte("not a backup"), 0o600)
	os.WriteFile(filepath.Join(bdir, ".onedoor-backup-123.tmp"), []byte("cut short"), 0o600)
	ts := startServerWith(t, func(c *Config) {
		c.Backup = BackupConfig{Dir: bdir, Every: time.Second, KeepHourly: 1}
	})
	ts.issue("440199-A-001")
	issuedAt := ts.Store.LastSeq()
	testkit.Until(t, "two backups", 10*time.Second, func() bool { return metric(t, ts.URL(), "onedoor_backups_total") >= 2 })
	if f := metric(t, ts.URL(), "onedoor_backup_failures_total"); f != 0 {
		t.Fatalf("%v failures", f)
	}
	if at := metric(t, ts.URL(), "onedoor_backup_last_success_timestamp_seconds"); time.Since(time.Unix(int64(at), 0)) > time.Minute {
		t.Fatalf("last success at %v", at)
	}
	if seq := metric(t, ts.URL(), "onedoor_backup_last_seq"); uint64(seq) != ts.Store.LastSeq() {
		t.Fatalf("last backup at seq %v, store at %d", seq, ts.Store.LastSeq())
	}
	files := backupFiles(t, bdir)
	if len(files) != 1 {
		t.Fatalf("rotation kept %v, want only the newest", files)
	}
	if _, err := os.Stat(filepath.Join(bdir, "notes.txt")); err != nil {
		t.Fatalf("rotation touched a file it did not write: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(bdir, ".onedoor-backup-*")); len(left) != 0 {
		t.Fatalf("unfinished backups left: %v", left)
	}
	info, err := store.VerifyBackupFile(files[0], ts.Store.VerifyOptions())
	if err != nil || info.Seq < issuedAt {
		t.Fatalf("backup %v (seq %d), ticket at seq %d: %v", files[0], info.Seq, issuedAt, err)
	}
}

// TestFailedBackupIsDeletedAndCounted: a copy that fails its check (here the key file is
// gone, so the sealed applicant cannot be opened) is deleted and counted; the next good
// one is counted again. The timer is an hour here: the test takes each backup itself.
func TestFailedBackupIsDeletedAndCounted(t *testing.T) {
	bdir := t.TempDir()
	ts := startServerWith(t, func(c *Config) { c.Backup = BackupConfig{Dir: bdir, Every: time.Hour} })
	a := &wire.Applicant{IDNumber: validID("44010619850101123"), Name: "测试人丙"}
	if _, err := ts.kiosk.Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001", Applicant: a}, nextKey()); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(ts.cfg.Data, "key")
	key, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(keyPath)
	ts.backups.once()
	if f, n := metric(t, ts.URL(), "onedoor_backup_failures_total"), metric(t, ts.URL(), "onedoor_backups_total"); f != 1 || n != 0 {
		t.Fatalf("without the key: %v failures, %v good backups; want 1 and 0", f, n)
	}
	if entries, _ := os.ReadDir(bdir); len(entries) != 0 {
		t.Fatalf("a failed backup left %v", entries)
	}
	if err := os.WriteFile(keyPath, key, 0o600); err != nil {
		t.Fatal(err)
	}
	ts.backups.once()
	if n := metric(t, ts.URL(), "onedoor_backups_total"); n != 1 {
		t.Fatalf("with the key back: %v good backups, want 1", n)
	}
	if files := backupFiles(t, bdir); len(files) != 1 {
		t.Fatalf("backups: %v", files)
	}
}

// backupFiles lists the backups in dir, oldest first.
func backupFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "onedoor-*.db"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// metric reads one unlabelled metric from /metrics; -1 when it is not there.
func metric(t *testing.T, url, name string) float64 {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return f
		}
	}
	return -1
}
