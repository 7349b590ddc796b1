package queue

import "time"

// Ticket is one visit, as the hall knows it: no personal data, only whether there is an
// applicant on file and the priority it earned.
type Ticket struct {
	ID       string `json:"id"`
	Center   string `json:"center"`
	Day      string `json:"day"`
	Number   string `json:"number"`
	Seq      int    `json:"seq"`      // the n of the number within its prefix and day
	Position uint64 `json:"position"` // place in the hall's queue, in issue order; kept on transfer
	Category string `json:"category"` // category code
	Prefix   string `json:"prefix"`
	Item     string `json:"item"`
	Priority string `json:"priority"` // "normal" or a priority group code
	// CatalogVersion is the version of the catalog the ticket was issued under (0: before versions).
	CatalogVersion int `json:"catalog_version,omitempty"`
	Weight         int `json:"weight,omitempty"`
	// Cases are the cases a pickup ticket comes for.
	Cases []string `json:"cases,omitempty"`
	// Quote is the wait the ticket was quoted at issue, to measure the estimate by.
	Quote *Quote `json:"quote,omitempty"`
	// PriorityCheck is the clerk's check of a priority group the citizen claimed.
	PriorityCheck PriorityCheck `json:"priority_check,omitempty"`
	Source        string        `json:"source"`
	IdemKey       string        `json:"idem_key,omitempty"`
	Applicant     bool          `json:"applicant,omitempty"`
	// Agent is the staff member who took the ticket for its applicant, the principal
	// (帮办代办). It is for the staff and the audit trail, never for boards or phones.
	Agent string `json:"agent,omitempty"`
	// Remote marks a ticket taken from a phone (远程取号); CheckedIn is when its citizen
	// checked in at the hall. One not checked in when its turn comes is missed.
	Remote    bool      `json:"remote,omitempty"`
	CheckedIn time.Time `json:"checked_in,omitzero"`

	// Slot is when an appointment's time slot starts; the ticket is not called before it.
	Slot time.Time `json:"slot,omitzero"`
	// Booking is the code of the appointment checked in with this ticket.
	Booking string `json:"booking,omitempty"`
	// Designated is the window a transfer named; only that window calls the ticket.
	Designated int `json:"designated,omitempty"`

	State      State     `json:"state"`
	Window     int       `json:"window,omitempty"`
	Staff      string    `json:"staff,omitempty"`
	IssuedAt   time.Time `json:"issued_at"`
	CalledAt   time.Time `json:"called_at,omitzero"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Recalls    int       `json:"recalls,omitempty"`
	Reinstated int       `json:"reinstated,omitempty"`
	Transfers  int       `json:"transfers,omitempty"`
	Outcome    Outcome   `json:"outcome,omitempty"`
	Rated      bool      `json:"rated,omitempty"`
}

// Class names the lane of the call policy a waiting ticket is in.
type Class int

// The lanes, in the order the call policy considers them.
const (
	ClassDesignated Class = iota
	ClassAppointment
	ClassPriority
	ClassNormal
)

// Class returns the lane of the call policy the ticket waits in.
func (t *Ticket) Class() Class {
	switch {
	case t.Designated != 0:
		return ClassDesignated
	case t.Priority == PriorityAppointment:
		return ClassAppointment
	case t.Weight > 0:
		return ClassPriority
	}
	return ClassNormal
}

// PriorityAppointment is the priority group of appointment check-ins.
const PriorityAppointment = "appointment"

// PriorityElderly is the priority group given from the applicant's age.
const PriorityElderly = "elderly"

// Outcome is how a visit ended at the window.
type Outcome string

// The outcomes of a visit.
const (
	Accepted   Outcome = "accepted"
	Rejected   Outcome = "rejected"
	Supplement Outcome = "supplement"
	Completed  Outcome = "completed"
	Consulted  Outcome = "consulted"
)

// Valid reports whether o is one of the outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case Accepted, Rejected, Supplement, Completed, Consulted:
		return true
	}
	return false
}

// WindowKind says what a window serves.
type WindowKind string

// The kinds of window.
const (
	Comprehensive WindowKind = "comprehensive"
	Pickup        WindowKind = "pickup"
	Special       WindowKind = "special"
)

// WindowState is whether a window takes citizens.
type WindowState string

// The window states.
const (
	WinClosed WindowState = "closed"
	WinOpen   WindowState = "open"
	WinPaused WindowState = "paused"
)

// Window is a numbered service point.
type Window struct {
	Number     int         `json:"number"`
	Name       string      `json:"name"`
	NameEn     string      `json:"name_en,omitempty"`
	Kind       WindowKind  `json:"kind"`
	Categories []string    `json:"categories,omitempty"` // category codes it is limited to; empty = all
	State      WindowState `json:"state"`
	Reason     string      `json:"reason,omitempty"` // why it is paused
	Staff      string      `json:"staff,omitempty"`
	Current    string      `json:"current,omitempty"` // id of the ticket called or served
	Streak     int         `json:"streak,omitempty"`  // priority calls in a row, for the interleave rule
	Served     int         `json:"served,omitempty"`  // visits finished today
	Missed     int         `json:"missed,omitempty"`  // no-shows today
	// Since is when the window came to its state (set as events are applied).
	Since time.Time `json:"since,omitzero"`
	// Auto is the auto-call mode: the server calls the next ticket for the window when
	// it is free (see Hall.AutoCall).
	Auto bool `json:"auto,omitempty"`
	// FreeSince is when the window's last visit ended (set as events are applied): an
	// auto window calls again a pause after it.
	FreeSince time.Time `json:"free_since,omitzero"`
}

// Serves reports whether the window may call tickets of the category.
func (w *Window) Serves(category string) bool {
	if len(w.Categories) == 0 {
		return true
	}
	for _, c := range w.Categories {
		if c == category {
			return true
		}
	}
	return false
}
