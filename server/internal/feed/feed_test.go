package feed

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

func TestBoardSees(t *testing.T) {
	win := &queue.Window{Number: 1}
	for _, c := range []struct {
		ev   queue.Event
		want bool
	}{
		{queue.Event{Type: queue.TicketIssued}, false},
		{queue.Event{Type: queue.TicketStarted, Window: win}, false},
		{queue.Event{Type: queue.TicketCalled, Window: win}, true},
		{queue.Event{Type: queue.NoticeSet}, true},
		{queue.Event{Type: queue.DayStarted}, true},
		{queue.Event{Type: queue.WindowPaused}, true},
		{queue.Event{Type: queue.TicketPriorityChecked, Window: win}, false},
		{queue.Event{Type: queue.ApplicantEntered, Window: win}, false},
	} {
		if got := BoardSees(c.ev); got != c.want {
			t.Errorf("BoardSees(%s) = %v, want %v", c.ev.Type, got, c.want)
		}
	}
}

// No personal data: the public form of an event carries no ticket id, no staff, no
// applicant reveal; staff-only events have no public form at all.
func TestPublicFormHasNoPersonalData(t *testing.T) {
	ev := queue.Event{Seq: 1, Type: queue.TicketCalled, Staff: "clerk-7",
		Ticket: &queue.Ticket{ID: "secret-id-1", Number: "A001", Priority: "elderly"}, Window: &queue.Window{Number: 1}}
	m := Message(ev, nil, time.UTC)
	for _, s := range []string{"secret-id-1", "clerk-7", "elderly"} {
		if bytes.Contains(m.Public, []byte(s)) {
			t.Errorf("the public form carries %q: %s", s, m.Public)
		}
		if !bytes.Contains(m.Staff, []byte(s)) {
			t.Errorf("the staff form lacks %q: %s", s, m.Staff)
		}
	}
	for _, typ := range []queue.EventType{queue.ApplicantRevealed, queue.ApplicantEntered, queue.TicketPriorityChecked} {
		if m := Message(queue.Event{Type: typ, Ticket: &queue.Ticket{Number: "A001"}}, nil, time.UTC); m.Public != nil {
			t.Errorf("a %s has a public form: %s", typ, m.Public)
		}
	}
}

type recorder struct {
	mu   sync.Mutex
	msgs []*hub.Message
	got  chan struct{}
}

func (r *recorder) Publish(msgs ...*hub.Message) {
	r.mu.Lock()
	r.msgs = append(r.msgs, msgs...)
	r.mu.Unlock()
	r.got <- struct{}{}
}

// Counts of an event boards do not see are held back, and go out once as a summary
// before the next event boards see.
func TestCountsHeldBackThenSentOnce(t *testing.T) {
	r := &recorder{got: make(chan struct{}, 16)}
	f := New(r, Config{Loc: time.UTC, BoardCountsEvery: time.Hour})
	defer f.Close()
	tk := &queue.Ticket{ID: "t1", Number: "A001", Prefix: "A"}
	f.Enqueue([]store.Committed{{Event: queue.Event{Seq: 1, Type: queue.TicketIssued, Ticket: tk}, Waiting: map[string]int{"A": 1}}})
	<-r.got
	f.Enqueue([]store.Committed{{Event: queue.Event{Seq: 2, Type: queue.NoticeSet}}})
	<-r.got
	r.mu.Lock()
	defer r.mu.Unlock()
	var types []string
	for _, m := range r.msgs {
		types = append(types, m.Type)
	}
	if len(r.msgs) != 3 || !r.msgs[1].Summary || r.msgs[1].Seq != 1 || r.msgs[0].Board {
		t.Fatalf("messages %v: want the issue (not for boards), one counts summary of seq 1, the notice", types)
	}
	if f.Issued() != 1 {
		t.Errorf("issued %d, want 1", f.Issued())
	}
}
