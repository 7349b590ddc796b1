// Package upload is what a center sends up to the city tier and what it gets back: a
// batch of its events, each stripped to the figures dashboards count, and the city's
// high-water mark. Strip is the one place an event is cut down before it leaves the
// center: no applicant, no ID number, name, address or phone, no staff, no free text.
package upload

import (
	"errors"
	"fmt"
	"math"
	"time"

	"onedoor/internal/queue"
)

// MaxBatch is the most events one batch may carry.
const MaxBatch = 5000

// Event is one center event as the city tier receives it.
type Event struct {
	Seq  uint64    `json:"seq"`
	Type string    `json:"type"`
	At   time.Time `json:"at"`
	// The ticket's figures, for ticket events: its opaque id, number, category, state.
	Ticket     string    `json:"ticket,omitempty"`
	Number     string    `json:"number,omitempty"`
	Category   string    `json:"category,omitempty"`
	State      string    `json:"state,omitempty"`
	Window     int       `json:"window,omitempty"`
	IssuedAt   time.Time `json:"issued_at,omitzero"`
	CalledAt   time.Time `json:"called_at,omitzero"`
	Transfers  int       `json:"transfers,omitempty"`
	Reinstated int       `json:"reinstated,omitempty"`
	Outcome    string    `json:"outcome,omitempty"`
	// Rating is the 好差评 level of a ticket.rated event, 0 otherwise.
	Rating int `json:"rating,omitempty"`
	// The case's figures, for events carrying a case: its number, state, and whether
	// it has been found past its promised date.
	CaseNo      string `json:"case_no,omitempty"`
	CaseState   string `json:"case_state,omitempty"`
	CaseOverdue bool   `json:"case_overdue,omitempty"`
}

// Batch is one upload: the center's events after After, in seq order.
type Batch struct {
	Center string  `json:"center"`
	After  uint64  `json:"after"`
	Events []Event `json:"events"`
}

// Ack is the city tier's answer: the center's mark, the seq of the last event it holds.
type Ack struct {
	Center string `json:"center"`
	Mark   uint64 `json:"mark"`
}

// Strip returns what of ev goes up. It copies field by field what the dashboards need;
// anything not named here (the applicant, free text, who acted, the case's materials)
// stays at the center, including fields added to queue.Event later.
func Strip(ev queue.Event) Event {
	up := Event{Seq: ev.Seq, Type: string(ev.Type), At: ev.At.UTC()}
	if t := ev.Ticket; t != nil {
		up.Ticket, up.Number, up.Category, up.State = t.ID, t.Number, t.Category, string(t.State)
		up.Window, up.Transfers, up.Reinstated, up.Outcome = t.Window, t.Transfers, t.Reinstated, string(t.Outcome)
		up.IssuedAt, up.CalledAt = t.IssuedAt.UTC(), t.CalledAt.UTC()
	}
	if ev.Window != nil && up.Window == 0 {
		up.Window = ev.Window.Number
	}
	if ev.Rating != nil {
		up.Rating = ev.Rating.Level
	}
	if c := ev.Case; c != nil {
		up.CaseNo, up.CaseState, up.CaseOverdue = c.No, string(c.State), !c.OverdueAt.IsZero()
		if c.State == "" {
			up.CaseState = string(queue.CaseAccepted)
		}
	}
	return up
}

// Check says what is wrong with a batch: a center code, at most MaxBatch events, seqs
// rising and all after After, known-looking fields, numbers that fit PostgreSQL's
// columns (seqs a bigint, the small numbers 0 to an int's most).
func (b *Batch) Check() error {
	if b.Center == "" || len(b.Center) > 64 {
		return errors.New("center: 1 to 64 characters")
	}
	if len(b.Events) > MaxBatch {
		return fmt.Errorf("events: at most %d in a batch, got %d", MaxBatch, len(b.Events))
	}
	prev := b.After
	for i, ev := range b.Events {
		if ev.Seq <= prev {
			return fmt.Errorf("events[%d]: seq %d not after %d (seqs rise, after %d)", i, ev.Seq, prev, b.After)
		}
		prev = ev.Seq
		if ev.Type == "" || len(ev.Type) > 64 || len(ev.Category) > 64 || len(ev.Ticket) > 128 || len(ev.Number) > 32 || len(ev.State) > 32 || len(ev.Outcome) > 32 ||
			len(ev.CaseNo) > 64 || len(ev.CaseState) > 32 {
			return fmt.Errorf("events[%d]: a field is missing or too long", i)
		}
		if ev.At.IsZero() {
			return fmt.Errorf("events[%d]: no time", i)
		}
		if ev.Seq > math.MaxInt64 || outOfRange(ev.Window, ev.Transfers, ev.Reinstated, ev.Rating) {
			return fmt.Errorf("events[%d]: a number out of range", i)
		}
	}
	return nil
}

func outOfRange(ns ...int) bool {
	for _, n := range ns {
		if n < 0 || n > math.MaxInt32 {
			return true
		}
	}
	return false
}
