// Package client is the Go client of the onedoor API and stream, used by the kiosk, the
// caller and the tools. Calls are typed; errors from the server come back as *Error with
// the status and the server's code and message.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// Error is an error answer of the server.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("server: %s (%d %s)", e.Message, e.Status, e.Code)
}

// StatusOf returns the HTTP status of an *Error in err's chain, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// Client talks to one server. It is safe for concurrent use.
type Client struct {
	base string
	http *http.Client
	tls  *tls.Config // nil: the system's roots
	mu   sync.RWMutex
	tok  string
}

// New returns a client of the server at base (e.g. http://localhost:8080) using token.
func New(base, token string, opts ...Option) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256 // load tools and busy callers keep their connections
	c := &Client{base: strings.TrimRight(base, "/"), tok: token, http: &http.Client{Timeout: 15 * time.Second, Transport: tr}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// SetToken replaces the bearer token (after a login).
func (c *Client) SetToken(t string) {
	c.mu.Lock()
	c.tok = t
	c.mu.Unlock()
}

// Token returns the bearer token in use.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.tok
}

// Base returns the server's base URL.
func (c *Client) Base() string { return c.base }

// do sends a request with a JSON body (if in is not nil) and decodes a JSON answer into
// out (if not nil). It returns the status.
// rawBody asks do for the answer's bytes as they come, up to max, instead of JSON.
type rawBody struct {
	b   *[]byte
	max int64
}

func (c *Client) do(ctx context.Context, method, path string, in, out any, hdr map[string]string) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if t := c.Token(); t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, explainTLS(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		var e wire.Error
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(data, &e) != nil || e.Error.Code == "" {
			return resp.StatusCode, &Error{Status: resp.StatusCode, Code: "http", Message: strings.TrimSpace(string(data))}
		}
		return resp.StatusCode, &Error{Status: resp.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
	}
	if raw, ok := out.(*rawBody); ok {
		b, err := io.ReadAll(io.LimitReader(resp.Body, raw.max+1))
		if err != nil || int64(len(b)) > raw.max {
			return resp.StatusCode, fmt.Errorf("%s %s: read answer: %d bytes, %v", method, path, len(b), err)
		}
		*raw.b = b
		return resp.StatusCode, nil
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// Catalog fetches the center's catalog and checks it (queue.ParseServedCatalog).
func (c *Client) Catalog(ctx context.Context) (*queue.Catalog, error) {
	raw, err := c.CatalogJSON(ctx)
	if err != nil {
		return nil, err
	}
	return queue.ParseServedCatalog(raw)
}

// CatalogJSON fetches the catalog's bytes as served, for a kiosk that keeps a copy on
// disk; queue.ParseServedCatalog checks them.
func (c *Client) CatalogJSON(ctx context.Context) ([]byte, error) {
	var raw json.RawMessage
	if _, err := c.do(ctx, "GET", "/api/v1/catalog", nil, &raw, nil); err != nil {
		return nil, err
	}
	return raw, nil
}

// DocumentPDF fetches the PDF of the document recorded at seq (a clerk's or a
// supervisor's token), through the client's transport, so the hall's CA is trusted.
func (c *Client) DocumentPDF(ctx context.Context, seq uint64) ([]byte, error) {
	var pdf []byte
	_, err := c.do(ctx, "GET", fmt.Sprintf("/api/v1/documents/%d.pdf", seq), nil, &rawBody{&pdf, 16 << 20}, nil)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, fmt.Errorf("document %d: the answer is not a PDF: %.40q", seq, pdf)
	}
	return pdf, nil
}

// Issue asks for a ticket. key is the idempotency key: retrying with the same key after
// a lost answer returns the same ticket, never a second one.
func (c *Client) Issue(ctx context.Context, req wire.IssueRequest, key string) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "POST", "/api/v1/tickets", req, &t, map[string]string{"Idempotency-Key": key})
	return t, err
}

// CheckInPhone checks in, as a kiosk, the phone ticket with the number's digits and
// the phone's last four digits.
func (c *Client) CheckInPhone(ctx context.Context, digits, last4 string) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "POST", "/api/v1/remote/checkin", map[string]string{"number": digits, "phone_last4": last4}, &t, nil)
	return t, err
}

// Ticket fetches the public state of a ticket.
func (c *Client) Ticket(ctx context.Context, id string) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "GET", "/api/v1/tickets/"+url.PathEscape(id), nil, &t, nil)
	return t, err
}

// Cancel cancels a waiting ticket.
func (c *Client) Cancel(ctx context.Context, id string) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(id)+"/cancel", nil, &t, nil)
	return t, err
}

// Reinstate puts a missed ticket back in the queue (staff).
func (c *Client) Reinstate(ctx context.Context, id string) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(id)+"/reinstate", nil, &t, nil)
	return t, err
}

// Queue fetches the hall's public state.
func (c *Client) Queue(ctx context.Context) (wire.Queue, error) {
	var q wire.Queue
	_, err := c.do(ctx, "GET", "/api/v1/queue", nil, &q, nil)
	return q, err
}

// Login logs staff in and keeps the token for the following calls.
func (c *Client) Login(ctx context.Context, req wire.LoginRequest) (wire.LoginResponse, error) {
	var out wire.LoginResponse
	if _, err := c.do(ctx, "POST", "/api/v1/login", req, &out, nil); err != nil {
		return out, err
	}
	c.SetToken(out.Token)
	return out, nil
}

// Logout ends the session.
func (c *Client) Logout(ctx context.Context) error {
	_, err := c.do(ctx, "POST", "/api/v1/logout", nil, nil, nil)
	return err
}

func winPath(n int, action string) string {
	return "/api/v1/windows/" + strconv.Itoa(n) + "/" + action
}

// WindowState opens, pauses (with a reason) or closes window n.
func (c *Client) WindowState(ctx context.Context, n int, action, reason string) (wire.WindowStatus, error) {
	var out wire.WindowStatus
	var in any
	if action == "pause" {
		in = wire.PauseRequest{Reason: reason}
	}
	_, err := c.do(ctx, "POST", winPath(n, action), in, &out, nil)
	return out, err
}

// Call calls the next ticket at window n; ok is false when nobody waits.
func (c *Client) Call(ctx context.Context, n int) (t wire.StaffTicket, ok bool, err error) {
	status, err := c.do(ctx, "POST", winPath(n, "call"), nil, &t, nil)
	return t, err == nil && status == http.StatusOK, err
}

// CallTicket calls a named ticket out of order (supervisors).
func (c *Client) CallTicket(ctx context.Context, n int, id string) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, "call"), wire.CallRequest{Ticket: id}, &t, nil)
	return t, err
}

// Act runs recall, start or no-show on window n's current ticket.
func (c *Client) Act(ctx context.Context, n int, action string) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, action), nil, &t, nil)
	return t, err
}

// Transfer hands window n's current ticket to a window or a category.
func (c *Client) Transfer(ctx context.Context, n int, req wire.TransferRequest) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, "transfer"), req, &t, nil)
	return t, err
}

// Finish ends the visit at window n.
func (c *Client) Finish(ctx context.Context, n int, req wire.FinishRequest) (wire.FinishResponse, error) {
	var out wire.FinishResponse
	_, err := c.do(ctx, "POST", winPath(n, "finish"), req, &out, nil)
	return out, err
}

// Current fetches window n's current ticket; ok is false when it has none.
func (c *Client) Current(ctx context.Context, n int) (t wire.StaffTicket, ok bool, err error) {
	status, err := c.do(ctx, "GET", winPath(n, "current"), nil, &t, nil)
	return t, err == nil && status == http.StatusOK, err
}

// Reveal fetches the full applicant of window n's current ticket (an audited act).
func (c *Client) Reveal(ctx context.Context, n int) (wire.Applicant, error) {
	var a wire.Applicant
	_, err := c.do(ctx, "POST", winPath(n, "reveal"), nil, &a, nil)
	return a, err
}

// DeviceStatus reports a kiosk device's status.
func (c *Client) DeviceStatus(ctx context.Context, req wire.DeviceStatusRequest) error {
	_, err := c.do(ctx, "POST", "/api/v1/devices/status", req, nil, nil)
	return err
}

// Events fetches a page of the audit trail (supervisors).
func (c *Client) Events(ctx context.Context, after uint64, limit int) (wire.Events, error) {
	var out wire.Events
	_, err := c.do(ctx, "GET", fmt.Sprintf("/api/v1/events?after=%d&limit=%d", after, limit), nil, &out, nil)
	return out, err
}

// CreateWindow defines a window (supervisors and admins).
func (c *Client) CreateWindow(ctx context.Context, req wire.WindowCreateRequest) (wire.WindowStatus, error) {
	var out wire.WindowStatus
	_, err := c.do(ctx, "POST", "/api/v1/admin/windows", req, &out, nil)
	return out, err
}

// Rate sends a citizen's evaluation of a finished visit.
func (c *Client) Rate(ctx context.Context, id string, req wire.RatingRequest) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(id)+"/rating", req, &t, nil)
	return t, err
}

// SetNotice sets the hall boards' scrolling notice (supervisors).
func (c *Client) SetNotice(ctx context.Context, text string) error {
	_, err := c.do(ctx, "POST", "/api/v1/admin/notice", wire.NoticeRequest{Text: text}, nil, nil)
	return err
}

// Book imports an appointment booked online (supervisors).
func (c *Client) Book(ctx context.Context, req wire.BookingRequest) (wire.Booking, error) {
	var out wire.Booking
	_, err := c.do(ctx, "POST", "/api/v1/admin/appointments", req, &out, nil)
	return out, err
}

// CheckPriority records the clerk's check of the claimed priority group of window n's
// ticket: confirm when the proof was shown, not when the holder is not eligible.
func (c *Client) CheckPriority(ctx context.Context, n int, confirm bool, reason string) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, "priority"), wire.PriorityCheckRequest{Confirm: &confirm, Reason: reason}, &t, nil)
	return t, err
}

// PriorityStats returns the day's claimed priority groups and their checks (supervisors).
func (c *Client) PriorityStats(ctx context.Context) (wire.PriorityStats, error) {
	var st wire.PriorityStats
	_, err := c.do(ctx, "GET", "/api/v1/stats/priority", nil, &st, nil)
	return st, err
}

// EnterApplicant enters or completes the applicant of window n's ticket (the clerk typed
// it); the answer shows it masked.
func (c *Client) EnterApplicant(ctx context.Context, n int, a wire.Applicant) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, "applicant"), a, &t, nil)
	return t, err
}
