package httpapi

import (
	"net/http"
	"strings"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// What the workbench reads of a case besides the case itself: its timeline, its
// applicant masked, and the applicant unmasked by a reveal that is recorded.

// applicantRoles may see a case's applicant: the people who decide it, not a window,
// not a department's system.
var applicantRoles = []string{store.RoleOfficer, store.RoleSupervisor, store.RoleAdmin}

// caseEvents answers GET /api/v1/cases/{no}/events: the case's timeline, oldest first.
func (s *Server) caseEvents(w http.ResponseWriter, r *http.Request) {
	c, err := s.sessionCase(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.store.CaseEvents(c.No)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := s.store.Location()
	out := make([]wire.CaseEvent, 0, len(evs))
	for _, ev := range evs {
		e := wire.CaseEvent{Seq: ev.Seq, Type: string(ev.Type), At: ev.At.In(loc), Staff: ev.Staff, Dept: ev.Dept,
			Reason: ev.Reason, Received: ev.Received, Missing: ev.Missing}
		if ev.Case != nil {
			e.State = string(ev.Case.State)
			if e.State == "" {
				e.State = string(queue.CaseAccepted)
			}
		}
		for _, d := range ev.Defective {
			e.Defective = append(e.Defective, d.Code)
		}
		out = append(out, e)
	}
	writeJSON(w, http.StatusOK, out)
}

// applicantCase reads the case of the path for one of applicantRoles.
func (s *Server) applicantCase(r *http.Request) (queue.Case, store.Session, error) {
	se, err := s.session(r, applicantRoles...)
	if err != nil {
		return queue.Case{}, se, err
	}
	c, err := s.readCase(r, se)
	return c, se, err
}

// caseApplicant answers GET /api/v1/cases/{no}/applicant: the applicant masked (null
// when none was entered or it was erased).
func (s *Server) caseApplicant(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.applicantCase(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.Applicant(c.Ticket)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if a != nil {
		// The back office sees less than the window before a reveal: the window has
		// the person in front of it, the workbench has only the file.
		a.Name, a.Phone, a.BirthDate = maskName(a.Name), maskPhone(a.Phone), ""
	}
	writeJSON(w, http.StatusOK, a)
}

// maskName keeps the first character of a name: 测试甲 → 测**.
func maskName(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[:1]) + strings.Repeat("*", max(1, len(r)-1))
}

// maskPhone keeps the first three and last two digits of a phone number.
func maskPhone(s string) string {
	if len(s) < 7 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-5) + s[len(s)-2:]
}

// caseReveal answers POST /api/v1/cases/{no}/reveal: the applicant unmasked, the
// reveal recorded in the audit trail and the case's timeline.
func (s *Server) caseReveal(w http.ResponseWriter, r *http.Request) {
	c, se, err := s.applicantCase(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.RevealCaseApplicant(r.Context(), c.No, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}
