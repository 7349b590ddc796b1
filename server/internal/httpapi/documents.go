package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"onedoor/internal/queue"
	"onedoor/server/internal/docs"
	"onedoor/server/internal/store"
)

// documentPDF answers GET /api/v1/documents/{seq}.pdf: the uniform document a finished
// visit produced, as A4 PDF. Documents carry the applicant's name and ID number, so
// only the clerk who finished the visit and the supervisors of the document's own
// center may fetch them, and every fetch is recorded.
func (s *Server) documentPDF(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, ok := strings.CutSuffix(r.PathValue("id"), ".pdf")
	seq, perr := strconv.ParseUint(name, 10, 64)
	if !ok || perr != nil || seq == 0 {
		s.fail(w, r, notFound("no such document: "+r.PathValue("id")))
		return
	}
	ev, a, err := s.store.FinishedVisit(seq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ev.Center != s.store.Catalog().Center.Code {
		s.fail(w, r, queue.Errorf(queue.Forbidden, "document %d belongs to another center", seq))
		return
	}
	if se.Role == store.RoleClerk && se.Staff != ev.Staff {
		// Not this clerk's visit: answered as if there were no such document, so that
		// counting seqs tells a clerk nothing about other visits.
		s.log.Warn("document refused: not the clerk of the visit", "seq", seq, "staff", se.Staff)
		s.fail(w, r, notFound("no such document: "+r.PathValue("id")))
		return
	}
	d, ok := s.docFields(r, ev, a)
	if !ok {
		s.fail(w, r, notFound("a "+string(ev.Ticket.Outcome)+" visit has no document"))
		return
	}
	if d.EventHash, err = s.store.EventHash(seq); err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := docs.Render(d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.RecordDocument(r.Context(), seq, ev.Ticket.Window, se.Staff); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}

// docFields gathers what the document of a finish event shows; false when the
// visit's outcome has no document (completed, consulted).
func (s *Server) docFields(r *http.Request, ev queue.Event, a *queue.Applicant) (docs.Document, bool) {
	t := ev.Ticket
	kind := docs.Kind(s.document(ev).Kind)
	if kind.Title() == "" {
		return docs.Document{}, false
	}
	cat := s.store.Catalog()
	base := s.cfg.PublicURL
	if !strings.HasPrefix(base, "http") {
		base = "http://" + r.Host
	}
	d := docs.Document{Kind: kind, Seq: ev.Seq, CenterName: cat.Center.Name, CenterCode: ev.Center,
		ItemCode: t.Item, ItemName: t.Item, TicketNumber: t.Number, Reason: ev.Reason, Staff: s.store.StaffName(ev.Staff),
		Due: ev.Due, Basis: ev.Basis,
		Window: strconv.Itoa(t.Window) + "号窗口", IssuedAt: ev.At.In(s.store.Location()), TrackURL: base + "/t/" + t.ID}
	s.store.Read(func(h *queue.Hall) {
		if w, ok := h.Windows[t.Window]; ok && w.Name != "" {
			d.Window = w.Name
		}
	})
	if ev.Case != nil {
		d.CaseNo, d.Promised = ev.Case.No, ev.Case.Promised
	}
	if a != nil {
		d.ApplicantName, d.ApplicantID = a.Name, a.IDNumber
		d.ApplicantType, _, _ = queue.CardLabel(a.CardType)
	}
	it, ok := cat.Item(t.Item)
	if !ok {
		return d, true
	}
	d.ItemName, d.Department, d.LegalBasis, d.Fee = it.NameZh, it.Department, it.LegalBasis, it.Fee
	d.LegalDays, d.PromisedDays, d.NaturalDays = it.LegalDays, it.PromisedDays, it.NaturalDays
	byCode := map[string]queue.Material{}
	for _, m := range it.Materials {
		byCode[m.Code] = m
	}
	conv := func(codes []string) []docs.Material {
		var out []docs.Material
		for _, c := range codes {
			m := byCode[c]
			out = append(out, docs.Material{Name: m.NameZh, Form: m.Form, Copies: m.Copies, Note: m.Note})
		}
		return out
	}
	d.Received, d.Missing = conv(ev.Received), conv(ev.Missing)
	for _, dm := range ev.Defective {
		m := conv([]string{dm.Code})[0]
		m.Problem, m.Fix = dm.Problem, dm.Fix
		d.Defective = append(d.Defective, m)
	}
	if ev.Case != nil {
		for _, f := range ev.Case.Awaiting {
			m := conv([]string{f.Code})[0]
			m.Due = f.Due
			d.Awaiting = append(d.Awaiting, m)
		}
	}
	if r, ok := cat.RemedyFor(it); ok {
		d.ReviewBody, d.Court = r.ReviewBody, r.Court
	}
	return d, true
}
