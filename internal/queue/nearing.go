package queue

import "time"

// Nearing returns, of the waiting tickets named in ids, those the forecast calls with at
// most near ahead of them, and how many are ahead. It is Forecast filtered, but stops as
// soon as no other ticket of ids can qualify: once a ticket of a category is called with
// more than near ahead, every later one of that category has more too.
func (h *Hall) Nearing(ids map[string]bool, near int, now time.Time) map[string]int {
	out := map[string]int{}
	left := map[string]int{} // per category, the tickets of ids the forecast has not reached
	for id := range ids {
		if t, ok := h.Tickets[id]; ok && t.State == Waiting {
			left[t.Category]++
		}
	}
	if len(left) == 0 {
		return out
	}
	h.forecast(h.Queue.clone(), now, 1, func(t *Ticket, p Prediction) bool {
		c := t.Category
		if _, open := left[c]; !open {
			return true
		}
		if ids[t.ID] {
			if p.Ahead <= near {
				out[t.ID] = p.Ahead
			}
			left[c]--
		}
		if p.Ahead > near || left[c] == 0 {
			delete(left, c)
		}
		return len(left) > 0
	})
	return out
}
