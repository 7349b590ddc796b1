package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// consoleRoles are the roles that use the supervisors' console.
var consoleRoles = []string{store.RoleSupervisor, store.RoleAdmin}

// routesConsolePage adds the console's page gate, its live hall view and its staff
// administration.
func (s *Server) routesConsolePage(m *http.ServeMux) {
	m.HandleFunc("GET /console", s.consolePage)
	m.HandleFunc("GET /api/v1/console/hall", s.consoleHall)
	m.HandleFunc("POST /api/v1/admin/staff/{id}/disable", s.disableStaff)
	m.HandleFunc("POST /api/v1/admin/staff/{id}/pin", s.resetStaffPIN)
	m.HandleFunc("POST /api/v1/admin/staff/{id}/role", s.setStaffRole)
	m.HandleFunc("GET /api/v1/console/calendar", s.consoleCalendar)
	m.HandleFunc("POST /api/v1/console/calendar", s.setConsoleCalendar)
	s.routesConsoleMove(m)
}

// consolePage answers GET /console: the page for a supervisor, an admin or someone not
// yet logged in (the page shows its login form), 403 for any other role's credential.
func (s *Server) consolePage(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Pages == nil {
		http.NotFound(w, r)
		return
	}
	if token, err := s.credential(r); err == nil && token != "" {
		if se, err := s.store.Authenticate(token); err == nil && (se.Agent || !slices.Contains(consoleRoles, se.Role)) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("403 本页面仅供主管和管理员使用 / the console is for supervisors and admins only\n"))
			return
		}
	}
	s.cfg.Pages.ServeHTTP(w, r)
}

// ConsoleWindow is one window as the console's live hall shows it.
type ConsoleWindow struct {
	Number     int      `json:"number"`
	Name       string   `json:"name"`
	Categories []string `json:"categories,omitempty"`
	State      string   `json:"state"`
	Reason     string   `json:"reason,omitempty"`
	Since      string   `json:"since,omitempty"` // RFC 3339: when it came to its state
	Staff      string   `json:"staff,omitempty"`
	StaffName  string   `json:"staff_name,omitempty"`
	Current    string   `json:"current,omitempty"` // the ticket's number, never its id
	// CurrentState is called or serving; CurrentSince when that began.
	CurrentState string `json:"current_state,omitempty"`
	CurrentSince string `json:"current_since,omitempty"`
	Served       int    `json:"served"`
	Auto         bool   `json:"auto,omitempty"`
}

// ConsoleCategory is one category as the console's live hall shows it.
type ConsoleCategory struct {
	Code         string `json:"code"`
	Prefix       string `json:"prefix"`
	Name         string `json:"name"`
	NameEn       string `json:"name_en,omitempty"`
	Waiting      int    `json:"waiting"`
	LongestWaitS int    `json:"longest_wait_s"`
	WaitMinS     int    `json:"wait_min_s"`
	WaitMaxS     int    `json:"wait_max_s"`
	NoWindow     bool   `json:"no_window,omitempty"`
}

// ConsoleHall answers GET /api/v1/console/hall.
type ConsoleHall struct {
	Seq        uint64            `json:"seq"`
	At         string            `json:"at"`
	Notice     string            `json:"notice,omitempty"`
	Windows    []ConsoleWindow   `json:"windows"`
	Categories []ConsoleCategory `json:"categories"`
}

// consoleHall answers GET /api/v1/console/hall (supervisors, admins): every window with
// its clerk, ticket and times, and every category with its waiting, longest wait and the
// predicted wait of a new ticket. Tickets appear by number only.
func (s *Server) consoleHall(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, consoleRoles...); err != nil {
		s.fail(w, r, err)
		return
	}
	now, loc, cat := s.store.Now(), s.store.Location(), s.store.Catalog()
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	out := ConsoleHall{At: stamp(now), Windows: []ConsoleWindow{}, Categories: []ConsoleCategory{}}
	// The predicted waits come from the waits page's cache (recomputed at most every
	// waitsMinAge while events happen): predicting every category costs tens of ms in
	// a full hall, too much for every event.
	var waits wire.Waits
	if body, _ := s.currentWaits(); json.Unmarshal(body, &waits) != nil {
		waits = wire.Waits{}
	}
	predicted := map[string]wire.CategoryWait{}
	for _, c := range waits.Categories {
		predicted[c.Code] = c
	}
	s.store.Read(func(h *queue.Hall) {
		out.Seq, out.Notice = h.LastSeq, h.Notice
		for _, n := range h.WindowNumbers() {
			win := h.Windows[n]
			cw := ConsoleWindow{Number: n, Name: win.Name, Categories: win.Categories, State: string(win.State),
				Reason: win.Reason, Since: stamp(win.Since), Staff: win.Staff, Served: win.Served, Auto: win.Auto}
			if t, ok := h.Tickets[win.Current]; ok && win.Current != "" {
				cw.Current, cw.CurrentState, cw.CurrentSince = t.Number, string(t.State), stamp(t.CalledAt)
				if t.State == queue.Serving {
					cw.CurrentSince = stamp(t.StartedAt)
				}
			}
			out.Windows = append(out.Windows, cw)
		}
		for _, c := range cat.Categories {
			wt := predicted[c.Code]
			out.Categories = append(out.Categories, ConsoleCategory{Code: c.Code, Prefix: c.PrefixLetter, Name: c.NameZh,
				NameEn: c.NameEn, Waiting: h.Queue.Waiting(c.Code), LongestWaitS: int(h.LongestWait(c.Code, now).Seconds()),
				WaitMinS: wt.WaitMinS, WaitMaxS: wt.WaitMaxS, NoWindow: wt.NoWindow})
		}
	})
	for i := range out.Windows {
		if id := out.Windows[i].Staff; id != "" {
			out.Windows[i].StaffName = s.store.StaffName(id)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
