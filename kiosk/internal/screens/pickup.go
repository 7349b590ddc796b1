package screens

import (
	"context"
	"fmt"
	"strings"

	"onedoor/internal/wire"
)

// Result pickup (领取办理结果): with the card read, the server finds the holder's cases; a
// ticket for the pickup window comes only when a result is ready. Otherwise the identity
// screen says so, with each pending case's promised day, and no ticket is printed.

// noResultError is a pickup with nothing ready: the pending cases, or none at all.
type noResultError struct {
	pending []wire.TicketCase
}

func (e *noResultError) Error() string {
	return fmt.Sprintf("no result ready (%d pending)", len(e.pending))
}

// pickupKey and pickupNote are what the identity screen says for a pickup with nothing
// ready: the message key, and the pending cases with their promised days in both
// languages (empty when nothing of the holder's was found).
func pickupNote(e *noResultError) (key, zh, en string) {
	if len(e.pending) == 0 {
		return "pickup_none", "", ""
	}
	var z, n []string
	for _, c := range e.pending {
		z = append(z, fmt.Sprintf("办件 %s 承诺 %s 前办结", c.No, c.Promised))
		n = append(n, fmt.Sprintf("case %s is promised by %s", c.No, c.Promised))
	}
	return "pickup_pending", strings.Join(z, "\n"), strings.Join(n, "; ")
}

// pickupTicket asks the server for a pickup ticket for the card's holder: the ticket
// when a result is ready, or a *noResultError.
func (k *Kiosk) pickupTicket(ctx context.Context, req wire.IssueRequest, key string) (wire.Ticket, error) {
	actx, cancel := context.WithTimeout(ctx, issueTimeout)
	defer cancel()
	p, err := k.d.API.Pickup(actx, wire.PickupRequest{Applicant: req.Applicant, Source: req.Source}, key)
	if err != nil {
		return wire.Ticket{}, err
	}
	if p.Ticket == nil {
		return wire.Ticket{}, &noResultError{pending: p.Pending}
	}
	return *p.Ticket, nil
}
