package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"time"

	"onedoor/internal/queue"
)

// TicketView is a copy of a ticket with its predicted wait, taken inside the writer or a
// read.
type TicketView struct {
	Ticket queue.Ticket
	Wait   queue.Wait
	Window *queue.Window
}

func view(h *queue.Hall, t *queue.Ticket, now time.Time) TicketView {
	v := TicketView{Ticket: *t, Wait: h.PredictWait(t, now)}
	if w, ok := h.Windows[t.Window]; ok && t.Window != 0 {
		c := *w
		v.Window = &c
	}
	return v
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewTicketID returns an unguessable ticket id: it is the key to the ticket's tracking
// page. It is 48 bits of the issue time in milliseconds, then 80 random bits: the time
// prefix makes new keys land at the end of the tickets bucket (cheap appends, fewer
// pages per commit), the random part makes the id impossible to guess.
func NewTicketID(now time.Time) (string, error) {
	b := make([]byte, 16)
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	if _, err := rand.Read(b[6:]); err != nil {
		return "", fmt.Errorf("ticket id: %w", err)
	}
	return idEncoding.EncodeToString(b), nil
}

// Issue issues a ticket, storing the applicant (if any) sealed. A retry with the same
// source and idempotency key returns the ticket issued the first time; created says
// which happened.
func (s *Store) Issue(ctx context.Context, c queue.IssueCmd, a *queue.Applicant) (v TicketView, created bool, err error) {
	id, err := NewTicketID(time.Now())
	if err != nil {
		return TicketView{}, false, err
	}
	c.ID = id
	if a != nil {
		c.HasApplicant = true
		c.Birth = a.Birth()
	}
	err = s.exec(ctx, func(tx *Tx) error {
		if a != nil && c.Priority == queue.PriorityAppointment && c.Booking == "" {
			var err error // check in with the card: the hash is keyed by today's key
			if c.IDHash, err = tx.s.keys.hashID(tx.btx, tx.Hall.Day, a.IDNumber); err != nil {
				return errStorage{err}
			}
		}
		tx.checkAgent(c.Agent)
		evs, t, err := tx.Hall.Issue(c, tx.Now)
		if err != nil {
			return err
		}
		if len(evs) == 0 { // an idempotent retry: only of the same request
			if err := tx.sameRequest(t, c, a); err != nil {
				return err
			}
			v = view(tx.Hall, t, tx.Now)
			return nil
		}
		var sealed []byte
		if a != nil {
			if sealed, err = tx.s.keys.sealApplicant(tx.btx, id, evs[0].Ticket.Day, a); err != nil {
				return errStorage{err}
			}
			if err := tx.put(bucketApplicants, []byte(id), sealed); err != nil {
				return err
			}
		}
		if err := tx.emit(evs[0], &recordPII{Applicant: sealed}); err != nil {
			return err
		}
		created = true
		v = view(tx.Hall, tx.Hall.Tickets[id], tx.Now)
		return nil
	})
	return v, created, err
}

// decide runs a hall command in the writer and emits its events; it returns the events
// and the views of the tickets they name, as they stand after the command.
func (s *Store) decide(ctx context.Context, f func(tx *Tx) ([]queue.Event, error)) ([]queue.Event, []TicketView, error) {
	var out []queue.Event
	var views []TicketView
	err := s.exec(ctx, func(tx *Tx) error {
		evs, err := f(tx)
		if err != nil {
			return err
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		for _, c := range tx.committed {
			if c.Event.Type == queue.DayStarted || c.Event.Type == queue.TicketExpired {
				continue
			}
			out = append(out, c.Event)
			if c.Event.Ticket != nil {
				views = append(views, view(tx.Hall, tx.Hall.Tickets[c.Event.Ticket.ID], tx.Now))
			}
		}
		return nil
	})
	return out, views, err
}

// Call calls the next ticket at window n; ok is false when nobody waits.
func (s *Store) Call(ctx context.Context, n int, staff string) (TicketView, bool, error) {
	evs, views, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.Call(n, staff, tx.Now) })
	if err != nil || len(views) == 0 || evs[len(evs)-1].Type != queue.TicketCalled {
		return TicketView{}, false, err // nobody waits, or only remote tickets not checked in (missed)
	}
	return views[len(views)-1], true, nil
}

// CallTicket calls a named ticket at window n out of order.
func (s *Store) CallTicket(ctx context.Context, n int, id, staff string, why queue.Why) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) {
		return tx.Hall.Because(queue.DeskCall, why)(tx.Hall.CallTicket(n, id, staff, tx.Now))
	})
}

// one runs a command that names exactly one ticket and returns its view.
func (s *Store) one(ctx context.Context, f func(tx *Tx) ([]queue.Event, error)) (TicketView, error) {
	_, views, err := s.decide(ctx, f)
	if err != nil {
		return TicketView{}, err
	}
	if len(views) == 0 {
		return TicketView{}, queue.Errorf(queue.Internal, "command named no ticket")
	}
	return views[len(views)-1], nil
}

// Recall calls window n's current ticket again.
func (s *Store) Recall(ctx context.Context, n int, staff string) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.Recall(n, staff, tx.Now) })
}

// Start records that the citizen came to window n.
func (s *Store) Start(ctx context.Context, n int, staff string) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.Start(n, staff, tx.Now) })
}

// NoShow records that the called citizen did not come.
func (s *Store) NoShow(ctx context.Context, n int, staff string, why queue.Why) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) {
		return tx.Hall.Because(queue.DeskNoShow, why)(tx.Hall.NoShow(n, staff, tx.Now))
	})
}

// CheckPriority records the clerk's check of the claimed priority group of window n's
// current ticket: confirmed, or refused as not eligible.
func (s *Store) CheckPriority(ctx context.Context, n int, staff string, confirm bool, reason string) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) {
		return tx.Hall.CheckPriority(n, staff, confirm, reason, tx.Now)
	})
}

// Transfer hands window n's current ticket to a window or a category.
func (s *Store) Transfer(ctx context.Context, n int, staff string, toWindow int, toCategory string, why queue.Why) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) {
		return tx.Hall.Because(queue.DeskTransfer, why)(tx.Hall.Transfer(n, staff, toWindow, toCategory, tx.Now))
	})
}

// Finish ends the visit at window n under the rule of lawful acceptance
// (queue.Hall.FinishVisit: an acceptance with a required material missing or defective
// that may not follow is a Conflict naming it) and returns the event that recorded it.
//
// An accepted visit's case is routed to its item's department in the same transaction
// (后台分类审批 starts at once); a case the catalog cannot route (no department code for
// the item) stays accepted, for a supervisor to route.
func (s *Store) Finish(ctx context.Context, n int, staff string, f queue.Finishing) (queue.Event, TicketView, error) {
	var finish queue.Event
	var tv TicketView
	err := s.exec(ctx, func(tx *Tx) error {
		evs, err := tx.Hall.FinishVisit(n, staff, f, tx.Now)
		if err != nil {
			return err
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		for _, c := range tx.committed {
			if c.Event.Type == queue.TicketFinished {
				finish = c.Event
			}
		}
		tv = view(tx.Hall, tx.Hall.Tickets[finish.Ticket.ID], tx.Now)
		if finish.Case == nil {
			return nil
		}
		if err := tx.indexHolder(finish.Case); err != nil {
			return err
		}
		route, _, err := tx.Hall.DecideCase(queue.CaseCmd{Action: queue.CaseRoute, Case: finish.Case.No, Staff: "system"}, tx.Now)
		if err != nil {
			return nil // not routable: it waits, accepted, for a supervisor
		}
		return tx.Emit(route...)
	})
	if err != nil {
		return queue.Event{}, TicketView{}, err
	}
	return finish, tv, nil
}

// Cancel cancels a waiting ticket at the citizen's request.
func (s *Store) Cancel(ctx context.Context, id string) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.Cancel(id, tx.Now) })
}

// Reinstate puts a missed ticket back in the queue.
func (s *Store) Reinstate(ctx context.Context, id, staff string, why queue.Why) (TicketView, error) {
	return s.one(ctx, func(tx *Tx) ([]queue.Event, error) {
		return tx.Hall.Because(queue.DeskReinstate, why)(tx.Hall.Reinstate(id, staff, tx.Now))
	})
}

// CloseWindow closes window n, with a reason from the pick list and/or free text.
func (s *Store) CloseWindow(ctx context.Context, n int, staff string, why queue.Why) (queue.Window, error) {
	evs, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) {
		return tx.Hall.Because(queue.DeskClose, why)(tx.Hall.CloseWindow(n, staff, tx.Now))
	})
	if err != nil {
		return queue.Window{}, err
	}
	return *evs[len(evs)-1].Window, nil
}

// CreateWindow defines a window.
func (s *Store) CreateWindow(ctx context.Context, w queue.Window) error {
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.CreateWindow(w, tx.Now) })
	return err
}

// WindowCommand runs open, pause or close on window n.
func (s *Store) WindowCommand(ctx context.Context, n int, staff, action, reason string) (queue.Window, error) {
	var w queue.Window
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) {
		var evs []queue.Event
		var err error
		switch action {
		case "open":
			evs, err = tx.Hall.OpenWindow(n, staff, tx.Now)
		case "pause":
			evs, err = tx.Hall.PauseWindow(n, staff, reason, tx.Now)
		case "close":
			evs, err = tx.Hall.CloseWindow(n, staff, tx.Now)
		default:
			return nil, queue.Errorf(queue.Invalid, "unknown window action %q", action)
		}
		if err == nil {
			w = *evs[0].Window
		}
		return evs, err
	})
	return w, err
}

// DeviceStatus records a device's reported status.
func (s *Store) DeviceStatus(ctx context.Context, d queue.Device) error {
	var at time.Time
	err := s.exec(ctx, func(tx *Tx) error {
		at = tx.Now
		return tx.Emit(queue.Event{Type: queue.DeviceStatus, At: tx.Now, Center: tx.Hall.Center, Staff: d.Name, Device: &d})
	})
	if err == nil {
		s.seen.note(d, at)
	}
	return err
}

// Tick rolls the service day over when midnight has passed, even with no command, and
// marks the cases newly overdue (MarkOverdue).
func (s *Store) Tick(ctx context.Context) error {
	if s.opts.ReadOnly {
		return nil // nothing rolls over in a file opened to investigate it
	}
	if _, err := s.MarkOverdue(ctx); err != nil {
		return fmt.Errorf("mark overdue cases: %w", err)
	}
	return s.Wait(ctx)
}

func copyWin(w *queue.Window) *queue.Window {
	c := *w
	return &c
}

// Rate records a citizen's evaluation of a finished visit, once per ticket, also for a
// ticket of an earlier day. The ticket is read inside the writer only: from today's
// hall, or from the stored projection, which an earlier rating in the same batch has
// already brought up to date.
func (s *Store) Rate(ctx context.Context, id string, level int, reasons []string, comment string) (TicketView, error) {
	var v TicketView
	err := s.exec(ctx, func(tx *Tx) error {
		t, ok := tx.Hall.Tickets[id]
		if !ok {
			raw := tx.btx.Bucket(bucketTickets).Get([]byte(id))
			if raw == nil {
				return queue.Errorf(queue.NotFound, "no such ticket")
			}
			t = new(queue.Ticket)
			if err := json.Unmarshal(raw, t); err != nil {
				return fmt.Errorf("decode ticket %s: %w", id, err)
			}
		}
		evs, err := tx.Hall.Rate(t, level, reasons, comment, tx.Now)
		if err != nil {
			return err
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		if _, today := tx.Hall.Tickets[id]; !today {
			// An earlier day's ticket is written back at once, not at the end of the
			// batch, so that the next rating in the same batch re-reads it rated.
			raw, err := json.Marshal(evs[0].Ticket)
			if err != nil {
				return errStorage{err}
			}
			if err := tx.put(bucketTickets, []byte(id), raw); err != nil {
				return err
			}
		}
		v = TicketView{Ticket: *evs[0].Ticket}
		return nil
	})
	return v, err
}

// SetNotice sets the text the hall boards scroll.
func (s *Store) SetNotice(ctx context.Context, text, staff string) error {
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) { return tx.Hall.SetNotice(text, staff, tx.Now) })
	return err
}

// Book records an appointment booked online; idNumber, when given, lets the citizen
// check in with the ID card (only its keyed hash is kept).
func (s *Store) Book(ctx context.Context, c queue.BookCmd, idNumber string) (queue.Booking, error) {
	var b queue.Booking
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) {
		if idNumber != "" { // keyed by the slot's day's key, destroyed with that day's data
			var err error
			if c.IDHash, err = tx.s.keys.hashID(tx.btx, queue.ServiceDay(c.Slot, tx.s.opts.Loc), idNumber); err != nil {
				return nil, errStorage{err}
			}
		}
		evs, err := tx.Hall.Book(c, tx.Now)
		if err == nil {
			b = *evs[0].Booking
		}
		return evs, err
	})
	return b, err
}
