package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// 差评整改: every bad rating (a level that needs rectification: 不满意, 非常不满意) opens a
// work order, due for a call back to the citizen and for its resolution in working days;
// it is assigned, answered (the call back, with what is done) and closed (the
// rectification, with the citizen's follow-up rating when given). A visit left unrated
// takes the default level after some days, so the statistics follow the province's rule.

// WorkOrderState is where a work order stands.
type WorkOrderState string

// The work order states.
const (
	WOOpen     WorkOrderState = "open"
	WOAssigned WorkOrderState = "assigned"
	WOAnswered WorkOrderState = "answered"
	WOClosed   WorkOrderState = "closed"
)

// The work order events; each carries the work order as it is after the event.
const (
	WorkOrderOpened   EventType = "workorder.opened"
	WorkOrderAssigned EventType = "workorder.assigned"
	WorkOrderAnswered EventType = "workorder.answered"
	WorkOrderClosed   EventType = "workorder.closed"
)

// WorkOrderPolicy holds the work orders' deadlines and the default rating.
type WorkOrderPolicy struct {
	// CallbackDays and ResolveDays are the working days, after the day of the rating, by
	// the end of which the citizen is called back and the order resolved.
	CallbackDays int `json:"callback_days"`
	ResolveDays  int `json:"resolve_days"`
	// DefaultLevel is the level an unrated visit takes DefaultAfterDays calendar days
	// after it finished; 0 turns default ratings off.
	DefaultLevel     int `json:"default_level"`
	DefaultAfterDays int `json:"default_after_days"`
}

// DefaultWorkOrderPolicy is Guangdong's: a call back within 1 working day, a resolution
// within 15, and 基本满意 (3) for a visit left unrated for 7 days.
func DefaultWorkOrderPolicy() WorkOrderPolicy {
	return WorkOrderPolicy{CallbackDays: 1, ResolveDays: 15, DefaultLevel: 3, DefaultAfterDays: 7}
}

// WorkOrder is the rectification of one bad rating.
type WorkOrder struct {
	No       string `json:"no"`
	Ticket   string `json:"ticket"`
	Number   string `json:"number"`
	Day      string `json:"day"` // the ticket's service day
	Category string `json:"category"`
	Item     string `json:"item"`
	// Level, Code, Reasons and Comment are the rating's; Staff and Window who served.
	Level       int            `json:"level"`
	Code        string         `json:"code"`
	Reasons     []string       `json:"reasons,omitempty"`
	Comment     string         `json:"comment,omitempty"`
	Staff       string         `json:"staff,omitempty"`
	Window      int            `json:"window,omitempty"`
	OpenedAt    time.Time      `json:"opened_at"`
	CallbackDue string         `json:"callback_due"` // YYYY-MM-DD, the last day
	ResolveDue  string         `json:"resolve_due"`
	State       WorkOrderState `json:"state"`
	Assignee    string         `json:"assignee,omitempty"`
	Answer      string         `json:"answer,omitempty"`
	AnsweredAt  time.Time      `json:"answered_at,omitzero"`
	Note        string         `json:"note,omitempty"`
	FollowUp    int            `json:"follow_up,omitempty"` // the citizen's level after, 0 for none
	ClosedAt    time.Time      `json:"closed_at,omitzero"`
}

// OpenWorkOrder decides the work order a rating event opens: none unless its level
// needs rectification. The order is numbered by the ticket's day and number.
func (h *Hall) OpenWorkOrder(ev Event, p WorkOrderPolicy) ([]Event, bool) {
	r, t := ev.Rating, ev.Ticket
	if ev.Type != TicketRated || r == nil || t == nil || !h.badLevel(r.Level) {
		return nil, false
	}
	local := ev.At.In(h.Loc)
	wo := &WorkOrder{No: "WO-" + strings.ReplaceAll(t.Day, "-", "") + "-" + t.Number, Ticket: t.ID, Number: t.Number,
		Day: t.Day, Category: t.Category, Item: t.Item, Level: r.Level, Code: r.Code, Reasons: r.Reasons,
		Comment: r.Comment, Staff: r.Staff, Window: r.Window, OpenedAt: ev.At, State: WOOpen,
		CallbackDue: PromisedDate(local, p.CallbackDays, false, h.Calendar).Format(DayLayout),
		ResolveDue:  PromisedDate(local, p.ResolveDays, false, h.Calendar).Format(DayLayout)}
	out := h.event(WorkOrderOpened, ev.At)
	out.WorkOrder = wo
	return []Event{out}, true
}

// MaxAnswer bounds a work order's answer and note.
const MaxAnswer = 1000

// WorkOrderCmd is a supervisor's action on a work order: assign (Assignee), answer
// (Text: the call back and what is done), close (Text: the note; FollowUp: the
// citizen's level after, 0 for none).
type WorkOrderCmd struct {
	Action   string
	Assignee string
	Text     string
	FollowUp int
	Staff    string
}

// DecideWorkOrder decides an action on wo.
func (h *Hall) DecideWorkOrder(wo *WorkOrder, c WorkOrderCmd, now time.Time) ([]Event, error) {
	text := strings.TrimSpace(c.Text)
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxAnswer {
		return nil, Errorf(Invalid, "the text must be valid and at most %d characters", MaxAnswer)
	}
	nw := *wo
	var typ EventType
	switch c.Action {
	case "assign":
		if wo.State != WOOpen && wo.State != WOAssigned {
			return nil, Errorf(Conflict, "work order %s is %s: it cannot be assigned", wo.No, wo.State)
		}
		if strings.TrimSpace(c.Assignee) == "" {
			return nil, Errorf(Invalid, "assign needs an assignee")
		}
		typ, nw.State, nw.Assignee = WorkOrderAssigned, WOAssigned, strings.TrimSpace(c.Assignee)
	case "answer":
		if wo.State != WOAssigned {
			return nil, Errorf(Conflict, "work order %s is %s: assign it first", wo.No, wo.State)
		}
		if text == "" {
			return nil, Errorf(Invalid, "an answer needs the call back and what is done")
		}
		typ, nw.State, nw.Answer, nw.AnsweredAt = WorkOrderAnswered, WOAnswered, text, now
	case "close":
		if wo.State != WOAnswered {
			return nil, Errorf(Conflict, "work order %s is %s: answer it first", wo.No, wo.State)
		}
		if c.FollowUp != 0 && (c.FollowUp < 1 || c.FollowUp > MaxRatingLevel) {
			return nil, Errorf(Invalid, "a follow-up rating is a level 1 to %d", MaxRatingLevel)
		}
		typ, nw.State, nw.Note, nw.FollowUp, nw.ClosedAt = WorkOrderClosed, WOClosed, text, c.FollowUp, now
	default:
		return nil, Errorf(Invalid, "unknown work order action %q: use assign, answer or close", c.Action)
	}
	ev := h.event(typ, now)
	ev.WorkOrder, ev.Staff = &nw, c.Staff
	return []Event{ev}, nil
}

// Overdue names the deadline wo has missed at now in loc: "callback" while it is not
// answered after its call-back day, "resolution" while it is not closed after its
// resolution day, or "".
func (wo *WorkOrder) Overdue(now time.Time, loc *time.Location) string {
	today := ServiceDay(now, loc)
	switch {
	case wo.State != WOClosed && today > wo.ResolveDue:
		return "resolution"
	case (wo.State == WOOpen || wo.State == WOAssigned) && today > wo.CallbackDue:
		return "callback"
	}
	return ""
}

// DefaultRating decides the default rating of a finished visit left unrated for the
// policy's days (counted by service day): the default level, marked Default. It returns
// no events when the visit is rated, not finished or not yet due.
func (h *Hall) DefaultRating(t *Ticket, p WorkOrderPolicy, now time.Time) ([]Event, error) {
	if p.DefaultLevel == 0 || t.State != Done || t.Rated || t.FinishedAt.IsZero() {
		return nil, nil
	}
	f := t.FinishedAt.In(h.Loc)
	due := time.Date(f.Year(), f.Month(), f.Day()+p.DefaultAfterDays, 0, 0, 0, 0, h.Loc)
	if now.Before(due) {
		return nil, nil
	}
	evs, err := h.Rate(t, p.DefaultLevel, nil, "", now)
	if err != nil {
		return nil, err
	}
	evs[0].Rating.Default = true
	return evs, nil
}
