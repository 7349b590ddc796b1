package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The tests in this file each kill a mutant that survived the package's own tests and
// the app tests make mutate runs for it (internal/tools/mutate); the mutant is named above
// each.

// damage.go readMeta: a bbolt file with the smallest page size, 512 bytes, is a data
// file, not damage (`>= 512` → `>= 513` survived).
func TestDataFileWithSmallestPagesAccepted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onedoor.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: 512, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := checkDataFile(path); err != nil {
		t.Fatalf("a bbolt file of 512-byte pages: %v", err)
	}
}

// store.go Open: a MaxBatch of 0 means the documented default of 1024 (`<= 0` → `< 0`
// left it 0: every command its own transaction and fsync).
func TestMaxBatchDefault(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	if s.opts.MaxBatch != 1024 {
		t.Fatalf("MaxBatch %d after Open with 0, want 1024", s.opts.MaxBatch)
	}
}

// auth.go Login: a wrong PIN or an unknown member of staff is refused with no token
// (`return …, err` → nil answered a refusal as an empty success); a good PIN's session
// lasts 12 hours.
func TestLoginRefusalAndStaffTokenLifetime(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	if err := s.CreateStaff(ctx, "c1", "测试", RoleSupervisor, "2468"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ staff, pin string }{{"c1", "1357"}, {"nobody", "2468"}} {
		token, _, _, err := s.Login(ctx, tc.staff, tc.pin, 0, false, false)
		if !errors.Is(err, ErrLoginRefused) || token != "" {
			t.Fatalf("login %s/%s: token %q, %v; want refused", tc.staff, tc.pin, token, err)
		}
	}
	token, _, _, err := s.Login(ctx, "c1", "2468", 0, false, false)
	if err != nil || token == "" {
		t.Fatalf("good login: %q, %v", token, err)
	}
	start := clk.Now()
	clk.Set(start.Add(12*time.Hour - time.Minute))
	if _, err := s.Authenticate(token); err != nil {
		t.Fatalf("staff token before 12 h: %v", err)
	}
	clk.Set(start.Add(12*time.Hour + time.Minute))
	if _, err := s.Authenticate(token); err == nil {
		t.Fatal("staff token accepted after 12 h")
	}
}

// auth.go DeviceTTL: a device token lasts 365 days, not a day more (365 → 366 survived).
func TestDeviceTokenLastsAYear(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	token, err := s.CreateDeviceToken(context.Background(), "kiosk-9")
	if err != nil {
		t.Fatal(err)
	}
	start := clk.Now()
	clk.Set(start.Add(365*24*time.Hour - time.Minute))
	if _, err := s.Authenticate(token); err != nil {
		t.Fatalf("device token before 365 days: %v", err)
	}
	clk.Set(start.Add(365*24*time.Hour + time.Minute))
	if _, err := s.Authenticate(token); err == nil {
		t.Fatal("device token accepted after 365 days")
	}
}

// access.go Unlock: the unlock is recorded as staff.unlocked, naming who and whom (the
// error check negated skipped the record).
func TestUnlockIsRecorded(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	if err := s.CreateStaff(ctx, "c2", "测试", RoleSupervisor, "2468"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(ctx, "c2", "super"); err != nil {
		t.Fatal(err)
	}
	evs, _, err := s.EventsAfter(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == StaffUnlocked && ev.Staff == "super" && ev.Reason == "c2" {
			return
		}
	}
	t.Fatal("no staff.unlocked event for the unlock of c2 by super")
}

// commands.go maskAddress: an address of six characters or fewer is shown whole, a longer
// one as its first six and four stars (`<= 6` → `< 6` survived).
func TestMaskAddress(t *testing.T) {
	for in, want := range map[string]string{
		"广州市天河区": "广州市天河区", "广州市天河区体育西路1号": "广州市天河区****", "天河": "天河",
	} {
		if got := maskAddress(in); got != want {
			t.Errorf("maskAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// backup.go checkKey: a key file of the wrong size is reported as such, not as a missing
// key (the read error dropped answered "no key file" for a file that is there).
func TestVerifyBackupNamesABadKeyFile(t *testing.T) {
	s, info := backupFixture(t)
	opts := s.VerifyOptions()
	opts.KeyPath = filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(opts.KeyPath, []byte("too short"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := VerifyBackupFile(info.Path, opts)
	if err == nil || !strings.Contains(err.Error(), "want 32 bytes") {
		t.Fatalf("a key file of 9 bytes: %v", err)
	}
}

// commands.go Issue: an appointment check-in with neither booking code nor card is
// refused (an `&&` → `||` read the missing card's number: a nil dereference in the
// writer).
func TestAppointmentWithoutBookingOrCardRefused(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	_, _, err := s.Issue(context.Background(), queue.IssueCmd{Priority: queue.PriorityAppointment, Source: "k"}, nil)
	if err == nil {
		t.Fatal("an appointment without booking or card was issued")
	}
}
