package wire

import "onedoor/internal/queue"

// The requests of a window's desk controls (pause, transfer, call out of order, the
// check of a claimed priority) and the supervisors' count of those checks.

// PauseRequest gives the reason a window pauses.
type PauseRequest struct {
	Reason string `json:"reason"`
}

// TransferRequest names where the current ticket goes: a window or a category.
type TransferRequest struct {
	Window   int    `json:"window,omitempty"`
	Category string `json:"category,omitempty"`
	DeskReason
}

// DeskReason is why a clerk no-shows, transfers, calls out of order, reinstates or
// closes: a code from the catalog's desk_reasons, free text, or both (all optional).
type DeskReason struct {
	ReasonCode string `json:"reason_code,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// CallRequest optionally names the ticket to call out of order (supervisors only).
type CallRequest struct {
	Ticket string `json:"ticket,omitempty"`
	DeskReason
}

// PriorityCheckRequest is the clerk's check of a claimed priority group
// (POST /api/v1/windows/{n}/priority): confirmed when the proof was shown, refused (not
// eligible) otherwise, with an optional reason.
type PriorityCheckRequest struct {
	Confirm *bool  `json:"confirm"`
	Reason  string `json:"reason,omitempty"`
}

// PriorityStats counts the day's claimed priority groups and the clerks' checks of them
// (GET /api/v1/stats/priority, supervisors).
type PriorityStats struct {
	Day    string                `json:"day"`
	Groups []queue.PriorityTally `json:"groups"`
}
