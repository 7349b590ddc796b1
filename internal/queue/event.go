package queue

import "time"

// EventType names a recorded fact.
type EventType string

// The event types. Ticket and window events carry the ticket and window as they are
// after the event.
const (
	TicketIssued      EventType = "ticket.issued"
	TicketCalled      EventType = "ticket.called"
	TicketRecalled    EventType = "ticket.recalled"
	TicketStarted     EventType = "ticket.started"
	TicketTransferred EventType = "ticket.transferred"
	TicketNoShow      EventType = "ticket.no_show"
	TicketReinstated  EventType = "ticket.reinstated"
	TicketFinished    EventType = "ticket.finished"
	TicketCancelled   EventType = "ticket.cancelled"
	TicketExpired     EventType = "ticket.expired"
	TicketCheckedIn   EventType = "ticket.checked_in"
	WindowCreated     EventType = "window.created"
	WindowOpened      EventType = "window.opened"
	WindowPaused      EventType = "window.paused"
	WindowClosed      EventType = "window.closed"
	DayStarted        EventType = "day.started"
	DeviceStatus      EventType = "device.status"
	StaffCreated      EventType = "staff.created"
	StaffLoggedIn     EventType = "staff.logged_in"
	StaffLoginFailed  EventType = "staff.login_failed"
	StaffLoggedOut    EventType = "staff.logged_out"
	DeviceRegistered  EventType = "device.registered"
	ApplicantRevealed EventType = "applicant.revealed"
	TicketRated       EventType = "ticket.rated"
	NoticeSet         EventType = "hall.notice"
	AppointmentBooked EventType = "appointment.booked"
	WindowModeSet     EventType = "window.mode"
	// CatalogPublished: a catalog version became the one the hall runs (catalog_publish.go).
	CatalogPublished EventType = "catalog.published"
)

// The case events (see CaseState). Each carries the case as it is after the event and,
// for an action on one sub-case, that sub-case's department (Dept).
const (
	CaseRouted              EventType = "case.routed"
	CaseClaimed             EventType = "case.claimed"
	CaseReassigned          EventType = "case.reassigned"
	CaseApproved            EventType = "case.approved"
	CaseRefused             EventType = "case.refused"
	CaseSupplementRequested EventType = "case.supplement_requested"
	CaseSupplemented        EventType = "case.supplemented"
	CaseTransferred         EventType = "case.transferred"
	CaseSuspended           EventType = "case.suspended"
	CaseResumed             EventType = "case.resumed"
	CaseReady               EventType = "case.ready"
	CasePickedUp            EventType = "case.picked_up"
	CasePosted              EventType = "case.posted"
	CaseDelivered           EventType = "case.delivered" // an electronic result only: closed at once
)

// Event is one recorded fact of the audit trail.
type Event struct {
	Seq    uint64    `json:"seq"`
	Type   EventType `json:"type"`
	At     time.Time `json:"at"`
	Center string    `json:"center"`
	Ticket *Ticket   `json:"ticket,omitempty"`
	Window *Window   `json:"window,omitempty"`
	// Staff is who acted: a staff id, or a device name for kiosk events.
	Staff string `json:"staff,omitempty"`
	// Day is the service day a day.started event begins.
	Day string `json:"day,omitempty"`
	// Reason is why: the call policy's reason, a pause reason, a rejection reason.
	Reason string `json:"reason,omitempty"`
	// Received and Missing are the material codes handed over and the required ones not.
	Received []string `json:"received,omitempty"`
	Missing  []string `json:"missing,omitempty"`
	// Defective are the materials handed in but not in order, with what to put right.
	Defective []MaterialMark `json:"defective,omitempty"`
	// Due is the supplement deadline (补正期限, YYYY-MM-DD) of a notice to supplement.
	Due string `json:"due,omitempty"`
	// Ground is the code of the item's ground a refusal rests on; Basis its legal basis.
	Ground string `json:"ground,omitempty"`
	Basis  string `json:"basis,omitempty"`
	// From is the window a transferred ticket left.
	From int `json:"from,omitempty"`
	// Device is a device's reported status.
	Device *Device `json:"device,omitempty"`
	// Rating is a citizen's evaluation of a finished visit.
	Rating *RatingGiven `json:"rating,omitempty"`
	// Notice is the text a supervisor set for the hall boards.
	Notice string `json:"notice,omitempty"`
	// Case is the case an accepted visit opened, or the case after a case event.
	Case *Case `json:"case,omitempty"`
	// Dept is the department code of the sub-case a case event acted on (for a transfer,
	// the department it went to).
	Dept string `json:"dept,omitempty"`
	// Booking is an appointment imported (appointment.booked).
	Booking *Booking `json:"booking,omitempty"`
	// Auto marks a call the server made for a window in auto-call mode.
	Auto bool `json:"auto,omitempty"`
	// WorkOrder is the 差评 work order after a work order event.
	WorkOrder *WorkOrder `json:"work_order,omitempty"`
	// Alarm is the alarm an alarm event raises, clears or acknowledges.
	Alarm *Alarm `json:"alarm,omitempty"`
	// CatalogVersion is the catalog version a catalog.published event puts in force.
	CatalogVersion int `json:"catalog_version,omitempty"`
	// CalendarYear is the year of the working calendar a calendar.set event puts in force.
	CalendarYear *CalendarYear `json:"calendar_year,omitempty"`
}

// RatingGiven is one 好差评 evaluation: the level of the catalog's scale, the reasons
// picked (required for the bad levels) and a comment.
type RatingGiven struct {
	Level   int      `json:"level"`
	Code    string   `json:"code"`
	Reasons []string `json:"reasons,omitempty"`
	Comment string   `json:"comment,omitempty"`
	Staff   string   `json:"staff,omitempty"` // the clerk who served the visit
	Window  int      `json:"window,omitempty"`
	// Default marks the level an unrated visit took after the policy's days.
	Default bool `json:"default,omitempty"`
}

// Device is the status a kiosk, printer or reader reports.
type Device struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Status string `json:"status"` // ok, warning, fault
	Detail string `json:"detail,omitempty"`
}
