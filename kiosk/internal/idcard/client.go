package idcard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Port is the byte stream to a reader. A go.bug.st/serial port satisfies it; so does a
// test fake. Like serial ports, Read returns (0, nil) when the read timeout passes with
// nothing received.
type Port interface {
	io.ReadWriter
	SetReadTimeout(t time.Duration) error
}

// inputResetter is implemented by serial ports that can drop unread input.
type inputResetter interface{ ResetInputBuffer() error }

// Timeouts are how long to wait for each command's answer.
type Timeouts struct {
	Reset, Status, SAMID, Find, Select, ReadBase, NewAddress time.Duration
}

// DefaultTimeouts are the read timeouts of the YinanSoft driver (README §1.5); reset and
// status, which it does not list, get generous values.
var DefaultTimeouts = Timeouts{
	Reset:      2 * time.Second,
	Status:     500 * time.Millisecond,
	SAMID:      300 * time.Millisecond,
	Find:       100 * time.Millisecond,
	Select:     100 * time.Millisecond,
	ReadBase:   2 * time.Second,
	NewAddress: 1500 * time.Millisecond,
}

// withDefaults fills zero durations from DefaultTimeouts.
func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts
	for _, p := range []struct{ v, def *time.Duration }{
		{&t.Reset, &d.Reset}, {&t.Status, &d.Status}, {&t.SAMID, &d.SAMID}, {&t.Find, &d.Find},
		{&t.Select, &d.Select}, {&t.ReadBase, &d.ReadBase}, {&t.NewAddress, &d.NewAddress},
	} {
		if *p.v <= 0 {
			*p.v = *p.def
		}
	}
	return t
}

// Client speaks the protocol over one Port: one request, one response at a time. It is
// safe for concurrent use; calls are serialised.
type Client struct {
	mu       sync.Mutex
	port     Port
	in       *deadlineReader
	frames   *FrameReader
	timeouts Timeouts
}

// NewClient returns a Client on port; zero timeouts take their defaults.
func NewClient(port Port, t Timeouts) *Client {
	in := &deadlineReader{port: port}
	return &Client{port: port, in: in, frames: NewFrameReader(in), timeouts: t.withDefaults()}
}

// ResetSAM resets the SAM module, as a power cycle would.
func (c *Client) ResetSAM(ctx context.Context) error {
	_, err := c.do(ctx, CmdResetSAM, c.timeouts.Reset)
	return err
}

// SAMStatus asks the SAM for its self-test result; ErrSAMFault means it failed.
func (c *Client) SAMStatus(ctx context.Context) error {
	_, err := c.do(ctx, CmdSAMStatus, c.timeouts.Status)
	return err
}

// SAMID reads the SAM module's management ID.
func (c *Client) SAMID(ctx context.Context) (SAMID, error) {
	r, err := c.do(ctx, CmdSAMID, c.timeouts.SAMID)
	if err != nil {
		return SAMID{}, err
	}
	return ParseSAMID(r.Data)
}

// FindCard looks for a card in the field; ErrNoCard means none (or the card just read
// is still there: it must leave before it is found again).
func (c *Client) FindCard(ctx context.Context) error {
	_, err := c.do(ctx, CmdFindCard, c.timeouts.Find)
	return err
}

// SelectCard selects the card that FindCard found.
func (c *Client) SelectCard(ctx context.Context) error {
	_, err := c.do(ctx, CmdSelectCard, c.timeouts.Select)
	return err
}

// ReadBase reads and parses the selected card's text and photo.
func (c *Client) ReadBase(ctx context.Context) (*Card, error) {
	r, err := c.do(ctx, CmdReadBase, c.timeouts.ReadBase)
	if err != nil {
		return nil, err
	}
	return ParseBaseMessage(r.Data)
}

// ReadNewAddress reads the newest address appended to the card (residents who moved);
// ErrNoContent means there is none.
func (c *Client) ReadNewAddress(ctx context.Context) (string, error) {
	r, err := c.do(ctx, CmdReadNewAddress, c.timeouts.NewAddress)
	if err != nil {
		return "", err
	}
	return ParseNewAddress(r.Data)
}

// ReadCard runs the sequence the spec requires for every read: find, select, read.
func (c *Client) ReadCard(ctx context.Context) (*Card, error) {
	if err := c.FindCard(ctx); err != nil {
		return nil, err
	}
	if err := c.SelectCard(ctx); err != nil {
		return nil, err
	}
	return c.ReadBase(ctx)
}

// do sends cmd and waits up to timeout for its answer, returning it when SW3 is a
// success code. Input left over from an earlier exchange is dropped first.
func (c *Client) do(ctx context.Context, cmd Command, timeout time.Duration) (Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Response{}, fmt.Errorf("%s: %w", cmd, err)
	}
	c.frames.Reset()
	if r, ok := c.port.(inputResetter); ok {
		_ = r.ResetInputBuffer() // best effort: a stale byte is also caught by the frame check
	}
	if _, err := c.port.Write(BuildRequest(cmd)); err != nil {
		return Response{}, fmt.Errorf("%s: write: %w: %w", cmd, ErrIO, err)
	}
	c.in.arm(ctx, time.Now().Add(timeout))
	payload, err := c.frames.Next()
	if err != nil {
		return Response{}, fmt.Errorf("%s: %w", cmd, err)
	}
	resp, err := ParseResponse(payload)
	if err != nil {
		return Response{}, fmt.Errorf("%s: %w", cmd, err)
	}
	return resp, resp.Err(cmd)
}

// deadlineReader turns a Port's polling reads into reads that end at a deadline (with
// ErrNoAnswer) or when the context is cancelled. It polls in short slices so that a
// cancellation is noticed quickly.
type deadlineReader struct {
	port     Port
	ctx      context.Context
	deadline time.Time
}

const pollSlice = 50 * time.Millisecond

func (d *deadlineReader) arm(ctx context.Context, deadline time.Time) {
	d.ctx, d.deadline = ctx, deadline
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	for {
		if err := d.ctx.Err(); err != nil {
			return 0, err
		}
		left := time.Until(d.deadline)
		if left <= 0 {
			return 0, ErrNoAnswer
		}
		if err := d.port.SetReadTimeout(min(left, pollSlice)); err != nil {
			return 0, fmt.Errorf("%w: set read timeout: %w", ErrIO, err)
		}
		n, err := d.port.Read(p)
		if err != nil && !errors.Is(err, ErrIO) {
			err = fmt.Errorf("%w: %w", ErrIO, err)
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}
