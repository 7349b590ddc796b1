package client

import (
	"context"
	"net/url"

	"onedoor/internal/wire"
)

// Inbox returns a department's undecided sub-cases, the earliest due first.
func (c *Client) Inbox(ctx context.Context, dept string) (wire.Inbox, error) {
	var in wire.Inbox
	_, err := c.do(ctx, "GET", "/api/v1/cases?dept="+url.QueryEscape(dept), nil, &in, nil)
	return in, err
}

// Case returns a case by number.
func (c *Client) Case(ctx context.Context, no string) (wire.CaseView, error) {
	var v wire.CaseView
	_, err := c.do(ctx, "GET", "/api/v1/cases/"+url.PathEscape(no), nil, &v, nil)
	return v, err
}

// CaseAction takes an action on a case (claim, approve, refuse, supplement, supply,
// transfer, suspend, resume, pickup, proxy_pickup, post, reassign, route).
func (c *Client) CaseAction(ctx context.Context, no, action string, req wire.CaseActionRequest) (wire.CaseView, error) {
	var v wire.CaseView
	_, err := c.do(ctx, "POST", "/api/v1/cases/"+url.PathEscape(no)+"/"+url.PathEscape(action), req, &v, nil)
	return v, err
}
