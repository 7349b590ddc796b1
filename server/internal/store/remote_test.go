package store

import (
	"bytes"
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
	"onedoor/server/internal/outbox"
)

// codesInOutbox returns the codes of the code notices waiting in the outbox, in order,
// and their refs.
func codesInOutbox(t *testing.T, s *Store) (codes, refs []string) {
	t.Helper()
	s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(outbox.Bucket))
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var m outbox.Message
			var n outbox.Notice
			if json.Unmarshal(v, &m) != nil || json.Unmarshal(m.Body, &n) != nil || n.Kind != KindCode {
				return nil
			}
			codes, refs = append(codes, n.Params["code"]), append(refs, n.Ref)
			return nil
		})
	})
	return codes, refs
}

// TestRemoteTicketSealedAndErased: a code is put in the outbox (its notice names a ref,
// never the number); a wrong code is counted though the request fails; the right one
// issues a remote ticket whose applicant's phone is the number; a third ticket the same
// day is refused; the number is never written in clear to the file; the retention
// erasure removes the ticket's phone, the code record and the push subscription.
func TestRemoteTicketSealedAndErased(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 10, 1, 10, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	rules := queue.DefaultRemoteRules()
	const phone, item = "13912345678", "440199-A-001"

	if err := s.SendCode(ctx, item, phone, rules); err != nil {
		t.Fatal(err)
	}
	codes, refs := codesInOutbox(t, s)
	if len(codes) != 1 || len(codes[0]) != 6 || !strings.HasPrefix(refs[0], "code/2026-10-01/") {
		t.Fatalf("outbox codes %v refs %v", codes, refs)
	}
	if p, err := s.Phone(ctx, refs[0]); err != nil || p != phone {
		t.Fatalf("phone of the code's ref: %q %v", p, err)
	}
	wrong := "000000"
	if codes[0] == wrong {
		wrong = "111111"
	}
	if _, err := s.IssueRemote(ctx, item, phone, wrong, rules); queue.ErrorCode(err) != queue.Invalid || !strings.Contains(err.Error(), "4 tries left") {
		t.Fatalf("wrong code: %v", err)
	}
	if _, err := s.IssueRemote(ctx, item, phone, wrong, rules); err == nil || !strings.Contains(err.Error(), "3 tries left") {
		t.Fatalf("wrong code again, the try must have been kept: %v", err)
	}
	v, err := s.IssueRemote(ctx, item, phone, codes[0], rules)
	if err != nil || !v.Ticket.Remote || v.Ticket.Source != queue.RemoteSource || !v.Ticket.Applicant {
		t.Fatalf("issue: %+v %v", v.Ticket, err)
	}
	if p, err := s.Phone(ctx, v.Ticket.ID); err != nil || p != phone {
		t.Fatalf("phone of the ticket: %q %v", p, err)
	}
	if err := s.Subscribe(ctx, v.Ticket.ID, PushSubscription{Endpoint: "https://push.example/x", Keys: PushKeys{P256dh: "k", Auth: "a"}}); err != nil {
		t.Fatal(err)
	}
	if sub, err := s.PushSubscriptionOf(ctx, v.Ticket.ID); err != nil || sub.Endpoint != "https://push.example/x" {
		t.Fatalf("push subscription: %+v %v", sub, err)
	}
	// the second ticket of the day, then the limit
	clk.Set(clk.Now().Add(2 * time.Minute))
	if err := s.SendCode(ctx, item, phone, rules); err != nil {
		t.Fatal(err)
	}
	codes, _ = codesInOutbox(t, s)
	if _, err := s.IssueRemote(ctx, item, phone, codes[len(codes)-1], rules); err != nil {
		t.Fatal(err)
	}
	clk.Set(clk.Now().Add(2 * time.Minute))
	if err := s.SendCode(ctx, item, phone, rules); queue.ErrorCode(err) != queue.Limited {
		t.Fatalf("a third code the same day: %v, want limited", err)
	}
	// check-in
	if c, err := s.CheckIn(ctx, v.Ticket.ID); err != nil || c.Ticket.CheckedIn.IsZero() {
		t.Fatalf("check in: %+v %v", c.Ticket, err)
	}

	// 30 days' retention, 40 days on: everything personal of 1 October goes
	clk.Set(time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai))
	if _, err := s.ErasePersonalData(ctx, clk.Now().AddDate(0, 0, -30)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Phone(ctx, v.Ticket.ID); !errors.Is(err, outbox.ErrNoPhone) && !errors.Is(err, outbox.ErrErased) {
		t.Fatalf("phone after erasure: %v", err)
	}
	if _, err := s.Phone(ctx, refs[0]); !errors.Is(err, outbox.ErrErased) {
		t.Fatalf("code's phone after erasure: %v", err)
	}
	if _, err := s.PushSubscriptionOf(ctx, v.Ticket.ID); !errors.Is(err, outbox.ErrErased) {
		t.Fatalf("push after erasure: %v", err)
	}
	s.db.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket(bucketRemote).Stats().KeyN; n != 0 {
			t.Errorf("%d code records left", n)
		}
		return nil
	})
	s.Close()
	raw, err := os.ReadFile(filepath.Join(dir, "onedoor.db"))
	if err != nil {
		matches, _ := filepath.Glob(filepath.Join(dir, "*.db"))
		if len(matches) != 1 {
			t.Fatalf("the store file: %v %v", err, matches)
		}
		raw, _ = os.ReadFile(matches[0])
	}
	if bytes.Contains(raw, []byte(phone)) || bytes.Contains(raw, []byte("139****5678")) {
		t.Fatal("the number is in the file in clear")
	}
}

// TestRemoteTicketMissedWhenAway: a remote ticket not checked in is missed by the call
// that reaches it, the kiosk ticket behind it called in the same command; reinstated and
// checked in it is called, and the clerk's entry of its applicant keeps the confirmed
// number; the file then checks and replays to the same hall, and a restart keeps it.
func TestRemoteTicketMissedWhenAway(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 10, 1, 10, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	rules := queue.DefaultRemoteRules()
	const phone, item = "13912345678", "440199-A-001"
	if err := s.SendCode(ctx, item, phone, rules); err != nil {
		t.Fatal(err)
	}
	codes, _ := codesInOutbox(t, s)
	away, err := s.IssueRemote(ctx, item, phone, codes[0], rules)
	if err != nil {
		t.Fatal(err)
	}
	kiosk, _, err := s.Issue(ctx, queue.IssueCmd{Item: item, Source: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, ok, err := s.Call(ctx, 1, "c")
	if err != nil || !ok || v.Ticket.ID != kiosk.Ticket.ID {
		t.Fatalf("call: %+v %v %v; want the kiosk ticket", v.Ticket, ok, err)
	}
	if got, _ := s.Ticket(away.Ticket.ID); got.Ticket.State != queue.Missed {
		t.Fatalf("the remote ticket is %s, want missed", got.Ticket.State)
	}
	// the clerk enters the remote ticket's applicant without a phone: the confirmed
	// number stays for the texts
	s.Start(ctx, 1, "c")
	if _, _, err := s.Finish(ctx, 1, "c", queue.Finishing{Outcome: queue.Consulted}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reinstate(ctx, away.Ticket.ID, "c", queue.Why{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(ctx, away.Ticket.ID); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Call(ctx, 1, "c"); err != nil || !ok || v.Ticket.ID != away.Ticket.ID {
		t.Fatalf("call the reinstated remote ticket: %+v %v %v", v.Ticket, ok, err)
	}
	id := "44010619900307123"
	c, _ := queue.IDCheckDigit(id)
	if _, err := s.EnterApplicant(ctx, 1, "c", &queue.Applicant{IDNumber: id + string(c), Name: "测试人丁"}); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Phone(ctx, away.Ticket.ID); err != nil || p != phone {
		t.Fatalf("phone after the clerk's entry: %q %v", p, err)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, dir, clk)
	if got, _ := s.Ticket(away.Ticket.ID); got.Ticket.State != queue.Called || got.Ticket.CheckedIn.IsZero() {
		t.Fatalf("after a restart the remote ticket is %s", got.Ticket.State)
	}
}

// TestToldMarksPrunedOnceTheDayIsGone: the marks that keep a turn message from being
// sent twice are dropped by the erasure once their ticket is no longer in the hall (a
// past day's), and kept while it is.
func TestToldMarksPrunedOnceTheDayIsGone(t *testing.T) {
	clk := &clock{now: time.Date(2026, 10, 1, 10, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	marks := func() []string {
		var out []string
		s.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketTold).ForEach(func(k, _ []byte) error { out = append(out, string(k)); return nil })
		})
		return out
	}
	s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTold)
		b.Put([]byte(v.Ticket.ID+"/near"), []byte{})
		return b.Put([]byte("a-ticket-of-an-earlier-day/near"), []byte{})
	})
	if _, err := s.ErasePersonalData(ctx, clk.Now().AddDate(0, 0, -180)); err != nil {
		t.Fatal(err)
	}
	if got := marks(); len(got) != 1 || got[0] != v.Ticket.ID+"/near" {
		t.Fatalf("marks after erasure today: %v, want only today's ticket's", got)
	}
	clk.Set(time.Date(2026, 10, 2, 8, 30, 0, 0, shanghai))
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil); err != nil {
		t.Fatal(err) // the next day's first ticket starts the day
	}
	if _, err := s.ErasePersonalData(ctx, clk.Now().AddDate(0, 0, -180)); err != nil {
		t.Fatal(err)
	}
	if got := marks(); len(got) != 0 {
		t.Fatalf("marks of yesterday's ticket kept: %v", got)
	}
}
