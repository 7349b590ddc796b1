package wire

import "onedoor/internal/queue"

// EventCase is the case an event is about: its number, its state after the event and
// the department of the sub-case acted on.
type EventCase struct {
	No    string `json:"no"`
	State string `json:"state"`
	Dept  string `json:"dept,omitempty"`
}

// CaseView is a case as the back office sees it, with its deadline colour (green, amber,
// red) at the time of the answer.
type CaseView struct {
	queue.Case
	Colour string `json:"colour"`
}

// InboxLine is one undecided sub-case of a department's inbox.
type InboxLine struct {
	Case   CaseView   `json:"case"`
	Part   queue.Part `json:"part"`
	Colour string     `json:"colour"` // the sub-case's own deadline colour
}

// Inbox is a department's undecided sub-cases, the earliest due first
// (GET /api/v1/cases?dept=CODE).
type Inbox struct {
	Dept  string      `json:"dept"`
	Cases []InboxLine `json:"cases"`
}

// CaseActionRequest is an action on a case (POST /api/v1/cases/{no}/{action}); each
// action reads the fields it needs (see queue.CaseCmd).
type CaseActionRequest struct {
	Dept       string               `json:"dept,omitempty"`
	Officer    string               `json:"officer,omitempty"`
	To         string               `json:"to,omitempty"`
	Reason     string               `json:"reason,omitempty"`
	Result     string               `json:"result,omitempty"`
	Refusal    *queue.Refusal       `json:"refusal,omitempty"`
	Needed     []queue.CaseMaterial `json:"needed,omitempty"`
	Supplied   []queue.CaseMaterial `json:"supplied,omitempty"`
	Hold       string               `json:"hold,omitempty"`
	Proxy      *Applicant           `json:"proxy,omitempty"`
	Authorised bool                 `json:"authorised,omitempty"`
	Tracking   string               `json:"tracking,omitempty"`
}

// OfficerCreateRequest adds a department officer (POST /api/v1/admin/officers, admins).
type OfficerCreateRequest struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	PIN   string   `json:"pin,omitempty"`
	Depts []string `json:"depts"`
}
