package desk

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// Reasons returns the catalog's desk reasons that fit action, in the catalog's order.
func (d *Desk) Reasons(action queue.DeskAction) []queue.DeskReason {
	var out []queue.DeskReason
	for _, r := range d.Catalog.DeskReasons {
		if len(r.Actions) == 0 || slices.Contains(r.Actions, action) {
			out = append(out, r)
		}
	}
	return out
}

// MovedTo reports whether ev says that this clerk's session ended because they logged
// in at another window (one clerk, one window), and which.
func (d *Desk) MovedTo(ev wire.Event) (int, bool) {
	if ev.Type != string(queue.StaffLoggedOut) || ev.Staff != d.Staff {
		return 0, false
	}
	return movedWindow(ev.Reason, "logged in at window ")
}

// WhyEnded looks at the hall without a token after the session's token stopped working
// and reports the window the clerk moved to, when this window was left for another
// (its pause reason says so); ok is false when the session ended otherwise.
func (d *Desk) WhyEnded(ctx context.Context) (int, bool) {
	q, err := client.New(d.C.Base(), "", d.opts...).Queue(ctx)
	if err != nil {
		return 0, false
	}
	for _, w := range q.Windows {
		if w.Number == d.Window && w.State == string(queue.WinPaused) {
			return movedWindow(w.Reason, "clerk moved to window ")
		}
	}
	return 0, false
}

// movedWindow reads the window number after marker in a reason the server wrote.
func movedWindow(reason, marker string) (int, bool) {
	i := strings.Index(reason, marker)
	if i < 0 {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(reason[i+len(marker):], "%d", &n); err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// CheckPriority records the clerk's check of the current ticket's claimed priority
// group: confirm when the proof was seen, not when the holder is not eligible (why).
func (d *Desk) CheckPriority(ctx context.Context, confirm bool, why string) (wire.StaffTicket, error) {
	t, err := d.C.CheckPriority(ctx, d.Window, confirm, why)
	return t, wrap("priority", err)
}

// EnterApplicant enters or completes the applicant of the current ticket (typed from a
// document the reader cannot read, an organisation, a phone number).
func (d *Desk) EnterApplicant(ctx context.Context, a wire.Applicant) (wire.StaffTicket, error) {
	t, err := d.C.EnterApplicant(ctx, d.Window, a)
	return t, wrap("applicant", err)
}

// HandOver records the 出件 of a case the current pickup ticket came for: to the
// applicant ("pickup"), to a proxy with a written authorisation ("proxy_pickup", the
// proxy's card sealed by the server), or by post ("post", with its tracking number).
func (d *Desk) HandOver(ctx context.Context, caseNo, action string, req wire.CaseActionRequest) (wire.CaseView, error) {
	v, err := d.C.CaseAction(ctx, caseNo, action, req)
	return v, wrap("hand over", err)
}
