package queue

import (
	"fmt"
	"sort"
	"time"
)

// Alarms tell a supervisor what needs a hand: a category's wait past its limit, a crowd
// with too few windows serving it, a window paused too long (all read from the hall's
// state, and cleared when it no longer holds), a device fault, a 差评 and an overdue work
// order (raised by an event, kept until acknowledged). Raising, clearing and
// acknowledging are events, so the stream carries them and the log keeps them.

// The alarm kinds.
const (
	AlarmWait      = "wait"      // a category's longest wait is past its limit
	AlarmCrowd     = "crowd"     // many waiting, too few windows serving them: open one
	AlarmPause     = "pause"     // a window paused past the limit
	AlarmDevice    = "device"    // a device reported a fault
	AlarmRating    = "rating"    // a bad rating (差评)
	AlarmWorkOrder = "workorder" // a work order past a deadline
)

// The alarm events; each carries the alarm.
const (
	AlarmRaised       EventType = "alarm.raised"
	AlarmCleared      EventType = "alarm.cleared"
	AlarmAcknowledged EventType = "alarm.acknowledged"
)

// AlarmPolicy holds the alarms' thresholds.
type AlarmPolicy struct {
	// Wait is the longest wait a category may have; CategoryWait overrides it by code.
	Wait         time.Duration            `json:"wait"`
	CategoryWait map[string]time.Duration `json:"category_wait,omitempty"`
	// CrowdWaiting and CrowdServing: more than CrowdWaiting waiting in a category with
	// fewer than CrowdServing open windows serving it.
	CrowdWaiting int `json:"crowd_waiting"`
	CrowdServing int `json:"crowd_serving"`
	// Pause is how long a window may stay paused.
	Pause time.Duration `json:"pause"`
}

// DefaultAlarmPolicy: 30 minutes' wait, 20 waiting with fewer than 2 windows, a pause
// of 15 minutes.
func DefaultAlarmPolicy() AlarmPolicy {
	return AlarmPolicy{Wait: 30 * time.Minute, CrowdWaiting: 20, CrowdServing: 2, Pause: 15 * time.Minute}
}

// Alarm is one alarm: its ID names what it is about, so one cause raises it once.
type Alarm struct {
	ID      string    `json:"id"`
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"` // a category code, a window number, a device, a ticket number, a work order
	Text    string    `json:"text"`    // Chinese, then English
	Since   time.Time `json:"since"`
	// Acked and AckedBy: a supervisor has acknowledged it.
	Acked   time.Time `json:"acked,omitzero"`
	AckedBy string    `json:"acked_by,omitempty"`
}

// waitLimit is the wait limit of a category.
func (p AlarmPolicy) waitLimit(cat string) time.Duration {
	if d, ok := p.CategoryWait[cat]; ok {
		return d
	}
	return p.Wait
}

// oldestWaiting returns the issue time of each category's longest-waiting ticket.
func (h *Hall) oldestWaiting() map[string]time.Time {
	out := map[string]time.Time{}
	for _, t := range h.Tickets {
		if t.State == Waiting {
			if o, ok := out[t.Category]; !ok || t.IssuedAt.Before(o) {
				out[t.Category] = t.IssuedAt
			}
		}
	}
	return out
}

// catLabel names a category in an alarm's text: its prefix letter and name (in English
// when en and the catalog has one), or its code when the catalog no longer has it.
func (h *Hall) catLabel(code string, en bool) string {
	c, ok := h.Catalog.Category(code)
	switch {
	case !ok:
		return code
	case en && c.NameEn != "":
		return c.PrefixLetter + " " + c.NameEn
	}
	return c.PrefixLetter + " " + c.NameZh
}

// plural is n and the noun, with an s unless n is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// StateAlarms returns the alarms the hall's state holds at now, by ID order.
func (h *Hall) StateAlarms(now time.Time, p AlarmPolicy) []Alarm {
	var out []Alarm
	for cat, at := range h.oldestWaiting() {
		if lim := p.waitLimit(cat); lim > 0 && now.Sub(at) > lim {
			out = append(out, Alarm{ID: AlarmWait + "-" + cat, Kind: AlarmWait, Subject: cat, Since: at.Add(lim),
				Text: fmt.Sprintf("%s 最长等候超过 %d 分钟 / %s: longest wait over %d min", h.catLabel(cat, false), int(lim.Minutes()), h.catLabel(cat, true), int(lim.Minutes()))})
		}
	}
	for _, c := range h.Catalog.Categories {
		n, open := h.Queue.Waiting(c.Code), h.OpenWindows(c.Code)
		if p.CrowdWaiting > 0 && n > p.CrowdWaiting && open < p.CrowdServing {
			out = append(out, Alarm{ID: AlarmCrowd + "-" + c.Code, Kind: AlarmCrowd, Subject: c.Code, Since: now,
				Text: fmt.Sprintf("%s 等候 %d 人，仅 %d 个窗口开放：请增开窗口 / %s: %d waiting, %s open: open another", h.catLabel(c.Code, false), n, open,
					h.catLabel(c.Code, true), n, plural(open, "window"))})
		}
	}
	for _, w := range h.Windows {
		if p.Pause > 0 && w.State == WinPaused && now.Sub(w.Since) > p.Pause {
			out = append(out, Alarm{ID: fmt.Sprintf("%s-%d", AlarmPause, w.Number), Kind: AlarmPause, Subject: fmt.Sprint(w.Number),
				Since: w.Since.Add(p.Pause), Text: fmt.Sprintf("%s 暂停超过 %d 分钟 / paused over %d min", w.Name, int(p.Pause.Minutes()), int(p.Pause.Minutes()))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// NextStateAlarm returns the earliest time after now at which a state alarm would start
// to hold with nothing else happening: a wait or a pause reaching its limit.
func (h *Hall) NextStateAlarm(now time.Time, p AlarmPolicy) (time.Time, bool) {
	var next time.Time
	consider := func(at time.Time) {
		if at.After(now) && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	for cat, at := range h.oldestWaiting() {
		if lim := p.waitLimit(cat); lim > 0 {
			consider(at.Add(lim + time.Nanosecond))
		}
	}
	for _, w := range h.Windows {
		if p.Pause > 0 && w.State == WinPaused {
			consider(w.Since.Add(p.Pause + time.Nanosecond))
		}
	}
	return next, !next.IsZero()
}

// isStateAlarm says whether an alarm kind is read from the hall's state (and so cleared
// when it no longer holds).
func isStateAlarm(kind string) bool {
	return kind == AlarmWait || kind == AlarmCrowd || kind == AlarmPause
}

// SettleAlarms decides the events that bring the active alarms to what the state holds:
// a state alarm that holds and is not active is raised; an active state alarm that no
// longer holds is cleared. Event alarms are left alone.
func (h *Hall) SettleAlarms(active map[string]Alarm, now time.Time, p AlarmPolicy) []Event {
	var out []Event
	holds := map[string]bool{}
	for _, a := range h.StateAlarms(now, p) {
		holds[a.ID] = true
		if _, ok := active[a.ID]; !ok {
			a := a
			ev := h.event(AlarmRaised, now)
			ev.Alarm = &a
			out = append(out, ev)
		}
	}
	ids := make([]string, 0, len(active))
	for id := range active {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if a := active[id]; isStateAlarm(a.Kind) && !holds[id] {
			ev := h.event(AlarmCleared, now)
			ev.Alarm = &a
			out = append(out, ev)
		}
	}
	return out
}

// EventAlarm decides the alarm an event raises by itself: a device's fault, a bad
// rating, a work order found overdue (see OverdueAlarm).
func (h *Hall) EventAlarm(ev Event) (Event, bool) {
	var a Alarm
	switch {
	case ev.Type == DeviceStatus && ev.Device != nil && ev.Device.Status == "fault":
		d := ev.Device
		a = Alarm{ID: AlarmDevice + "-" + d.Name + "-" + d.Kind, Kind: AlarmDevice, Subject: d.Name,
			Text: fmt.Sprintf("设备故障 %s（%s）%s / device fault", d.Name, d.Kind, d.Detail)}
	case ev.Type == TicketRated && ev.Rating != nil && ev.Ticket != nil && h.badLevel(ev.Rating.Level):
		a = Alarm{ID: AlarmRating + "-" + ev.Ticket.ID, Kind: AlarmRating, Subject: ev.Ticket.Number,
			Text: fmt.Sprintf("差评：%s 号，%d 号窗口 / bad rating: %s, window %d", ev.Ticket.Number, ev.Rating.Window, ev.Ticket.Number, ev.Rating.Window)}
	default:
		return Event{}, false
	}
	a.Since = ev.At
	out := h.event(AlarmRaised, ev.At)
	out.Alarm = &a
	return out, true
}

// OverdueAlarm decides the alarm of a work order past a deadline at now.
func (h *Hall) OverdueAlarm(wo *WorkOrder, now time.Time) (Event, bool) {
	late := wo.Overdue(now, h.Loc)
	if late == "" {
		return Event{}, false
	}
	a := Alarm{ID: AlarmWorkOrder + "-" + wo.No + "-" + late, Kind: AlarmWorkOrder, Subject: wo.No, Since: now,
		Text: fmt.Sprintf("差评工单 %s 逾期（%s）/ work order overdue (%s)", wo.No, late, late)}
	ev := h.event(AlarmRaised, now)
	ev.Alarm = &a
	return ev, true
}

// AckAlarm decides a supervisor's acknowledgement of an active alarm.
func (h *Hall) AckAlarm(a Alarm, staff string, now time.Time) ([]Event, error) {
	if !a.Acked.IsZero() {
		return nil, Errorf(Conflict, "alarm %s was acknowledged by %s already", a.ID, a.AckedBy)
	}
	a.Acked, a.AckedBy = now, staff
	ev := h.event(AlarmAcknowledged, now)
	ev.Alarm, ev.Staff = &a, staff
	return []Event{ev}, nil
}
