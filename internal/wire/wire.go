// Package wire holds the JSON types of the v1 API and of the live stream: the contract
// between the server and its clients, in Go. The server encodes them, internal/client
// decodes them, and the display pages read the same field names.
//
// Nothing here carries personal data except Applicant, which only appears in answers
// to the clerk of the ticket's window.
package wire

import (
	"time"

	"onedoor/internal/queue"
)

// Error is the body of every error answer.
type Error struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is a machine-readable code and a message for people.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Applicant is the person a ticket is for; see queue.Applicant.
type Applicant = queue.Applicant

// IssueRequest asks for a ticket: POST /api/v1/tickets.
type IssueRequest struct {
	Item      string     `json:"item"`
	Priority  string     `json:"priority,omitempty"`
	Source    string     `json:"source,omitempty"`
	Applicant *Applicant `json:"applicant,omitempty"`
	// Booking is an appointment's booking code: the ticket gets the booking's item, slot
	// and the appointment priority. Priority "appointment" with an applicant and no code
	// checks in the booking made with that ID card.
	Booking string `json:"booking,omitempty"`
	// Slot is refused: an appointment's slot comes from its booking.
	Slot *time.Time `json:"slot,omitempty"`
	// RequestID is the idempotency key when the Idempotency-Key header is not used.
	RequestID string `json:"request_id,omitempty"`
	// AgentToken is the token of a staff member logged in at the kiosk with
	// LoginRequest.Agent (帮办代办): the ticket records them as the agent and the
	// applicant as the principal. Only a kiosk's device token may send it.
	AgentToken string `json:"agent_token,omitempty"`
}

// Ticket is the public view of a ticket: what a citizen, a board or a phone may see.
type Ticket struct {
	ID             string `json:"id,omitempty"`
	Number         string `json:"number"`
	Category       string `json:"category"`
	Prefix         string `json:"prefix"`
	Item           string `json:"item"`
	ItemName       string `json:"item_name"`
	ItemNameEn     string `json:"item_name_en"`
	Priority       string `json:"priority"`
	State          string `json:"state"`
	Ahead          int    `json:"ahead"`
	EstimatedWaitS int    `json:"estimated_wait_s"`
	// EstimatedWaitMinS and EstimatedWaitMaxS are the range the wait is quoted as.
	EstimatedWaitMinS int `json:"estimated_wait_min_s"`
	EstimatedWaitMaxS int `json:"estimated_wait_max_s"`
	// NoWindow says no window, open or paused, serves the ticket now: there is no wait
	// to quote until one opens.
	NoWindow bool `json:"no_window,omitempty"`
	// Paused says the windows that serve the ticket are paused now: the wait counts on
	// them coming back after the hall's usual pause.
	Paused   bool       `json:"paused,omitempty"`
	IssuedAt time.Time  `json:"issued_at"`
	CalledAt *time.Time `json:"called_at,omitempty"`
	Window   *WindowRef `json:"window,omitempty"`
	Outcome  string     `json:"outcome,omitempty"`
	TrackURL string     `json:"track_url,omitempty"`
	// Case is the progress of the case the visit opened: no names, no officers.
	Case  *TicketCase `json:"case,omitempty"`
	Rated bool        `json:"rated,omitempty"`
	// Remote says the ticket was taken from a phone; CheckedIn that its citizen has
	// checked in at the hall (a remote ticket not checked in is missed when called).
	Remote    bool `json:"remote,omitempty"`
	CheckedIn bool `json:"checked_in,omitempty"`
}

// StaffTicket is a ticket as the clerk serving it sees it: the public view plus the
// applicant (ID number masked) and the visit's details.
type StaffTicket struct {
	Ticket
	Source     string     `json:"source"`
	Recalls    int        `json:"recalls"`
	Transfers  int        `json:"transfers"`
	Reinstated int        `json:"reinstated"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	WaitedS    int        `json:"waited_s"`
	Applicant  *Applicant `json:"applicant,omitempty"`
	// Agent is the staff member who took the ticket for the applicant (帮办代办).
	Agent string `json:"agent,omitempty"`
	// PriorityCheck is where a priority group the citizen claimed stands: "declared"
	// (the clerk is to see the proof), "confirmed" or "refused"; empty when there is
	// nothing to check.
	PriorityCheck string `json:"priority_check,omitempty"`
	// Cases are the cases a pickup ticket comes for, to hand over at the window.
	Cases []string `json:"cases,omitempty"`
}

// WindowRef names a window in tickets and events.
type WindowRef struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
}

// Queue is the public state of the hall: GET /api/v1/queue.
type Queue struct {
	Center     string          `json:"center"`
	CenterName string          `json:"center_name"`
	Day        string          `json:"day"`
	Seq        uint64          `json:"seq"` // the last event the answer reflects
	Notice     string          `json:"notice,omitempty"`
	Categories []CategoryQueue `json:"categories"`
	Windows    []WindowStatus  `json:"windows"`
	// Recent is the day's latest calls, newest first, so a board that starts (or
	// restarts) shows them without replaying the log.
	Recent []RecentCall `json:"recent"`
}

// RecentCall is one call of a number to a window.
type RecentCall struct {
	Seq        uint64    `json:"seq"`
	Number     string    `json:"number"`
	Window     int       `json:"window"`
	WindowName string    `json:"window_name"`
	At         time.Time `json:"at"`
	Recall     bool      `json:"recall,omitempty"`
}

// CategoryQueue is the waiting line of one category.
type CategoryQueue struct {
	Code         string   `json:"code"`
	Prefix       string   `json:"prefix"`
	Name         string   `json:"name"`
	NameEn       string   `json:"name_en"`
	Waiting      int      `json:"waiting"`
	Next         []string `json:"next"`
	LongestWaitS int      `json:"longest_wait_s"`
}

// WindowStatus is the public state of one window.
type WindowStatus struct {
	Number     int      `json:"number"`
	Name       string   `json:"name"`
	Kind       string   `json:"kind"`
	Categories []string `json:"categories,omitempty"`
	State      string   `json:"state"`
	Reason     string   `json:"reason,omitempty"`
	Current    string   `json:"current,omitempty"` // the number called or served
	// CurrentState is that ticket's state: called or serving.
	CurrentState string `json:"current_state,omitempty"`
	Served       int    `json:"served"`
	// Auto says the window is in auto-call mode (the server calls for it).
	Auto bool `json:"auto,omitempty"`
}

// LoginRequest asks for a clerk's token for one window: POST /api/v1/login.
type LoginRequest struct {
	Staff  string `json:"staff"`
	PIN    string `json:"pin"`
	Window int    `json:"window,omitempty"`
	// TakeOver ends another clerk's session on the same window instead of refusing.
	TakeOver bool `json:"take_over,omitempty"`
	// Agent logs in at a kiosk to take tickets for citizens (帮办代办): no window, a
	// short session that can do nothing else.
	Agent bool `json:"agent,omitempty"`
}

// LoginResponse carries the bearer token.
type LoginResponse struct {
	Token     string    `json:"token"`
	Staff     string    `json:"staff"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Window    int       `json:"window,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
}

// FinishRequest ends a visit. Received lists the codes of the materials handed in and
// in order; Defective those handed in but not in order, each with what is wrong; a
// material in neither is missing. An accepted visit needs every required material
// received, except those the catalog lets follow (容缺). A rejection rests on Ground (a
// code from the item's grounds) or Basis (a legal basis typed), and a Reason (filled in
// from the ground when empty).
type FinishRequest struct {
	Outcome   string              `json:"outcome"`
	Received  []string            `json:"received"`
	Defective []DefectiveMaterial `json:"defective,omitempty"`
	Reason    string              `json:"reason,omitempty"`
	Ground    string              `json:"ground,omitempty"`
	Basis     string              `json:"basis,omitempty"`
}

// DefectiveMaterial is a material handed in but not in order: what is wrong (Problem)
// and how to put it right (Fix; the checklist's note when empty).
type DefectiveMaterial struct {
	Code    string `json:"code"`
	Problem string `json:"problem"`
	Fix     string `json:"fix,omitempty"`
}

// FinishResponse is the finished ticket and the document to hand out.
type FinishResponse struct {
	Ticket   StaffTicket `json:"ticket"`
	Document Document    `json:"document"`
}

// Document is the uniform document a finished visit produces.
type Document struct {
	Kind     string     `json:"kind"` // acceptance_receipt, supplement_notice, rejection_notice, or none
	Title    string     `json:"title"`
	Outcome  string     `json:"outcome"`
	Item     string     `json:"item"`
	ItemName string     `json:"item_name"`
	Received []Material `json:"received"`
	Missing  []Material `json:"missing"`
	Reason   string     `json:"reason,omitempty"`
	Seq      uint64     `json:"seq"` // the event that recorded it
	// CaseNo and Promised are the case an accepted visit opened and its promised date.
	CaseNo   string `json:"case_no,omitempty"`
	Promised string `json:"promised,omitempty"`
	// Awaiting are the 容缺 materials an accepted case waits for, each with its Due date.
	Awaiting []Material `json:"awaiting,omitempty"`
	// Defective are the materials handed in but not in order, each with Problem and Fix.
	Defective []Material `json:"defective,omitempty"`
	// Due is a notice to supplement's deadline (补正期限, YYYY-MM-DD).
	Due string `json:"due,omitempty"`
	// Ground and Basis are the item's ground a rejection rests on and its legal basis.
	Ground string `json:"ground,omitempty"`
	Basis  string `json:"basis,omitempty"`
}

// Material is one checklist line named in a document.
type Material struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Form   string `json:"form"`
	Copies int    `json:"copies"`
	// Due is when a 容缺 material must follow (YYYY-MM-DD); Problem and Fix say what is
	// wrong with a defective one and how to put it right.
	Due     string `json:"due,omitempty"`
	Problem string `json:"problem,omitempty"`
	Fix     string `json:"fix,omitempty"`
}

// DeviceStatusRequest is a kiosk's report on its devices: POST /api/v1/devices/status.
type DeviceStatusRequest struct {
	Kind   string `json:"kind"`   // printer, reader, scanner, kiosk
	Status string `json:"status"` // ok, warning, fault
	Detail string `json:"detail,omitempty"`
}

// WindowCreateRequest defines a window: POST /api/v1/admin/windows.
type WindowCreateRequest struct {
	Number     int      `json:"number"`
	Name       string   `json:"name"`
	Kind       string   `json:"kind"`
	Categories []string `json:"categories,omitempty"`
}

// Events is a page of the audit trail: GET /api/v1/events.
type Events struct {
	Events []Event `json:"events"`
	Last   uint64  `json:"last"` // the newest seq in the log
}

// Event is one stream message and one line of the audit trail.
type Event struct {
	Seq     uint64         `json:"seq"`
	Type    string         `json:"type"`
	At      time.Time      `json:"at"`
	Center  string         `json:"center"`
	Ticket  *EventTicket   `json:"ticket,omitempty"`
	Window  *EventWindow   `json:"window,omitempty"`
	Waiting map[string]int `json:"waiting,omitempty"` // per category prefix, after the event
	Booking *Booking       `json:"booking,omitempty"` // staff streams and the audit trail only
	// Case is the case an event opened or acted on (staff streams and the audit trail).
	Case    *EventCase    `json:"case,omitempty"`
	Staff   string        `json:"staff,omitempty"` // staff streams and the audit trail only
	Reason  string        `json:"reason,omitempty"`
	Day     string        `json:"day,omitempty"`
	Outcome string        `json:"outcome,omitempty"`
	Device  *queue.Device `json:"device,omitempty"`
	Notice  string        `json:"notice,omitempty"` // hall.notice events
	Rating  *EventRating  `json:"rating,omitempty"` // ticket.rated events
	// Missing and Received name materials by code (finish events).
	Missing  []string `json:"missing,omitempty"`
	Received []string `json:"received,omitempty"`
	// Ground and Basis are a refusal's ground and legal basis (staff only).
	Ground string `json:"ground,omitempty"`
	Basis  string `json:"basis,omitempty"`
	// Auto marks a call the server made for a window in auto-call mode.
	Auto bool `json:"auto,omitempty"`
	// WorkOrder is a 差评 work order after its event (staff only).
	WorkOrder *queue.WorkOrder `json:"work_order,omitempty"`
	// Alarm is the alarm an alarm event raises, clears or acknowledges (staff only).
	Alarm *queue.Alarm `json:"alarm,omitempty"`
	// CatalogVersion is the version a catalog.published event puts in force: kiosks,
	// callers and boards fetch GET /api/v1/catalog again.
	CatalogVersion int `json:"catalog_version,omitempty"`
}

// EventRating is an evaluation in the stream: the level for everyone, the rest for staff.
type EventRating struct {
	Level   int      `json:"level"`
	Code    string   `json:"code"`
	Reasons []string `json:"reasons,omitempty"`
	Comment string   `json:"comment,omitempty"`
	Staff   string   `json:"staff,omitempty"`
}

// RatingRequest is a citizen's evaluation: POST /api/v1/tickets/{id}/rating.
type RatingRequest struct {
	Level   int      `json:"level"`
	Reasons []string `json:"reasons,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

// NoticeRequest sets the hall boards' scrolling notice: POST /api/v1/admin/notice.
type NoticeRequest struct {
	Text string `json:"text"`
}

// EventTicket is the ticket an event is about. The id is left out of anonymous streams:
// it is the key to a ticket's tracking page.
type EventTicket struct {
	ID       string `json:"id,omitempty"`
	Number   string `json:"number"`
	Category string `json:"category"`
	Prefix   string `json:"prefix"`
	Item     string `json:"item"`
	Priority string `json:"priority"`
	State    string `json:"state"`
	// Agent is the staff member who took the ticket for a citizen (staff streams and
	// the audit trail only).
	Agent string `json:"agent,omitempty"`
	// PriorityCheck is the clerk's check of a claimed priority (staff only).
	PriorityCheck string `json:"priority_check,omitempty"`
}

// EventWindow is the window an event is about.
type EventWindow struct {
	Number  int    `json:"number"`
	Name    string `json:"name"`
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Current string `json:"current,omitempty"` // the ticket number at the window
	Auto    bool   `json:"auto,omitempty"`    // in auto-call mode
}

// BookingRequest imports an appointment booked online (POST /api/v1/admin/appointments).
type BookingRequest struct {
	Code string    `json:"code"`
	Item string    `json:"item"`
	Slot time.Time `json:"slot"`
	// IDNumber, when given, lets the citizen check in with the ID card; only a keyed hash
	// of it is kept.
	IDNumber string `json:"id_number,omitempty"`
}

// Booking is an imported appointment as the API answers it.
type Booking struct {
	Code      string    `json:"code"`
	Item      string    `json:"item"`
	Slot      time.Time `json:"slot"`
	ByCard    bool      `json:"by_card"`
	CheckedIn bool      `json:"checked_in"`
}

// Roles a staff login answers with (LoginResponse.Role).
const (
	RoleClerk      = "clerk"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
	RoleOfficer    = "officer" // a department's officer, deciding its cases
	// RoleDepartment is a department's own approval system, by a department token.
	RoleDepartment = "department"
)

// Stream control messages that are not events of the log.
const (
	// StreamReset tells a subscriber that more events were missed than the server
	// replays: it should fetch the state afresh and go on from the seq given.
	StreamReset = "stream.reset"
	// QueueWaiting carries only the waiting counts per prefix, to the board view
	// (?view=board), which gets them coalesced, at most about once a second, instead
	// of every ticket issued or cancelled. Its seq is that of the newest event counted.
	QueueWaiting = "queue.waiting"
)
