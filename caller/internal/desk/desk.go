// Package desk is the clerk's workstation without its widgets: the session at one
// window, the calls it makes through internal/client, the live state it keeps from the
// stream (the queue, the day's tally, the tickets missed), and the uniform document's
// PDF (fetch, page image, print). The screens show it; tests drive it against a real
// server.
package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// ErrTaken is returned by Login when another clerk holds the window: log in again
// with take-over to end that session.
var ErrTaken = errors.New("the window is held by another session")

// ErrSessionEnded means the token is no longer valid: the session expired or another
// login took the window over.
var ErrSessionEnded = errors.New("the session has ended: log in again")

// Credentials is what the login screen asks for.
type Credentials struct {
	Server   string
	Staff    string
	PIN      string
	Window   int
	TakeOver bool
	// Client tunes the session's client: the hall's CA (-ca) for an https server. The
	// login screen keeps it from the defaults.
	Client []client.Option
}

// Desk is one clerk's session at one window. Its token lives in memory only: it
// survives a lost connection, not a restart.
type Desk struct {
	C       *client.Client
	Window  int
	Staff   string
	Name    string
	Role    string
	Catalog *queue.Catalog
	older   []*queue.Catalog // the catalogs in use before, newest first (catalog.go)
	// opts are the client's options (the hall's CA), for a tokenless look at the hall.
	opts []client.Option
}

// Login signs in, opens the window and loads the catalog.
func Login(ctx context.Context, cr Credentials) (*Desk, error) {
	c := client.New(cr.Server, "", cr.Client...)
	res, err := c.Login(ctx, wire.LoginRequest{Staff: cr.Staff, PIN: cr.PIN, Window: cr.Window, TakeOver: cr.TakeOver})
	if err != nil {
		if client.StatusOf(err) == http.StatusConflict {
			return nil, fmt.Errorf("login: %w", ErrTaken)
		}
		return nil, fmt.Errorf("login: %w", err)
	}
	d := &Desk{C: c, Window: cr.Window, Staff: res.Staff, Name: res.Name, Role: res.Role, opts: cr.Client}
	if _, err := c.WindowState(ctx, cr.Window, "open", ""); err != nil && client.StatusOf(err) != http.StatusConflict {
		return nil, fmt.Errorf("open window %d: %w", cr.Window, err)
	}
	cat, err := c.Catalog(ctx)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	d.Catalog = cat
	return d, nil
}

// Supervisor reports whether the session may call tickets out of order.
func (d *Desk) Supervisor() bool { return d.Role == wire.RoleSupervisor || d.Role == wire.RoleAdmin }

// wrap names the action in an error and turns a 401 into ErrSessionEnded.
func wrap(action string, err error) error {
	if err == nil {
		return nil
	}
	if client.StatusOf(err) == http.StatusUnauthorized {
		return fmt.Errorf("%s: %w", action, ErrSessionEnded)
	}
	return fmt.Errorf("%s: %w", action, err)
}

// Call calls the next ticket; ok is false when nobody waits.
func (d *Desk) Call(ctx context.Context) (wire.StaffTicket, bool, error) {
	t, ok, err := d.C.Call(ctx, d.Window)
	return t, ok, wrap("call", err)
}

// CallTicket calls one waiting ticket out of order (supervisors), with a desk reason.
func (d *Desk) CallTicket(ctx context.Context, id string, why wire.DeskReason) (wire.StaffTicket, error) {
	t, err := d.C.CallOutOfOrder(ctx, d.Window, wire.CallRequest{Ticket: id, DeskReason: why})
	return t, wrap("call ticket", err)
}

// Act runs recall or start on the current ticket.
func (d *Desk) Act(ctx context.Context, action string) (wire.StaffTicket, error) {
	t, err := d.C.Act(ctx, d.Window, action)
	return t, wrap(action, err)
}

// NoShow marks the called citizen absent, with a desk reason.
func (d *Desk) NoShow(ctx context.Context, why wire.DeskReason) (wire.StaffTicket, error) {
	t, err := d.C.NoShow(ctx, d.Window, why)
	return t, wrap("no-show", err)
}

// Transfer hands the current ticket to a window (n > 0) or a category, with a desk
// reason. A window that is not open refuses it (409).
func (d *Desk) Transfer(ctx context.Context, window int, category string, why wire.DeskReason) (wire.StaffTicket, error) {
	t, err := d.C.Transfer(ctx, d.Window, wire.TransferRequest{Window: window, Category: category, DeskReason: why})
	return t, wrap("transfer", err)
}

// Finish ends the visit: the outcome, the materials received and those defective (a
// material in neither is missing; the server refuses an acceptance with a required one
// missing, 409) and, for a rejection, its reason and ground or legal basis.
func (d *Desk) Finish(ctx context.Context, req wire.FinishRequest) (wire.FinishResponse, error) {
	if req.Received == nil {
		req.Received = []string{}
	}
	r, err := d.C.Finish(ctx, d.Window, req)
	return r, wrap("finish", err)
}

// Current returns the window's current ticket; ok is false when there is none.
func (d *Desk) Current(ctx context.Context) (wire.StaffTicket, bool, error) {
	t, ok, err := d.C.Current(ctx, d.Window)
	return t, ok, wrap("current", err)
}

// Reveal returns the applicant in full; the server records that the clerk looked.
func (d *Desk) Reveal(ctx context.Context) (wire.Applicant, error) {
	a, err := d.C.Reveal(ctx, d.Window)
	return a, wrap("reveal", err)
}

// Pause pauses the window with a reason; Resume opens it again.
func (d *Desk) Pause(ctx context.Context, reason string) error {
	_, err := d.C.WindowState(ctx, d.Window, "pause", reason)
	return wrap("pause", err)
}

// Resume opens the paused window.
func (d *Desk) Resume(ctx context.Context) error {
	_, err := d.C.WindowState(ctx, d.Window, "open", "")
	return wrap("resume", err)
}

// Reinstate puts a missed ticket back in the queue, with a desk reason.
func (d *Desk) Reinstate(ctx context.Context, id string, why wire.DeskReason) (wire.Ticket, error) {
	t, err := d.C.ReinstateWhy(ctx, id, why)
	return t, wrap("reinstate", err)
}

// Close closes the window, with a desk reason; Resume opens it again.
func (d *Desk) Close(ctx context.Context, why wire.DeskReason) error {
	_, err := d.C.CloseWindow(ctx, d.Window, why)
	return wrap("close", err)
}

// Queue returns the hall's state.
func (d *Desk) Queue(ctx context.Context) (wire.Queue, error) {
	q, err := d.C.Queue(ctx)
	return q, wrap("queue", err)
}
