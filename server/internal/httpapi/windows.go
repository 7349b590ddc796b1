package httpapi

import (
	"net/http"
	"strings"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// windowAction answers POST /api/v1/windows/{n}/{action} for every window command,
// each by its own handler.
func (s *Server) windowAction(w http.ResponseWriter, r *http.Request) {
	se, n, err := s.windowSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	action := r.PathValue("action")
	h, ok := windowActions[action]
	if !ok {
		s.fail(w, r, notFound("no window action "+action))
		return
	}
	h(s, w, r, windowCmd{se: se, n: n, action: action})
}

// windowCmd is a window command's caller, window and action.
type windowCmd struct {
	se     store.Session
	n      int
	action string
}

// windowActions are the window commands' handlers, by the action in the path.
var windowActions = map[string]func(*Server, http.ResponseWriter, *http.Request, windowCmd){
	"open":      (*Server).windowState,
	"close":     (*Server).windowClose,
	"pause":     (*Server).windowPause,
	"call":      (*Server).windowCall,
	"recall":    (*Server).windowTicketCommand,
	"start":     (*Server).windowTicketCommand,
	"no-show":   (*Server).windowNoShow,
	"transfer":  (*Server).windowTransfer,
	"priority":  (*Server).windowPriority,
	"applicant": (*Server).windowApplicant,
	"finish":    func(s *Server, w http.ResponseWriter, r *http.Request, c windowCmd) { s.finish(w, r, c.se, c.n) },
}

// windowState opens the window.
func (s *Server) windowState(w http.ResponseWriter, r *http.Request, c windowCmd) {
	if err := decode(w, r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	win, err := s.store.WindowCommand(r.Context(), c.n, c.se.Staff, c.action, "")
	s.answerWindow(w, r, win, err)
}

// windowPause pauses the window, with a reason.
func (s *Server) windowPause(w http.ResponseWriter, r *http.Request, c windowCmd) {
	var req wire.PauseRequest
	if err := decode(w, r, &req, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkTexts("reason", req.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	win, err := s.store.WindowCommand(r.Context(), c.n, c.se.Staff, c.action, req.Reason)
	s.answerWindow(w, r, win, err)
}

// windowCall calls the next ticket, or (a supervisor) a named one out of order; 204
// when nobody the window serves is waiting.
func (s *Server) windowCall(w http.ResponseWriter, r *http.Request, c windowCmd) {
	var req wire.CallRequest
	if err := decode(w, r, &req, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Ticket != "" {
		if c.se.Role == store.RoleClerk {
			s.fail(w, r, queue.Errorf(queue.Forbidden, "calling a ticket out of order needs a supervisor"))
			return
		}
		if err := checkTexts("reason", req.Reason); err != nil {
			s.fail(w, r, err)
			return
		}
		v, err := s.store.CallTicket(r.Context(), c.n, req.Ticket, c.se.Staff, whyOf(req.DeskReason))
		s.answerTicket(w, r, v, err)
		return
	}
	if req.ReasonCode != "" || req.Reason != "" {
		s.fail(w, r, queue.Errorf(queue.Invalid, "a reason goes with a ticket called out of order only"))
		return
	}
	v, ok, err := s.store.Call(r.Context(), c.n, c.se.Staff)
	if err == nil && !ok {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.answerTicket(w, r, v, err)
}

// windowTicketCommand recalls, starts serving or marks a no-show the window's ticket.
func (s *Server) windowTicketCommand(w http.ResponseWriter, r *http.Request, c windowCmd) {
	if err := decode(w, r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	var v store.TicketView
	var err error
	switch c.action {
	case "recall":
		v, err = s.store.Recall(r.Context(), c.n, c.se.Staff)
	case "start":
		v, err = s.store.Start(r.Context(), c.n, c.se.Staff)
	default:
		err = queue.Errorf(queue.Internal, "no ticket command %q", c.action)
	}
	s.answerTicket(w, r, v, err)
}

// deskWhy reads a desk command's optional reason (the pick list's code and free text);
// the store checks the code against the catalog.
func deskWhy(w http.ResponseWriter, r *http.Request) (queue.Why, error) {
	var req wire.DeskReason
	if err := decode(w, r, &req, true); err != nil {
		return queue.Why{}, err
	}
	return whyOf(req), checkTexts("reason", req.Reason)
}

func whyOf(d wire.DeskReason) queue.Why { return queue.Why{Code: d.ReasonCode, Text: d.Reason} }

// windowNoShow marks the called citizen absent, with an optional reason.
func (s *Server) windowNoShow(w http.ResponseWriter, r *http.Request, c windowCmd) {
	why, err := deskWhy(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.NoShow(r.Context(), c.n, c.se.Staff, why)
	s.answerTicket(w, r, v, err)
}

// windowClose closes the window, with an optional reason.
func (s *Server) windowClose(w http.ResponseWriter, r *http.Request, c windowCmd) {
	why, err := deskWhy(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	win, err := s.store.CloseWindow(r.Context(), c.n, c.se.Staff, why)
	s.answerWindow(w, r, win, err)
}

// windowTransfer hands the window's ticket to another window or category.
func (s *Server) windowTransfer(w http.ResponseWriter, r *http.Request, c windowCmd) {
	var req wire.TransferRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkTransfer(req); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkTexts("reason", req.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.Transfer(r.Context(), c.n, c.se.Staff, req.Window, req.Category, whyOf(req.DeskReason))
	s.answerTicket(w, r, v, err)
}

// windowApplicant enters or completes the applicant of the window's ticket: any ID
// document type with its check, an organisation by its credit code, a phone number.
func (s *Server) windowApplicant(w http.ResponseWriter, r *http.Request, c windowCmd) {
	var a queue.Applicant
	if err := decode(w, r, &a, false); err != nil {
		s.fail(w, r, err)
		return
	}
	a.Phone = strings.TrimSpace(a.Phone)
	if err := checkApplicant(&a); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.EnterApplicant(r.Context(), c.n, c.se.Staff, &a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.staffTicket(v, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// windowPriority records the clerk's check of the ticket's claimed priority group.
func (s *Server) windowPriority(w http.ResponseWriter, r *http.Request, c windowCmd) {
	var req wire.PriorityCheckRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Confirm == nil {
		s.fail(w, r, badRequest("confirm must be true (proof seen) or false (not eligible)"))
		return
	}
	if err := checkTexts("reason", req.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.store.CheckPriority(r.Context(), c.n, c.se.Staff, *req.Confirm, req.Reason)
	s.answerTicket(w, r, v, err)
}

func (s *Server) answerWindow(w http.ResponseWriter, r *http.Request, win queue.Window, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.WindowStatus{Number: win.Number, Name: win.Name, Kind: string(win.Kind),
		Categories: win.Categories, State: string(win.State), Reason: win.Reason, Served: win.Served})
}

// answerTicket answers a window command with the clerk's view of the ticket.
func (s *Server) answerTicket(w http.ResponseWriter, r *http.Request, v store.TicketView, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.staffTicket(v, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) finish(w http.ResponseWriter, r *http.Request, se store.Session, n int) {
	var req wire.FinishRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkFinish(req); err != nil {
		s.fail(w, r, err)
		return
	}
	ev, v, err := s.store.Finish(r.Context(), n, se.Staff, finishing(req))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.staffTicket(v, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.FinishResponse{Ticket: st, Document: s.document(ev)})
}

// document describes the uniform document a finished visit hands out.
func (s *Server) document(ev queue.Event) wire.Document {
	t := ev.Ticket
	d := wire.Document{Outcome: string(t.Outcome), Item: t.Item, Reason: ev.Reason, Seq: ev.Seq,
		Received: []wire.Material{}, Missing: []wire.Material{}}
	switch t.Outcome {
	case queue.Accepted:
		d.Kind, d.Title = "acceptance_receipt", "受理回执"
	case queue.Supplement:
		d.Kind, d.Title = "supplement_notice", "材料补正通知书"
	case queue.Rejected:
		d.Kind, d.Title = "rejection_notice", "不予受理决定通知书"
	default:
		d.Kind = "none"
	}
	if ev.Case != nil {
		d.CaseNo, d.Promised = ev.Case.No, ev.Case.Promised
	}
	it, ok := s.itemOf(t.Item)
	if !ok {
		return d
	}
	d.ItemName = it.NameZh
	byCode := map[string]queue.Material{}
	for _, m := range it.Materials {
		byCode[m.Code] = m
	}
	conv := func(codes []string) []wire.Material {
		out := []wire.Material{}
		for _, c := range codes {
			m := byCode[c]
			out = append(out, wire.Material{Code: c, Name: m.NameZh, NameEn: m.NameEn, Form: m.Form, Copies: m.Copies})
		}
		return out
	}
	d.Received, d.Missing = conv(ev.Received), conv(ev.Missing)
	if ev.Case != nil {
		for _, f := range ev.Case.Awaiting {
			m := conv([]string{f.Code})[0]
			m.Due = f.Due
			d.Awaiting = append(d.Awaiting, m)
		}
	}
	for _, dm := range ev.Defective {
		m := conv([]string{dm.Code})[0]
		m.Problem, m.Fix = dm.Problem, dm.Fix
		d.Defective = append(d.Defective, m)
	}
	d.Due, d.Ground, d.Basis = ev.Due, ev.Ground, ev.Basis
	return d
}

// current answers GET /api/v1/windows/{n}/current: the clerk's view of the window's
// ticket, applicant masked; 204 when the window has none.
func (s *Server) current(w http.ResponseWriter, r *http.Request) {
	_, n, err := s.windowSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var v store.TicketView
	found := false
	s.store.Read(func(h *queue.Hall) {
		if win, ok := h.Windows[n]; ok && win.Current != "" {
			if t, ok := h.Tickets[win.Current]; ok {
				v, found = store.TicketView{Ticket: *t, Window: &queue.Window{Number: win.Number, Name: win.Name}}, true
			}
		}
	})
	if !found {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.answerTicket(w, r, v, nil)
}

// reveal answers POST /api/v1/windows/{n}/reveal: the full applicant of the current
// ticket, recorded as an event.
func (s *Server) reveal(w http.ResponseWriter, r *http.Request) {
	se, n, err := s.windowSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.RevealApplicant(r.Context(), n, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}
