package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/docs"
	"onedoor/server/internal/store"
)

// The back office (后台分类审批) over the API: a department's inbox, a case, and the
// actions on it. Officers act for their own departments only; supervisors and admins see
// and reassign every case; clerks supply materials and hand results over at their window.

// caseRoles are the roles that may read cases.
var caseRoles = []string{store.RoleOfficer, store.RoleDepartment, store.RoleSupervisor, store.RoleAdmin, store.RoleClerk}

// scoped reports whether se acts for its departments only: an officer, or a
// department's own system with its department token.
func scoped(se store.Session) bool {
	return se.Role == store.RoleOfficer || se.Role == store.RoleDepartment
}

// inbox answers GET /api/v1/cases?dept=CODE: the department's undecided sub-cases, the
// earliest due first, with their deadline colours.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleOfficer, store.RoleDepartment, store.RoleSupervisor, store.RoleAdmin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dept := r.URL.Query().Get("dept")
	if dept == "" && len(se.Depts) == 1 {
		dept = se.Depts[0]
	}
	if dept == "" && !scoped(se) {
		dept = queue.AllDepts // supervisors see every open case
	}
	if _, ok := s.store.Catalog().Department(dept); !ok && dept != queue.AllDepts {
		s.fail(w, r, queue.Errorf(queue.Invalid, "no department %q: give ?dept= a department code", dept))
		return
	}
	if scoped(se) && !slices.Contains(se.Depts, dept) {
		s.fail(w, r, queue.Errorf(queue.Forbidden, "the cases of %s are not yours to see", dept))
		return
	}
	limit, err := inboxLimit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now, loc, cal := s.store.Now(), s.store.Location(), s.store.Calendar()
	pol := queue.DefaultDeadlines()
	lines, total := s.store.Inbox(dept, limit)
	out := wire.Inbox{Dept: dept, Total: total, Cases: []wire.InboxLine{}}
	for _, l := range lines {
		out.Cases = append(out.Cases, wire.InboxLine{
			Case:   s.caseView(*l.Case),
			Part:   *l.Part,
			Colour: string(l.Part.Colour(now, loc, cal, pol)),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// inboxLimit reads ?limit= (the first lines of the inbox): 200 by default, at most 1,000.
func inboxLimit(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 200, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return 0, badRequest("limit must be 1 to 1000")
	}
	return n, nil
}

// caseNo returns the {no} of the path, or a 404 for anything that cannot be one.
func caseNo(r *http.Request) (string, error) {
	no := r.PathValue("no")
	if no == "" || len(no) > 64 || !printable(no) {
		return "", notFound("no such case")
	}
	return no, nil
}

// readCase returns the case of the path for se: an officer sees only cases with a
// sub-case of one of their departments (others are answered as missing).
func (s *Server) readCase(r *http.Request, se store.Session) (queue.Case, error) {
	no, err := caseNo(r)
	if err != nil {
		return queue.Case{}, err
	}
	c, err := s.store.Case(no)
	if err != nil {
		return c, err
	}
	if scoped(se) && !s.officerOf(se, c) {
		return queue.Case{}, queue.Errorf(queue.Forbidden, "case %s is not for your departments", no)
	}
	return c, nil
}

// officerOf says whether the officer has a sub-case of c in their departments.
func (s *Server) officerOf(se store.Session, c queue.Case) bool {
	for _, p := range c.Parts {
		if slices.Contains(se.Depts, p.Dept) {
			return true
		}
	}
	return false
}

// sessionCase reads the case of the path for the caller of a case route.
func (s *Server) sessionCase(r *http.Request) (queue.Case, error) {
	se, err := s.session(r, caseRoles...)
	if err != nil {
		return queue.Case{}, err
	}
	return s.readCase(r, se)
}

// caseView is c as the API answers it, with its deadline colour as of now.
func (s *Server) caseView(c queue.Case) wire.CaseView {
	return wire.CaseView{Case: c, Colour: string(c.Colour(s.store.Now(), s.store.Location(), s.store.Calendar(), queue.DefaultDeadlines()))}
}

// caseGet answers GET /api/v1/cases/{no}.
func (s *Server) caseGet(w http.ResponseWriter, r *http.Request) {
	c, err := s.sessionCase(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.caseView(c))
}

// clerkActions are what a window does with a case: receive materials, hand over.
var clerkActions = []queue.CaseAction{queue.CaseSupply, queue.CasePickup, queue.CaseProxyPickup, queue.CasePost}

// caseAction answers POST /api/v1/cases/{no}/{action}.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request) {
	var req wire.CaseActionRequest
	se, ok := s.authorized(w, r, &req, caseRoles...)
	if !ok {
		return
	}
	c, err := s.readCase(r, se)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	action := queue.CaseAction(r.PathValue("action"))
	if err := s.mayAct(se, c, action, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if action == queue.CaseReassign {
		if err := s.checkReassign(c, &req); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := checkTexts("reason", req.Reason, "tracking", req.Tracking); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Proxy != nil {
		if err := checkApplicant(req.Proxy); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	cmd := queue.CaseCmd{Action: action, Case: c.No, Dept: req.Dept, Staff: se.Staff, Officer: req.Officer, To: req.To,
		Reason: req.Reason, Result: req.Result, Refusal: req.Refusal, Needed: req.Needed, Supplied: req.Supplied,
		Hold: req.Hold, Window: se.Window, Proxy: req.Proxy, Authorised: req.Authorised, Tracking: req.Tracking}
	out, err := s.store.DecideCaseOnce(r.Context(), cmd, r.Header.Get("Idempotency-Key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.caseView(out))
}

// mayAct says whether se may take action on c: clerks only the window's actions,
// officers only on their departments' sub-cases (the one they name, or their only one),
// reassigning and routing only supervisors and admins.
func (s *Server) mayAct(se store.Session, c queue.Case, action queue.CaseAction, req *wire.CaseActionRequest) error {
	switch se.Role {
	case store.RoleClerk:
		if !slices.Contains(clerkActions, action) {
			return queue.Errorf(queue.Forbidden, "a window supplies materials and hands results over; %s is a department's", action)
		}
		return nil
	case store.RoleOfficer, store.RoleDepartment:
		if action == queue.CaseReassign || action == queue.CaseRoute || slices.Contains(clerkActions, action) {
			return queue.Errorf(queue.Forbidden, "%s is not an officer's action", action)
		}
		if req.Dept == "" {
			for _, p := range c.Parts {
				if slices.Contains(se.Depts, p.Dept) {
					req.Dept = p.Dept
					break
				}
			}
		}
		if !slices.Contains(se.Depts, req.Dept) {
			return queue.Errorf(queue.Forbidden, "department %s is not yours", req.Dept)
		}
	}
	return nil
}

// refusalPDF answers GET /api/v1/cases/{no}/refusal.pdf: the department's decision of
// refusal (不予行政许可决定书) of the case's refused sub-case (?dept= when several).
func (s *Server) refusalPDF(w http.ResponseWriter, r *http.Request) {
	c, err := s.sessionCase(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var part *queue.Part
	for i := range c.Parts {
		p := &c.Parts[i]
		if p.Refusal != nil && (r.URL.Query().Get("dept") == "" || r.URL.Query().Get("dept") == p.Dept) {
			part = p
			break
		}
	}
	if part == nil {
		s.fail(w, r, notFound("case "+c.No+" has no refusal"))
		return
	}
	seq, err := s.refusalSeq(c.No, part.Dept)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := docs.Render(s.refusalDoc(r, c, part, seq))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}

// refusalSeq is the seq of the event that refused the sub-case of dept: the number of
// its decision of refusal, as a finish event's seq numbers the documents of a visit, so
// that every sub-case of a bundle has a decision of its own.
func (s *Server) refusalSeq(no, dept string) (uint64, error) {
	evs, err := s.store.CaseEvents(no)
	if err != nil {
		return 0, err
	}
	var seq uint64
	for _, ev := range evs {
		if ev.Type == queue.CaseRefused && ev.Dept == dept {
			seq = ev.Seq // the last, should a sub-case ever be refused again
		}
	}
	if seq == 0 {
		return 0, fmt.Errorf("refusal of case %s at %s: no case.refused event", no, dept)
	}
	return seq, nil
}

// refusalDoc gathers what the decision of refusal of part shows; seq numbers it.
func (s *Server) refusalDoc(r *http.Request, c queue.Case, part *queue.Part, seq uint64) docs.Document {
	cat := s.store.Catalog()
	loc := s.store.Location()
	base := s.cfg.PublicURL
	if !strings.HasPrefix(base, "http") {
		base = "http://" + r.Host
	}
	d := docs.Document{Kind: docs.RefusalDecision, Seq: seq, CenterName: cat.Center.Name, CenterCode: c.Center,
		CaseNo: c.No, ItemCode: c.Item, ItemName: c.Item, AcceptedOn: c.AcceptedAt.In(loc).Format("2006-01-02"),
		Reason: strings.Join(part.Refusal.Reasons, ";"), Basis: part.Refusal.Basis,
		ReviewBody: part.Refusal.Remedy.ReviewBody, Court: part.Refusal.Remedy.Court,
		Staff: s.store.StaffName(part.Officer), IssuedAt: part.DecidedAt.In(loc), TrackURL: base + "/t/" + c.Ticket}
	if it, ok := cat.Item(c.Item); ok {
		d.ItemName, d.LegalBasis = it.NameZh, it.LegalBasis
	}
	if dep, ok := cat.Department(part.Dept); ok {
		d.Department = dep.NameZh
	}
	if a, err := s.store.CaseApplicant(c.Ticket); err == nil && a != nil {
		d.ApplicantName, d.ApplicantID = a.Name, a.IDNumber
		d.ApplicantType, _, _ = queue.CardLabel(a.CardType)
	}
	return d
}
