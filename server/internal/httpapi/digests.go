package httpapi

import (
	"net/http"

	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// digests answers GET /api/v1/admin/digests for supervisors: each service day's signed
// digest of the log and the center's public key, to be kept outside the building.
func (s *Server) digests(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	exp, err := s.store.Digests()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.Digests{Center: exp.Center, PublicKey: exp.PublicKey, Digests: make([]wire.DayDigest, 0, len(exp.Digests))}
	for _, d := range exp.Digests {
		out.Digests = append(out.Digests, wire.DayDigest(d))
	}
	writeJSON(w, http.StatusOK, out)
}
