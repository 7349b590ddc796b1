package httpapi

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// issue answers POST /api/v1/tickets from a kiosk's device token or any staff token.
func (s *Server) issue(w http.ResponseWriter, r *http.Request) {
	var req wire.IssueRequest
	se, ok := s.authorized(w, r, &req, store.RoleDevice, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	cmd, err := issueCommand(req, r.Header.Get("Idempotency-Key"), se)
	if err == nil {
		cmd.Agent, err = s.agent(se, req.AgentToken)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, created, err := s.store.Issue(r.Context(), cmd, req.Applicant)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeJSON(w, status, s.publicTicket(v))
}

// issueCommand validates an issue request and turns it into the domain's command. The
// source is the device's own name for kiosks: a kiosk cannot speak for another.
func issueCommand(req wire.IssueRequest, key string, se store.Session) (queue.IssueCmd, error) {
	key, err := issueKey(req, key)
	if err != nil {
		return queue.IssueCmd{}, err
	}
	if len(req.Booking) > 32 || !printable(req.Booking) {
		return queue.IssueCmd{}, queue.Errorf(queue.Invalid, "booking: a booking code is at most 32 letters, digits or dashes")
	}
	if (req.Item == "" && req.Booking == "" && req.Priority != queue.PriorityAppointment) || len(req.Item) > 64 {
		return queue.IssueCmd{}, queue.Errorf(queue.Invalid, "item: give the code of a catalog item")
	}
	if req.Slot != nil {
		return queue.IssueCmd{}, queue.Errorf(queue.Invalid, "slot: an appointment's slot comes from its booking")
	}
	source, err := issueSource(req, se)
	if err != nil {
		return queue.IssueCmd{}, err
	}
	if err := checkApplicant(req.Applicant); err != nil {
		return queue.IssueCmd{}, err
	}
	cmd := queue.IssueCmd{Item: req.Item, Priority: req.Priority, Source: source, IdemKey: key, Booking: req.Booking}
	if len(req.Priority) > 32 || !utf8.ValidString(req.Priority) {
		return queue.IssueCmd{}, queue.Errorf(queue.Invalid, "unknown priority")
	}
	return cmd, nil
}

// issueKey is the request's idempotency key: the header's, or the body's request_id,
// which may only repeat it.
func issueKey(req wire.IssueRequest, key string) (string, error) {
	if key == "" {
		key = req.RequestID
	} else if req.RequestID != "" && req.RequestID != key {
		return "", queue.Errorf(queue.Invalid, "Idempotency-Key and request_id differ")
	}
	if len(key) > queue.MaxKey || !printable(key) {
		return "", queue.Errorf(queue.Invalid, "the idempotency key must be at most %d printable ASCII characters", queue.MaxKey)
	}
	return key, nil
}

// issueSource is who the token says: a device's name, or "staff:" and the staff id.
// The body's source may only repeat it (old kiosks send their configured id).
func issueSource(req wire.IssueRequest, se store.Session) (string, error) {
	source := se.Staff
	if se.Role != store.RoleDevice {
		source = "staff:" + se.Staff
		if req.Source != "" && req.Source != source && req.Source != se.Staff {
			return "", queue.Errorf(queue.Invalid, "source: a ticket's source comes from your token (%s), not the request", source)
		}
	}
	if len(source) > queue.MaxSource || !printable(source) {
		return "", queue.Errorf(queue.Invalid, "source must be at most %d printable ASCII characters", queue.MaxSource)
	}
	return source, nil
}

// checkApplicant validates the applicant read from a card, when there is one; it trims
// the ID number in place.
func checkApplicant(a *queue.Applicant) error {
	if a == nil {
		return nil
	}
	a.IDNumber = strings.TrimSpace(a.IDNumber)
	if err := a.Validate(); err != nil {
		return err
	}
	return checkTexts("applicant.name", a.Name, "applicant.address", a.Address,
		"applicant.nation", a.Nation, "applicant.gender", a.Gender)
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// validID reports whether s looks like a ticket id, so junk never reaches the store.
func validID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ticketID returns the {id} of the path, or a 404 for anything that cannot be a ticket id.
func ticketID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return "", notFound("no such ticket")
	}
	return id, nil
}

// ticket answers GET /api/v1/tickets/{id}: public, without personal data.
func (s *Server) ticket(w http.ResponseWriter, r *http.Request) {
	id, err := ticketID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.Ticket(id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}

// cancel answers POST /api/v1/tickets/{id}/cancel: whoever holds the ticket's id (its
// tracking page) may cancel it while it waits.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	id, err := ticketID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.Cancel(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}

// reinstate answers POST /api/v1/tickets/{id}/reinstate: staff put a missed ticket back.
func (s *Server) reinstate(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := ticketID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	why, err := deskWhy(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.Reinstate(r.Context(), id, se.Staff, why)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}

// rate answers POST /api/v1/tickets/{id}/rating: whoever holds the ticket's id (its
// tracking page) rates the finished visit once.
func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	id, err := ticketID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req wire.RatingRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkComment("comment", req.Comment); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, x := range req.Reasons {
		if err := checkTexts("reasons", x); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v, err := s.store.Rate(r.Context(), id, req.Level, req.Reasons, req.Comment)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}
