package httpapi

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"onedoor/internal/queue"
)

// WaitingTicket is a waiting ticket as the console lists it: no applicant.
type WaitingTicket struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	Category   string `json:"category"`
	IssuedAt   string `json:"issued_at"`
	Designated int    `json:"designated,omitempty"`
}

// maxWaitingList is how many waiting tickets the console lists of one category.
const maxWaitingList = 200

// routesConsoleMove adds the console's window settings and the move of a waiting ticket.
func (s *Server) routesConsoleMove(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/console/waiting", s.consoleWaiting)
	m.HandleFunc("POST /api/v1/windows/{n}/categories", s.windowCategories)
	m.HandleFunc("POST /api/v1/tickets/{id}/move", s.moveTicket)
}

// consoleWaiting answers GET /api/v1/console/waiting?category=C (supervisors, admins):
// the category's waiting tickets, the longest waiting first, at most maxWaitingList.
func (s *Server) consoleWaiting(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, consoleRoles...); err != nil {
		s.fail(w, r, err)
		return
	}
	cat, ok := s.store.Catalog().Category(r.URL.Query().Get("category"))
	if !ok {
		s.fail(w, r, queue.Errorf(queue.Invalid, "category must be a category's code or prefix letter"))
		return
	}
	out := []WaitingTicket{}
	loc := s.store.Location()
	s.store.Read(func(h *queue.Hall) {
		for _, t := range h.Tickets {
			if t.State == queue.Waiting && t.Category == cat.Code {
				out = append(out, WaitingTicket{ID: t.ID, Number: t.Number, Category: t.Category,
					IssuedAt: t.IssuedAt.In(loc).Format(time.RFC3339), Designated: t.Designated})
			}
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].IssuedAt < out[j].IssuedAt })
	if len(out) > maxWaitingList {
		out = out[:maxWaitingList]
	}
	writeJSON(w, http.StatusOK, map[string]any{"category": cat.Code, "tickets": out})
}

// windowCategories answers POST /api/v1/windows/{n}/categories {"categories": [...]}
// (supervisors, admins): the categories the window serves, none for all.
func (s *Server) windowCategories(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Categories []string `json:"categories"`
	}
	se, ok := s.authorized(w, r, &req, consoleRoles...)
	if !ok {
		return
	}
	n, err := windowNumber(r)
	if err == nil && len(req.Categories) > 50 {
		err = queue.Errorf(queue.Invalid, "at most 50 categories")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	win, err := s.store.SetWindowCategories(r.Context(), n, req.Categories, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"number": win.Number, "name": win.Name, "categories": win.Categories})
}

// moveTicket answers POST /api/v1/tickets/{id}/move {"window": n} or {"category": "C"}
// (supervisors, admins): a waiting ticket moved (ticket.moved).
func (s *Server) moveTicket(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Window   int    `json:"window"`
		Category string `json:"category"`
	}
	se, ok := s.authorized(w, r, &req, consoleRoles...)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if !validID(id) {
		s.fail(w, r, notFound("no such ticket"))
		return
	}
	if req.Window < 0 || req.Window > 999 || len(req.Category) > 32 {
		s.fail(w, r, queue.Errorf(queue.Invalid, "window must be 1 to 999 and category a category's code or letter"))
		return
	}
	t, err := s.store.MoveWaiting(r.Context(), id, req.Window, req.Category, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, WaitingTicket{ID: t.ID, Number: t.Number, Category: t.Category,
		IssuedAt: t.IssuedAt.In(s.store.Location()).Format(time.RFC3339), Designated: t.Designated})
}

// windowNumber is the request's window number {n}, 1 to 999.
func windowNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > 999 {
		return 0, notFound("no such window: " + r.PathValue("n"))
	}
	return n, nil
}
