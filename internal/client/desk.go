package client

import (
	"context"
	"net/url"

	"onedoor/internal/wire"
)

// The desk commands that carry a reason from the catalog's desk_reasons pick list and
// free text (wire.DeskReason): no-show, a call out of order, reinstate and close.

// NoShow marks window n's called ticket absent, with a desk reason.
func (c *Client) NoShow(ctx context.Context, n int, why wire.DeskReason) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, "no-show"), why, &t, nil)
	return t, err
}

// CallOutOfOrder calls the ticket req names at window n, with a desk reason (supervisors).
func (c *Client) CallOutOfOrder(ctx context.Context, n int, req wire.CallRequest) (wire.StaffTicket, error) {
	var t wire.StaffTicket
	_, err := c.do(ctx, "POST", winPath(n, "call"), req, &t, nil)
	return t, err
}

// ReinstateWhy puts a missed ticket back in the queue with a desk reason (staff).
func (c *Client) ReinstateWhy(ctx context.Context, id string, why wire.DeskReason) (wire.Ticket, error) {
	var t wire.Ticket
	_, err := c.do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(id)+"/reinstate", why, &t, nil)
	return t, err
}

// CloseWindow closes window n with a desk reason.
func (c *Client) CloseWindow(ctx context.Context, n int, why wire.DeskReason) (wire.WindowStatus, error) {
	var out wire.WindowStatus
	_, err := c.do(ctx, "POST", winPath(n, "close"), why, &out, nil)
	return out, err
}
