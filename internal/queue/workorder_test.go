package queue

import (
	"testing"
	"time"
)

// holidays2026 is the 2026 National Day week: 1–7 October off (two of them a weekend),
// Saturday 10 October worked in exchange.
var holidays2026 = &Calendar{Off: map[string]bool{"2026-10-01": true, "2026-10-02": true, "2026-10-05": true,
	"2026-10-06": true, "2026-10-07": true}, Work: map[string]bool{"2026-10-10": true}}

// badRating is a ticket.rated event of a visit of day, rated at at with level.
func badRating(h *Hall, at time.Time, level int) Event {
	t := &Ticket{ID: "t1", Number: "A001", Day: ServiceDay(at, h.Loc), Category: "SSDJ", Item: "440199-A-001", State: Done, Rated: true}
	return Event{Type: TicketRated, At: at, Ticket: t, Rating: &RatingGiven{Level: level, Code: "x", Staff: "demo1", Window: 1}}
}

func TestWorkOrderDueDates(t *testing.T) {
	h := NewHall(sampleCatalog(t), shanghai, DefaultPolicy())
	h.Calendar = holidays2026
	p := DefaultWorkOrderPolicy()
	at := func(d string) time.Time {
		day, _ := time.ParseInLocation(DayLayout, d, shanghai)
		return day.Add(15 * time.Hour)
	}
	for _, tc := range []struct {
		name, rated, callback, resolve string
	}{
		{"a Wednesday", "2026-11-25", "2026-11-26", "2026-12-16"},
		{"a Friday: over the weekend", "2026-11-27", "2026-11-30", "2026-12-18"},
		{"a Saturday: the weekend is no working day", "2026-11-28", "2026-11-30", "2026-12-18"},
		{"before National Day: the holiday week skipped", "2026-09-30", "2026-10-08", "2026-10-27"},
		{"in the holiday", "2026-10-03", "2026-10-08", "2026-10-27"},
		{"the Friday before the Saturday worked", "2026-10-09", "2026-10-10", "2026-10-29"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, ok := h.OpenWorkOrder(badRating(h, at(tc.rated), 2), p)
			if !ok {
				t.Fatal("a 不满意 opened no work order")
			}
			wo := evs[0].WorkOrder
			if wo.CallbackDue != tc.callback || wo.ResolveDue != tc.resolve || wo.State != WOOpen || evs[0].Type != WorkOrderOpened {
				t.Fatalf("call back by %s, resolve by %s (%s), want %s and %s", wo.CallbackDue, wo.ResolveDue, wo.State, tc.callback, tc.resolve)
			}
		})
	}
	for level := 3; level <= 5; level++ {
		if _, ok := h.OpenWorkOrder(badRating(h, at("2026-11-25"), level), p); ok {
			t.Fatalf("level %d opened a work order", level)
		}
	}
	if _, ok := h.OpenWorkOrder(badRating(h, at("2026-11-25"), 1), p); !ok {
		t.Fatal("a 非常不满意 opened no work order")
	}
}

func TestWorkOrderFlowAndOverdue(t *testing.T) {
	h := NewHall(sampleCatalog(t), shanghai, DefaultPolicy())
	rated := time.Date(2026, 11, 27, 16, 0, 0, 0, shanghai) // a Friday
	evs, _ := h.OpenWorkOrder(badRating(h, rated, 2), DefaultWorkOrderPolicy())
	wo := evs[0].WorkOrder
	mon := time.Date(2026, 11, 30, 23, 59, 59, 0, shanghai)
	tue := time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai)
	for _, tc := range []struct {
		name string
		cmd  WorkOrderCmd
		at   time.Time
		code Code // "" for success
		want WorkOrderState
		late string // Overdue after the step, at the step's time
	}{
		{"answer before assigning", WorkOrderCmd{Action: "answer", Text: "已回访"}, rated, Conflict, WOOpen, ""},
		{"close before answering", WorkOrderCmd{Action: "close"}, rated, Conflict, WOOpen, ""},
		{"assign to nobody", WorkOrderCmd{Action: "assign"}, rated, Invalid, WOOpen, ""},
		{"unknown action", WorkOrderCmd{Action: "ignore"}, rated, Invalid, WOOpen, ""},
		{"the call-back day's last second: not late", WorkOrderCmd{Action: "assign", Assignee: "super"}, mon, "", WOAssigned, ""},
		{"an empty answer", WorkOrderCmd{Action: "answer", Text: "  "}, tue, Invalid, WOAssigned, "callback"},
		{"answered a day late", WorkOrderCmd{Action: "answer", Text: "已电话回访，说明办理要求"}, tue, "", WOAnswered, ""},
		{"a follow-up off the scale", WorkOrderCmd{Action: "close", FollowUp: 9}, tue, Invalid, WOAnswered, ""},
		{"closed after the resolution day", WorkOrderCmd{Action: "close", Text: "已整改", FollowUp: 4}, time.Date(2026, 12, 19, 9, 0, 0, 0, shanghai), "", WOClosed, ""},
		{"closed twice", WorkOrderCmd{Action: "close"}, time.Date(2026, 12, 19, 9, 0, 0, 0, shanghai), Conflict, WOClosed, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := h.DecideWorkOrder(wo, tc.cmd, tc.at)
			if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
			if err == nil {
				wo = evs[0].WorkOrder
			}
			if wo.State != tc.want {
				t.Fatalf("state %s, want %s", wo.State, tc.want)
			}
			if got := wo.Overdue(tc.at, shanghai); got != tc.late {
				t.Fatalf("overdue %q, want %q", got, tc.late)
			}
		})
	}
	if wo.FollowUp != 4 || wo.Answer == "" || wo.AnsweredAt.IsZero() || wo.ClosedAt.IsZero() {
		t.Fatalf("closed order %+v", wo)
	}
	open := *wo
	open.State = WOAnswered
	if got := open.Overdue(time.Date(2026, 12, 19, 0, 0, 0, 0, shanghai), shanghai); got != "resolution" {
		t.Fatalf("answered, not closed after the resolution day: overdue %q", got)
	}
}

func TestDefaultRatingAfterSevenDays(t *testing.T) {
	h := NewHall(sampleCatalog(t), shanghai, DefaultPolicy())
	finished := time.Date(2026, 11, 20, 17, 30, 0, 0, shanghai)
	visit := func() *Ticket {
		return &Ticket{ID: "t1", Number: "A001", Day: "2026-11-20", State: Done, FinishedAt: finished, Staff: "demo1", Window: 1}
	}
	for _, tc := range []struct {
		name  string
		t     func() *Ticket
		now   time.Time
		level int // 0: no rating
	}{
		{"six days and a half later", visit, time.Date(2026, 11, 26, 23, 59, 59, 0, shanghai), 0},
		{"the seventh day", visit, time.Date(2026, 11, 27, 0, 0, 0, 0, shanghai), 3},
		{"a month later", visit, time.Date(2026, 12, 20, 9, 0, 0, 0, shanghai), 3},
		{"rated already", func() *Ticket { t := visit(); t.Rated = true; return t }, time.Date(2026, 11, 28, 0, 0, 0, 0, shanghai), 0},
		{"not finished", func() *Ticket { t := visit(); t.State = Missed; return t }, time.Date(2026, 11, 28, 0, 0, 0, 0, shanghai), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := h.DefaultRating(tc.t(), DefaultWorkOrderPolicy(), tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if tc.level == 0 {
				if len(evs) != 0 {
					t.Fatalf("rated %+v", evs[0].Rating)
				}
				return
			}
			if len(evs) != 1 || evs[0].Rating.Level != tc.level || !evs[0].Rating.Default || evs[0].Rating.Staff != "demo1" || !evs[0].Ticket.Rated {
				t.Fatalf("default rating %+v", evs)
			}
		})
	}
	p := DefaultWorkOrderPolicy()
	p.DefaultLevel = 0
	if evs, _ := h.DefaultRating(visit(), p, time.Date(2026, 12, 20, 9, 0, 0, 0, shanghai)); len(evs) != 0 {
		t.Fatal("a default rating with default ratings off")
	}
}
