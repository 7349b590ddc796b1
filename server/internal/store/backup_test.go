package store

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// backupFixture is a store with a few tickets, one with a (synthetic) applicant, and a
// backup of it written by WriteBackupFile.
func backupFixture(t *testing.T) (*Store, BackupInfo) {
	t.Helper()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	id := "44010619900307123"
	c, _ := queue.IDCheckDigit(id)
	a := &queue.Applicant{IDNumber: id + string(c), Name: "测试人乙", Address: "广州市示例区测试路2号"}
	for i := 0; i < 5; i++ {
		var app *queue.Applicant
		if i == 2 {
			app = a
		}
		if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, app); err != nil {
			t.Fatal(err)
		}
	}
	info, err := s.WriteBackupFile(filepath.Join(t.TempDir(), "b.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, info
}

func TestWriteBackupFileIsCheckedAndComplete(t *testing.T) {
	s, info := backupFixture(t)
	if info.Seq != s.LastSeq() || info.Seq == 0 {
		t.Fatalf("backup at seq %d, store at %d", info.Seq, s.LastSeq())
	}
	if info.Applicants != 1 {
		t.Fatalf("backup holds %d applicants, want 1", info.Applicants)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(info.Path), ".onedoor-backup-*"))
	if len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	if fi, err := os.Stat(info.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	if _, err := VerifyBackupFile(info.Path, s.VerifyOptions()); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyBackupFileRefusesDamage: each kind of damage is caught with a message that
// says what is wrong, and never crashes the process.
func TestVerifyBackupFileRefusesDamage(t *testing.T) {
	s, info := backupFixture(t)
	opts := s.VerifyOptions()
	good, err := os.ReadFile(info.Path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := []struct {
		name, want string
		damage     func(path string)
	}{
		{"empty", "too small", func(p string) { os.WriteFile(p, nil, 0o600) }},
		{"truncated", "", func(p string) { os.WriteFile(p, good[:len(good)/2], 0o600) }},
		{"event rewritten", "broken at seq 2", func(p string) {
			editEvent(t, p, func(r *eventRecord) { r.Ticket.Number = "A999" })
		}},
		{"event removed", "broken at seq 2: missing", func(p string) {
			withDB(t, p, func(tx *bolt.Tx) error {
				return tx.Bucket(bucketEvents).Delete(itob(2))
			})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".db")
			if err := os.WriteFile(p, good, 0o600); err != nil {
				t.Fatal(err)
			}
			c.damage(p)
			_, err := VerifyBackupFile(p, opts)
			if err == nil {
				t.Fatal("damaged backup passed its check")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestVerifyBackupFileChecksTheKey(t *testing.T) {
	s, info := backupFixture(t)
	opts := s.VerifyOptions()
	opts.KeyPath = filepath.Join(t.TempDir(), "key")
	_, err := VerifyBackupFile(info.Path, opts)
	if err == nil || !strings.Contains(err.Error(), "safe place") {
		t.Fatalf("missing key: %v", err)
	}
	other, err := randomBytes(32)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeKeyFile(opts.KeyPath, other); err != nil { // another key there
		t.Fatal(err)
	}
	if _, err := VerifyBackupFile(info.Path, opts); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("another key: %v", err)
	}
}

// TestWriteBackupFileLeavesNothingWhenTheCheckFails: a copy that fails its check never
// appears under its name, and no temporary file stays.
func TestWriteBackupFileLeavesNothingWhenTheCheckFails(t *testing.T) {
	s, _ := backupFixture(t)
	os.Remove(filepath.Join(s.opts.Dir, "key")) // the copy's applicants can no longer be opened
	dir := t.TempDir()
	if _, err := s.WriteBackupFile(filepath.Join(dir, "b.db"), nil); err == nil {
		t.Fatal("a backup whose check fails was accepted")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

func withDB(t *testing.T, path string, f func(*bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(f); err != nil {
		t.Fatal(err)
	}
}

// editEvent rewrites the first ticket.issued event of the file at path.
func editEvent(t *testing.T, path string, edit func(*eventRecord)) {
	withDB(t, path, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var r eventRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if r.Type != queue.TicketIssued {
				continue
			}
			edit(&r)
			nv, err := json.Marshal(r)
			if err != nil {
				return err
			}
			return tx.Bucket(bucketEvents).Put(k, nv)
		}
		return errors.New("no ticket.issued event")
	})
}
