package wire

import "time"

// WebSession is a staff member's session on the server's web pages (the department
// workbench): POST /api/v1/web/login answers it and sets the session cookie;
// GET /api/v1/web/session answers it again for the cookie. CSRF is the token the page
// sends in the X-CSRF-Token header of every request that changes something.
type WebSession struct {
	Staff     string    `json:"staff"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Depts     []string  `json:"depts,omitempty"`
	CSRF      string    `json:"csrf"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CaseEvent is one line of a case's timeline (GET /api/v1/cases/{no}/events): what
// happened, when, by whom, to which sub-case, and the materials of an acceptance.
type CaseEvent struct {
	Seq       uint64    `json:"seq"`
	Type      string    `json:"type"`
	At        time.Time `json:"at"`
	Staff     string    `json:"staff,omitempty"`
	Dept      string    `json:"dept,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	State     string    `json:"state,omitempty"` // the case's state after the event
	Received  []string  `json:"received,omitempty"`
	Missing   []string  `json:"missing,omitempty"`
	Defective []string  `json:"defective,omitempty"`
}

// DeptTokenRequest issues a department token (POST /api/v1/admin/dept-tokens, admins
// and supervisors): Name names the department's system, Dept is the department code.
type DeptTokenRequest struct {
	Name string `json:"name"`
	Dept string `json:"dept"`
}

// DeptTokenResponse carries a department token, shown this once.
type DeptTokenResponse struct {
	Name  string `json:"name"`
	Dept  string `json:"dept"`
	Token string `json:"token"`
}
