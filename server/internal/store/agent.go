package store

import (
	"context"
	"time"

	"onedoor/internal/queue"
)

// AgentTTL is how long a staff member's login at a kiosk (帮办代办) lasts: long enough
// to take a ticket for a citizen, short enough that a kiosk left alone holds nothing.
const AgentTTL = 10 * time.Minute

// LoginAgent logs a staff member in at a kiosk to take tickets for citizens: the same
// checks and lockouts as Login, no window, and a session marked Agent that lasts
// AgentTTL.
func (s *Store) LoginAgent(ctx context.Context, staffID, pin string, addrLocked bool) (string, Session, *Staff, error) {
	return s.login(ctx, staffID, pin, 0, false, addrLocked, true)
}

// checkAgent fills in what the store knows of an agent, inside the transaction that
// issues the ticket: the role, and whether the account exists and is not locked. The
// hall refuses an agent who is not active.
func (tx *Tx) checkAgent(a *queue.Agent) {
	if a == nil {
		return
	}
	st := tx.s.auth.staff[a.Staff]
	a.Active = st != nil && !tx.Now.Before(st.LockedUntil)
	a.Role = ""
	if st != nil {
		a.Role = st.Role
	}
}

// agentID is the staff id of an agent, "" for none.
func agentID(a *queue.Agent) string {
	if a == nil {
		return ""
	}
	return a.Staff
}
