package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// restoreCmd runs `server restore args…` as main would and returns its exit code and output.
func restoreCmd(args ...string) (int, string) {
	var out bytes.Buffer
	code := Main(append([]string{"restore"}, args...), &out, &out)
	return code, out.String()
}

// TestRestoreRefusesWhatItMust: a running server's folder, a folder holding data without
// -force, a damaged backup, a missing or another key; with -force the old file is kept.
func TestRestoreRefusesWhatItMust(t *testing.T) {
	ts := startServer(t)
	a := &wire.Applicant{IDNumber: validID("44010619850101123"), Name: "测试人丁"}
	if _, err := ts.kiosk.Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001", Applicant: a}, nextKey()); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	info, err := ts.Store.WriteBackupFile(backup, nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(ts.cfg.Data, "key"))
	if err != nil {
		t.Fatal(err)
	}
	expect := func(wantCode int, wantOut string, args ...string) {
		t.Helper()
		code, out := restoreCmd(args...)
		if code != wantCode || !strings.Contains(out, wantOut) {
			t.Fatalf("restore %v: exit %d, %q; want exit %d saying %q", args, code, out, wantCode, wantOut)
		}
	}
	expect(2, "usage", "-from", backup)
	expect(1, "a server is running", "-from", backup, "-data", ts.cfg.Data, "-force")

	fresh := t.TempDir()
	expect(1, "safe place", "-from", backup, "-data", fresh)
	other := make([]byte, 32)
	rand.Read(other)
	os.WriteFile(filepath.Join(fresh, "key"), other, 0o600)
	expect(1, "another key", "-from", backup, "-data", fresh)
	os.WriteFile(filepath.Join(fresh, "key"), key, 0o600)
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not bbolt "), 10000), 0o600)
	expect(1, "fails its check", "-from", garbage, "-data", fresh)
	if entries, _ := os.ReadDir(fresh); len(entries) != 1 {
		t.Fatalf("a refused restore left %v", entries)
	}

	expect(0, fmt.Sprintf("events up to seq %d, 1 sealed applicants", info.Seq), "-from", backup, "-data", fresh)
	before, _ := os.ReadFile(filepath.Join(fresh, "onedoor.db"))
	expect(1, "without -force", "-from", backup, "-data", fresh)
	expect(0, "is kept as", "-from", backup, "-data", fresh, "-force")
	aside, _ := filepath.Glob(filepath.Join(fresh, "onedoor.db.before-restore-*"))
	if len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
	if kept, _ := os.ReadFile(aside[0]); !bytes.Equal(kept, before) {
		t.Fatal("the data file moved aside is not the one that was there")
	}
	if left, _ := filepath.Glob(filepath.Join(fresh, ".onedoor-restore-*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// TestRestoreDrill is the whole drill on real server processes: kiosks issue under load
// while the timer takes backups; the server stops; one of those backups is restored into
// a fresh folder (with the key from its own safe place) and a server started on it.
// Every ticket acknowledged up to the backup's last seq is there with its number, none
// after it is, and numbering continues from the backup.
func TestRestoreDrill(t *testing.T) {
	if testing.Short() {
		t.Skip("restore drill skipped in -short mode")
	}
	dir, bdir, heldDir := t.TempDir(), t.TempDir(), t.TempDir()
	c := startChild(t, dir, "-backup-dir", bdir, "-backup-every", "1s")
	kc := client.New(c.url, c.token)
	var mu sync.Mutex
	var got []acked
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	issueLoad(ctx, &wg, kc, 8, "", func(w, i int) wire.IssueRequest {
		req := wire.IssueRequest{Item: "440199-A-001"}
		if i%5 == 0 {
			req.Applicant = &wire.Applicant{IDNumber: validID(fmt.Sprintf("440106199001%02d%03d", w+1, i%1000)), Name: "测试人"}
		}
		return req
	}, func(a acked) { mu.Lock(); got = append(got, a); mu.Unlock() })
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(got) }
	// Hold on to every backup the timer writes under load (hard links: rotation removes
	// the names), while the load runs on.
	var held []string
	hold := func() {
		for _, f := range backupFiles(t, bdir) {
			p := filepath.Join(heldDir, filepath.Base(f))
			if os.Link(f, p) == nil {
				held = append(held, p)
			}
		}
	}
	testkit.Until(t, "a timed backup under load", 60*time.Second, func() bool { hold(); return len(held) > 0 && count() > 0 })
	n := count()
	testkit.Until(t, "more tickets after the backup", 60*time.Second, func() bool { hold(); return count() >= n+200 })
	stop()
	wg.Wait()
	issuedSeq := map[string]uint64{}
	for _, ev := range auditTrail(t, c.url) {
		if ev.Type == "ticket.issued" && ev.Ticket != nil {
			issuedSeq[ev.Ticket.ID] = ev.Seq
		}
	}
	backup := underLoad(t, held, got, issuedSeq)
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()

	// Restore into a fresh folder; the key comes from its own safe place (here: the old folder).
	fresh := t.TempDir()
	key, err := os.ReadFile(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fresh, "key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := restoreCmd("-from", backup, "-data", fresh); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, out)
	}
	info, err := store.VerifyBackupFile(filepath.Join(fresh, "onedoor.db"), store.VerifyOptions{Catalog: mustCatalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}

	r := startChild(t, fresh)
	defer func() { r.cmd.Process.Signal(syscall.SIGTERM); r.cmd.Wait() }()
	pub := client.New(r.url, "")
	before, after := 0, 0
	last := 0 // the highest A number in the backup
	for _, a := range got {
		seq, ok := issuedSeq[a.id]
		if !ok {
			t.Fatalf("acknowledged ticket %s is not in the original log", a.number)
		}
		tk, err := pub.Ticket(context.Background(), a.id)
		if seq <= info.Seq {
			before++
			if err != nil || tk.Number != a.number {
				t.Fatalf("ticket %s (seq %d ≤ backup's %d) after restore: %+v, %v", a.number, seq, info.Seq, tk, err)
			}
		} else {
			after++
			if client.StatusOf(err) != 404 {
				t.Fatalf("ticket %s (seq %d, after the backup's %d) after restore: %+v, %v; want 404", a.number, seq, info.Seq, tk, err)
			}
		}
	}
	for _, ev := range auditTrail(t, r.url) {
		if ev.Type == "ticket.issued" && ev.Seq <= info.Seq {
			var k int
			fmt.Sscanf(ev.Ticket.Number, "A%d", &k)
			last = max(last, k)
		}
	}
	if before == 0 || after == 0 {
		t.Fatalf("%d tickets before the backup, %d after: the backup was not taken under load", before, after)
	}
	next, err := client.New(r.url, r.token).Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001"}, "after-restore")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("A%03d", last+1); next.Number != want {
		t.Fatalf("first ticket after the restore is %s, want %s", next.Number, want)
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	r.cmd.Wait()
	st, err := store.Open(store.Options{Dir: fresh, Catalog: mustCatalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := errors.Join(st.Check(), st.VerifyReplay()); err != nil {
		t.Fatal(err)
	}
	t.Logf("backup at seq %d (%d bytes) under load: %d acknowledged tickets before it all restored, %d after it absent; numbering went on at %s",
		info.Seq, info.Size, before, after, next.Number)
}

// underLoad returns the first of the held backups taken while tickets were being
// acknowledged: with acknowledged tickets both in it and after it.
func underLoad(t *testing.T, held []string, got []acked, issuedSeq map[string]uint64) string {
	t.Helper()
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for _, a := range got {
		if seq, ok := issuedSeq[a.id]; ok {
			lo, hi = min(lo, seq), max(hi, seq)
		}
	}
	opts := store.VerifyOptions{Catalog: mustCatalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()}
	for _, p := range held {
		info, err := store.VerifyBackupFile(p, opts)
		if err != nil {
			t.Fatalf("a timed backup fails its check: %v", err)
		}
		if info.Seq >= lo && info.Seq < hi {
			return p
		}
	}
	t.Fatalf("none of %d backups was taken between the acknowledged seqs %d and %d", len(held), lo, hi)
	return ""
}
