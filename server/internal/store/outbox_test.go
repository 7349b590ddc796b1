package store

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
)

// openWithProducer opens a store in a fresh folder whose commits go through p.
func openWithProducer(t *testing.T, p Producer) *Store {
	t.Helper()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s, err := Open(Options{Dir: t.TempDir(), Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now, Outbox: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// recorder is a Sender that keeps the bodies it was sent.
type recorder struct {
	mu     sync.Mutex
	bodies []string
}

func (r *recorder) Send(_ context.Context, d outbox.Delivery) error {
	r.mu.Lock()
	r.bodies = append(r.bodies, string(d.Body))
	r.mu.Unlock()
	return nil
}

// TestOutboxMessagesCommitWithTheirEvents: a producer's messages are put in the
// transaction of the event that caused them and the dispatcher is woken by the commit
// (its poll is an hour, so only Notify can send them); a producer that fails fails the
// command, whose event and messages are both absent; HasPhone sees the sealed applicant's
// phone inside the transaction.
func TestOutboxMessagesCommitWithTheirEvents(t *testing.T) {
	ctx := context.Background()
	var fail bool
	var phones []bool
	s := openWithProducer(t, func(c OutboxContext, ev queue.Event) ([]outbox.Message, error) {
		if ev.Type != queue.TicketIssued {
			return nil, nil
		}
		if fail {
			return nil, errors.New("producer broken")
		}
		has, err := c.HasPhone(ev.Ticket.ID)
		if err != nil {
			return nil, err
		}
		phones = append(phones, has)
		body, _ := json.Marshal(map[string]string{"ticket": ev.Ticket.ID})
		return []outbox.Message{{Dest: "rec", Key: ev.Ticket.ID, Body: body}}, nil
	})
	rec := &recorder{}
	// A message counts as sent once the dispatcher has recorded it delivered (deleted):
	// the Sender's own call comes before that, and Pending would still count it.
	acked := make(chan struct{}, 16)
	onAttempt := func(_ outbox.Delivery, err error) {
		if err == nil {
			acked <- struct{}{}
		}
	}
	d := s.Outbox(map[string]outbox.Sender{"rec": rec}, outbox.Options{Poll: time.Hour, OnAttempt: onAttempt})
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { defer close(ran); d.Run(runCtx) }()
	defer func() { stop(); <-ran }()

	phone := &queue.Applicant{IDNumber: "91350100M000100Y43", CardType: queue.CardOrg, Name: "示例有限公司", Phone: "13800000000"}
	nophone := &queue.Applicant{IDNumber: "91350100M000100Y43", CardType: queue.CardOrg, Name: "示例有限公司"}
	var ids []string
	for _, a := range []*queue.Applicant{phone, nophone, nil} {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, a)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.Ticket.ID)
		select {
		case <-acked:
		case <-time.After(10 * time.Second):
			t.Fatalf("the message of %s was not sent after its commit", v.Ticket.ID)
		}
	}
	if want := []bool{true, false, false}; len(phones) != 3 || phones[0] != want[0] || phones[1] != want[1] || phones[2] != want[2] {
		t.Fatalf("HasPhone saw %v, want %v", phones, want)
	}

	fail = true
	v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	if queue.ErrorCode(err) != queue.Unavailable {
		t.Fatalf("a failing producer: %v, want Unavailable", err)
	}
	if v.Ticket.ID != "" {
		if _, err := s.Ticket(v.Ticket.ID); err == nil {
			t.Fatal("the ticket of a command whose messages failed was kept")
		}
	}
	p, err := d.Pending()
	if err != nil || len(p) != 0 {
		t.Fatalf("pending after the failed command: %v %v, want none", p, err)
	}
	if evs, _, _ := s.EventsAfter(0, 100); countType(evs, queue.TicketIssued) != 3 {
		t.Fatalf("%d tickets issued in the log, want the 3 that committed", countType(evs, queue.TicketIssued))
	}

	got, err := s.Phone(ctx, ids[0])
	if err != nil || got != "13800000000" {
		t.Fatalf("Phone: %q %v", got, err)
	}
	for i, want := range []error{outbox.ErrNoPhone, outbox.ErrNoPhone} {
		if _, err := s.Phone(ctx, ids[i+1]); !errors.Is(err, want) {
			t.Errorf("Phone of ticket %d: %v, want %v", i+1, err, want)
		}
	}
	clkLater := time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai)
	if _, err := s.ErasePersonalData(ctx, clkLater); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Phone(ctx, ids[0]); !errors.Is(err, outbox.ErrErased) && !errors.Is(err, outbox.ErrNoPhone) {
		t.Fatalf("Phone after erasure: %v, want erased", err)
	}
}

func countType(evs []queue.Event, typ queue.EventType) int {
	n := 0
	for _, ev := range evs {
		if ev.Type == typ {
			n++
		}
	}
	return n
}
