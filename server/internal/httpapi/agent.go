package httpapi

import (
	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// errAgentOnly refuses an agent's token anywhere but in a kiosk's ticket request.
var errAgentOnly = queue.Errorf(queue.Forbidden, "a kiosk agent token only takes tickets for citizens at the kiosk")

// maxToken bounds a bearer token sent in a body.
const maxToken = 128

// agent checks a ticket request's agent token (帮办代办): only a kiosk may send one, and
// it must be a live agent login of a staff member. The store then checks, with the
// ticket, that the account is still active.
func (s *Server) agent(se store.Session, token string) (*queue.Agent, error) {
	if token == "" {
		return nil, nil
	}
	if se.Role != store.RoleDevice {
		return nil, queue.Errorf(queue.Forbidden, "agent_token: only a kiosk issues for a citizen on a staff member's behalf")
	}
	if len(token) > maxToken || !printable(token) {
		return nil, queue.Errorf(queue.Invalid, "agent_token: at most %d printable ASCII characters", maxToken)
	}
	ag, err := s.store.Authenticate(token)
	if err != nil {
		return nil, queue.Errorf(queue.Forbidden, "agent_token: not a valid staff login; log in again at the kiosk")
	}
	if !ag.Agent {
		return nil, queue.Errorf(queue.Forbidden, "agent_token: not an agent login (log in with agent)")
	}
	return &queue.Agent{Staff: ag.Staff, Role: ag.Role}, nil
}
