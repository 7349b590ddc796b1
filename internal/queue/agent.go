package queue

// Agent is a staff member who takes a ticket for someone else at a kiosk (帮办代办).
// The ticket records the agent's staff id; the principal, the citizen served, is the
// ticket's applicant (sealed by the store like any other). The store fills Active and
// Role from its staff records inside the transaction that issues the ticket.
type Agent struct {
	// Staff is the staff id.
	Staff string
	// Role is the staff member's role: clerk, supervisor or admin.
	Role string
	// Active says the account exists and is not locked.
	Active bool
}

// Roles that may act as an agent.
var agentRoles = map[string]bool{"clerk": true, "supervisor": true, "admin": true}

// MaxStaffID bounds a staff id, as the login does.
const MaxStaffID = 32

// check refuses an agent who is not an active staff member.
func (a *Agent) check() error {
	if a == nil {
		return nil
	}
	if a.Staff == "" || len(a.Staff) > MaxStaffID || !printableASCII(a.Staff) {
		return Errorf(Invalid, "agent: a staff id is 1 to %d printable characters", MaxStaffID)
	}
	if !a.Active {
		return Errorf(Forbidden, "agent: %s is not an active staff member", a.Staff)
	}
	if !agentRoles[a.Role] {
		return Errorf(Forbidden, "agent: a %q account may not issue for a citizen", a.Role)
	}
	return nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
