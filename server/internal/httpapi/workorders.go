package httpapi

import (
	"net/http"
	"slices"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// workOrderStates are the filters of the work order list.
var workOrderStates = []string{"", "open", "assigned", "answered", "closed", "overdue"}

// workOrders answers GET /api/v1/workorders?state= (supervisor, admin): the 差评 work
// orders, the newest first, each with the deadline it has missed; state narrows the list
// to one state, or to the overdue ones.
func (s *Server) workOrders(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	state := r.URL.Query().Get("state")
	if !slices.Contains(workOrderStates, state) {
		s.fail(w, r, queue.Errorf(queue.Invalid, "state must be one of open, assigned, answered, closed, overdue, not %q", state))
		return
	}
	list, err := s.store.WorkOrders()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []wire.WorkOrder{}
	for _, wo := range list {
		v := s.workOrderView(wo)
		if state == "" || string(wo.State) == state || (state == "overdue" && v.Overdue != "") {
			out = append(out, v)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) workOrderView(wo queue.WorkOrder) wire.WorkOrder {
	return wire.WorkOrder{WorkOrder: wo, Overdue: wo.Overdue(s.store.Now(), s.store.Location())}
}

// workOrder answers GET /api/v1/workorders/{no}.
func (s *Server) workOrder(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	wo, err := s.store.WorkOrder(r.PathValue("no"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.workOrderView(wo))
}

// workOrderAction answers POST /api/v1/workorders/{no}/{action}: assign, answer, close.
func (s *Server) workOrderAction(w http.ResponseWriter, r *http.Request) {
	var req wire.WorkOrderRequest
	se, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	if err := checkTexts("text", req.Text, "assignee", req.Assignee); err != nil {
		s.fail(w, r, err)
		return
	}
	wo, err := s.store.WorkOrderCommand(r.Context(), r.PathValue("no"), queue.WorkOrderCmd{Action: r.PathValue("action"),
		Assignee: req.Assignee, Text: req.Text, FollowUp: req.FollowUp, Staff: se.Staff})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.workOrderView(wo))
}
