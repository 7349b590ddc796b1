package queue

import (
	"fmt"
	"time"
)

// Daily capacity: a hall that can serve only so many of an item a day says so when the
// ticket is asked for, not at 16:50 at the window. An item may have a daily cap, quotas
// per time slot, and a last time for its tickets (an item not served after 16:30, say);
// kiosk and phone tickets count together. Appointment check-ins do not count: they were
// booked against the booking system's own quotas.

// Capacity is an item's limits on the day's tickets; zero values mean no limit.
type Capacity struct {
	// DailyCap is how many tickets of the item a day may have.
	DailyCap int `json:"daily_cap,omitempty"`
	// Until is the last time of day a ticket of the item is issued ("16:30").
	Until string `json:"until,omitempty"`
	// Slots are quotas for parts of the day.
	Slots []SlotCap `json:"slots,omitempty"`
}

// SlotCap is a quota of tickets issued between From and To.
type SlotCap struct {
	From string `json:"from"`
	To   string `json:"to"`
	Cap  int    `json:"cap"`
}

// Exhausted classifies a refusal for want of capacity: today's tickets of the item are
// gone (or its hours are over). It maps to 409, with its own code so that kiosks and
// phones can offer a booking for another day.
const Exhausted Code = "exhausted"

// checkCapacity refuses a ticket of item it at now when the item's capacity is used up.
func (h *Hall) checkCapacity(it *Item, now time.Time) error {
	c := it.Capacity
	if c == nil {
		return nil
	}
	local := now.In(h.Loc)
	minute := local.Hour()*60 + local.Minute()
	if c.Until != "" {
		if until, err := clockOf(c.Until); err == nil && minute >= until {
			return Errorf(Exhausted, "%s的取号时间已过(%s后不再取号),请预约其他日期办理 (no more tickets for this item after %s today; book another day)", it.NameZh, c.Until, c.Until)
		}
	}
	if c.DailyCap > 0 && h.issuedOf(it.Code, -1, -1) >= c.DailyCap {
		return Errorf(Exhausted, "今日%s号源已取完(每日%d个),请预约其他日期办理 (today's %d tickets for this item are gone; book another day)", it.NameZh, c.DailyCap, c.DailyCap)
	}
	for _, s := range c.Slots {
		from, e1 := clockOf(s.From)
		to, e2 := clockOf(s.To)
		if e1 != nil || e2 != nil || minute < from || minute >= to {
			continue
		}
		if h.issuedOf(it.Code, from, to) >= s.Cap {
			return Errorf(Exhausted, "%s本时段号源已取完,请稍后或预约其他日期办理 (this time slot's tickets for this item are gone; come later or book another day)", it.NameZh)
		}
		break
	}
	return nil
}

// issuedOf counts the day's tickets of item (appointment check-ins aside) issued from
// minute from to minute to of the day; -1, -1 counts them all.
func (h *Hall) issuedOf(item string, from, to int) int {
	n := 0
	for _, t := range h.Tickets {
		if t.Item != item || t.Priority == PriorityAppointment {
			continue
		}
		if from >= 0 {
			m := t.IssuedAt.In(h.Loc)
			if mm := m.Hour()*60 + m.Minute(); mm < from || mm >= to {
				continue
			}
		}
		n++
	}
	return n
}

// capacity checks an item's capacity: times of day, positive caps, slots in order.
func (v *validator) capacity(p string, c *Capacity) {
	if c == nil {
		return
	}
	if c.DailyCap < 0 {
		v.add(p+".daily_cap", "must not be negative, got %d", c.DailyCap)
	}
	if c.Until != "" {
		if _, err := clockOf(c.Until); err != nil {
			v.add(p+".until", "%v", err)
		}
	}
	for i, s := range c.Slots {
		sp := fmt.Sprintf("%s.slots[%d]", p, i)
		from, e1 := clockOf(s.From)
		to, e2 := clockOf(s.To)
		switch {
		case e1 != nil:
			v.add(sp+".from", "%v", e1)
		case e2 != nil:
			v.add(sp+".to", "%v", e2)
		case from >= to:
			v.add(sp, "ends at %s, not after it starts at %s", s.To, s.From)
		}
		if s.Cap < 1 {
			v.add(sp+".cap", "must be at least 1, got %d", s.Cap)
		}
	}
}
