package httpapi

import (
	"net/http"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// pickup answers POST /api/v1/pickups (统一出件) for kiosks and staff: finds the holder's
// open cases (by the ID card, or the case number on the receipt) and, when some results
// are ready, issues a ticket for the pickup window carrying them; when none is, no
// ticket, and the pending cases with the day each is promised for.
func (s *Server) pickup(w http.ResponseWriter, r *http.Request) {
	var req wire.PickupRequest
	se, ok := s.authorized(w, r, &req, store.RoleDevice, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	if req.Applicant == nil && req.Case == "" {
		s.fail(w, r, queue.Errorf(queue.Invalid, "give the ID card read (applicant) or the case number"))
		return
	}
	if err := checkApplicant(req.Applicant); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(req.Case) > 64 || !printable(req.Case) {
		s.fail(w, r, queue.Errorf(queue.Invalid, "case: a case number is at most 64 printable characters"))
		return
	}
	it, ok := s.store.Catalog().PickupItem()
	if !ok {
		s.fail(w, r, queue.Errorf(queue.Unavailable, "this center's catalog has no pickup item (%s)", queue.PickupCategory))
		return
	}
	id := ""
	if req.Applicant != nil {
		id = req.Applicant.IDNumber
	}
	held, err := s.store.CasesOf(r.Context(), id, req.Case)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.Pickup{Ready: []wire.TicketCase{}, Pending: []wire.TicketCase{}}
	var nos []string
	for _, c := range held.Ready {
		out.Ready = append(out.Ready, wire.TicketCase{No: c.No, Stage: c.Stage(), Promised: c.Due()})
		nos = append(nos, c.No)
	}
	for _, c := range held.Pending {
		out.Pending = append(out.Pending, wire.TicketCase{No: c.No, Stage: c.Stage(), Promised: c.Due()})
	}
	if len(nos) == 0 {
		writeJSON(w, http.StatusOK, out)
		return
	}
	cmd, err := issueCommand(wire.IssueRequest{Item: it.Code, Source: req.Source, RequestID: req.RequestID}, r.Header.Get("Idempotency-Key"), se)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cmd.Cases = nos
	v, created, err := s.store.Issue(r.Context(), cmd, req.Applicant)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := s.publicTicket(v)
	out.Ticket = &t
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	writeJSON(w, status, out)
}
