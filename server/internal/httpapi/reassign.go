package httpapi

import (
	"slices"
	"strings"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// checkReassign refuses a reassign to anyone but an officer of the sub-case's
// department (the domain knows no accounts: it takes any id).
func (s *Server) checkReassign(c queue.Case, req *wire.CaseActionRequest) error {
	dept := req.Dept
	if dept == "" && len(c.Parts) == 1 {
		dept = c.Parts[0].Dept
	}
	officer := strings.TrimSpace(req.Officer)
	if dept == "" || officer == "" {
		return nil // the domain says what is missing
	}
	depts, ok := s.store.OfficerDepts(officer)
	if !ok || !slices.Contains(depts, dept) {
		return queue.Errorf(queue.Invalid, "%q is not an officer of department %s: a sub-case is reassigned within its department", officer, dept)
	}
	return nil
}
