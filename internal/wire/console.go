package wire

import "onedoor/internal/queue"

// WindowModeRequest sets a window's call mode: POST /api/v1/windows/{n}/mode
// (supervisor, admin). Mode is "auto" (the server calls the next ticket for the window
// when it is free, after the hall's pause) or "manual" (the clerk calls).
type WindowModeRequest struct {
	Mode string `json:"mode"`
}

// Report answers GET /api/v1/reports (supervisor, admin): the figures of the service
// days From to To grouped By center, day, category, item, window or clerk.
type Report struct {
	From string      `json:"from"`
	To   string      `json:"to"`
	By   string      `json:"by"`
	Rows []ReportRow `json:"rows"`
}

// ReportRow is one group's figures. Waits run from issue to first call and services
// from the last start to the finish, in whole seconds; percentiles are nearest-rank.
// Idle is a window open with no ticket; idle and paused stretches count on the day they
// end. Key is "" (or window "0") for facts with none: issues and cancellations have no
// window, a window's idle time no category.
type ReportRow struct {
	Key         string           `json:"key"`
	Name        string           `json:"name,omitempty"`
	Issued      int64            `json:"issued"`
	Called      int64            `json:"called"`
	Served      int64            `json:"served"`
	Missed      int64            `json:"missed"`
	Cancelled   int64            `json:"cancelled"`
	Expired     int64            `json:"expired"`
	Transferred int64            `json:"transferred"`
	Outcomes    map[string]int64 `json:"outcomes"`
	Wait        queue.Summary    `json:"wait"`
	Service     queue.Summary    `json:"service"`
	IdleS       int64            `json:"idle_s"`
	PausedS     int64            `json:"paused_s"`
	// Ratings counts 好差评 ratings by level ("1" to "5"); Bad those that need
	// rectification (差评), BadRate their share of RatingN.
	Ratings map[string]int64 `json:"ratings"`
	RatingN int64            `json:"rating_n"`
	Bad     int64            `json:"bad"`
	BadRate float64          `json:"bad_rate"`
	// Quoted counts first calls of tickets quoted a wait at issue; QuoteMAES is the mean
	// absolute error of the quoted expected wait, QuoteWithin5 the share within ±5 min.
	Quoted       int64   `json:"quoted"`
	QuoteMAES    float64 `json:"quote_mae_s"`
	QuoteWithin5 float64 `json:"quote_within_5min"`
}

// WorkOrder is a 差评 work order as GET /api/v1/workorders answers it: the order and the
// deadline it has missed ("callback", "resolution"), if any.
type WorkOrder struct {
	queue.WorkOrder
	Overdue string `json:"overdue,omitempty"`
}

// WorkOrderRequest acts on a work order: POST /api/v1/workorders/{no}/assign
// {"assignee"}, …/answer {"text"}: the call back and what is done, …/close {"text",
// "follow_up"}: the note and the citizen's level after (0 for none).
type WorkOrderRequest struct {
	Assignee string `json:"assignee,omitempty"`
	Text     string `json:"text,omitempty"`
	FollowUp int    `json:"follow_up,omitempty"`
}
