package httpapi

import (
	"net/http"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// routesConsole adds the supervisor console's API: window modes, reports, work orders,
// alarms.
func (s *Server) routesConsole(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/windows/{n}/mode", s.windowMode)
	m.HandleFunc("GET /api/v1/reports", s.reports)
	m.HandleFunc("GET /api/v1/workorders", s.workOrders)
	m.HandleFunc("GET /api/v1/workorders/{no}", s.workOrder)
	m.HandleFunc("POST /api/v1/workorders/{no}/{action}", s.workOrderAction)
	m.HandleFunc("GET /api/v1/alarms", s.alarms)
	m.HandleFunc("POST /api/v1/alarms/{id}/ack", s.ackAlarm)
}

// windowMode answers POST /api/v1/windows/{n}/mode: a supervisor or admin switches a
// window's auto-call mode; the answer is the window after it.
func (s *Server) windowMode(w http.ResponseWriter, r *http.Request) {
	se, n, err := s.windowSession(r)
	if err == nil && se.Role == store.RoleClerk {
		err = queue.Errorf(queue.Forbidden, "only a supervisor sets a window's mode")
	}
	var req wire.WindowModeRequest
	if err == nil {
		err = decode(w, r, &req, false)
	}
	if err == nil && req.Mode != "auto" && req.Mode != "manual" {
		err = queue.Errorf(queue.Invalid, `mode must be "auto" or "manual", not %q`, req.Mode)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	win, err := s.store.SetWindowMode(r.Context(), n, req.Mode == "auto", se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.WindowStatus{Number: win.Number, Name: win.Name, Kind: string(win.Kind),
		Categories: win.Categories, State: string(win.State), Reason: win.Reason, Served: win.Served, Auto: win.Auto})
}

// alarms answers GET /api/v1/alarms (supervisor, admin): the active alarms, the oldest
// first; the stream carries each alarm.raised, alarm.cleared and alarm.acknowledged.
func (s *Server) alarms(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.store.Alarms()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []queue.Alarm{}
	}
	writeJSON(w, http.StatusOK, list)
}

// ackAlarm answers POST /api/v1/alarms/{id}/ack: a supervisor acknowledges an alarm.
func (s *Server) ackAlarm(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleSupervisor, store.RoleAdmin)
	if err == nil {
		err = decode(w, r, &struct{}{}, true)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.AckAlarm(r.Context(), r.PathValue("id"), se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}
