package httpapi

import (
	"net/http"
	"strconv"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// catalog answers GET /api/v1/catalog.
func (s *Server) catalog(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.store.Catalog())
}

// queue answers GET /api/v1/queue: waiting per category and every window's state.
func (s *Server) queue(w http.ResponseWriter, r *http.Request) {
	now := s.store.Now()
	cat := s.store.Catalog()
	out := wire.Queue{Center: cat.Center.Code, CenterName: cat.Center.Name, Categories: []wire.CategoryQueue{}, Windows: []wire.WindowStatus{}}
	s.store.Read(func(h *queue.Hall) {
		out.Day, out.Seq, out.Notice = h.Day, h.LastSeq, h.Notice
		for _, c := range cat.Categories {
			out.Categories = append(out.Categories, wire.CategoryQueue{Code: c.Code, Prefix: c.PrefixLetter,
				Name: c.NameZh, NameEn: c.NameEn, Waiting: h.Queue.Waiting(c.Code), Next: nonNil(h.Queue.Heads(c.Code, 5)),
				LongestWaitS: int(h.LongestWait(c.Code, now).Seconds())})
		}
		for _, n := range h.WindowNumbers() {
			win := h.Windows[n]
			ws := wire.WindowStatus{Number: n, Name: win.Name, Kind: string(win.Kind), Categories: win.Categories,
				State: string(win.State), Reason: win.Reason, Served: win.Served}
			if t, ok := h.Tickets[win.Current]; ok && win.Current != "" {
				ws.Current, ws.CurrentState = t.Number, string(t.State)
			}
			out.Windows = append(out.Windows, ws)
		}
		loc := s.store.Location()
		out.Recent = make([]wire.RecentCall, 0, len(h.Recent))
		for i := len(h.Recent) - 1; i >= 0; i-- {
			c := h.Recent[i]
			out.Recent = append(out.Recent, wire.RecentCall{Seq: c.Seq, Number: c.Number, Window: c.Window,
				WindowName: c.WindowName, At: c.At.In(loc), Recall: c.Recall})
		}
	})
	writeJSON(w, http.StatusOK, out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// events answers GET /api/v1/events?after=SEQ&limit=N for supervisors: the audit trail.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := uintParam(r, "after", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := uintParam(r, "limit", 100)
	if err != nil || limit < 1 || limit > 1000 {
		s.fail(w, r, badRequest("limit must be 1 to 1000"))
		return
	}
	evs, last, err := s.store.EventsAfter(after, int(limit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.Events{Events: make([]wire.Event, len(evs)), Last: last}
	for i, ev := range evs {
		out.Events[i] = s.wireEvent(ev, nil, true)
	}
	writeJSON(w, http.StatusOK, out)
}

func uintParam(r *http.Request, name string, def uint64) (uint64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, badRequest("%s must be a whole number", name)
	}
	return n, nil
}

// stream answers GET /api/v1/stream?after=SEQ as a websocket. Without a token it is the
// public stream (no ticket ids); with a staff token, the staff stream. ?ticket=ID and
// ?category=A narrow it to what a tracking page shows; ?view=board is a hall board's
// view (window events at once, the waiting counts coalesced).
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	// The slot is reserved (checked and counted at once) before anything else, and
	// released by every path that does not hand it to the hub.
	req := hub.StreamRequest{Slot: s.hub.Reserve()}
	if req.Slot == nil {
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Connection", "close") // the refused connection's descriptor goes at once
		s.fail(w, r, queue.Errorf(queue.Unavailable, "too many stream connections: try again shortly"))
		return
	}
	handed := false
	defer func() {
		if !handed {
			req.Slot.Release()
		}
	}()
	if tok := bearer(r); tok != "" || r.URL.Query().Get("token") != "" {
		if tok == "" {
			tok = r.URL.Query().Get("token") // browsers cannot set headers on websockets
		}
		se, err := s.store.Authenticate(tok)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		req.Staff = isStaff(se)
	} else if ck, err := r.Cookie(SessionCookie); err == nil && ck.Value != "" {
		// A web session's page (the console) follows the staff stream; a stale cookie
		// leaves the public one.
		if se, err := s.store.Authenticate(ck.Value); err == nil {
			req.Staff = isStaff(se)
		}
	}
	q := r.URL.Query()
	if v := q.Get("after"); v != "" {
		after, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.fail(w, r, badRequest("after must be a whole number"))
			return
		}
		req.After, req.HasAfter = after, true
	}
	if id := q.Get("ticket"); id != "" {
		if !validID(id) {
			s.fail(w, r, notFound("no such ticket"))
			return
		}
		v, err := s.store.Ticket(id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		req.Filter = hub.Filter{Ticket: id, Category: v.Ticket.Prefix}
	} else if c := q.Get("category"); c != "" {
		if _, ok := s.store.Catalog().Category(c); !ok || len(c) != 1 {
			s.fail(w, r, badRequest("category must be a prefix letter of the catalog"))
			return
		}
		req.Filter = hub.Filter{Category: c}
	}
	switch v := q.Get("view"); v {
	case "":
	case "board":
		req.Filter.Board = true
	default:
		s.fail(w, r, badRequest("view must be board or left out"))
		return
	}
	handed = true
	s.hub.Serve(w, r, req, s.replay, s.log)
}
