package httpapi

import (
	"net/http"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// priorityStats answers GET /api/v1/stats/priority for supervisors: the day's claimed
// priority groups, and how many the clerks confirmed and refused.
func (s *Server) priorityStats(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	var out wire.PriorityStats
	s.store.Read(func(h *queue.Hall) { out.Day, out.Groups = h.Day, h.PriorityTallies() })
	writeJSON(w, http.StatusOK, out)
}
