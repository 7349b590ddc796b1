package queue

import (
	"math"
	"sort"
	"time"
)

// Accuracy measures the quoted waits of the tickets of one category issued in one hour
// against the waits they then had: the mean absolute error of the forecast's expected
// wait and of the old lane estimate, and the share of tickets called inside the quoted
// range.
type Accuracy struct {
	Category string `json:"category"`
	// Hour is the hour of the day the tickets were issued, in the hall's zone; -1 for all.
	Hour      int     `json:"hour"`
	N         int     `json:"n"`
	MAES      float64 `json:"mae_s"`
	NaiveMAES float64 `json:"naive_mae_s"`
	InRange   float64 `json:"in_range"`
	MeanWaitS float64 `json:"mean_wait_s"`
}

// accuracySums adds up one Accuracy.
type accuracySums struct {
	n                      int
	wait, err, naive, inRg float64
}

// measured says whether a ticket's quote can be held against its wait: it was quoted a
// wait, and called once from its first place in line (a transfer or a reinstatement
// starts a second wait the quote never spoke of).
func measured(t *Ticket) bool {
	return t.Quote != nil && !t.Quote.NoWindow && !t.CalledAt.IsZero() && t.Transfers == 0 && t.Reinstated == 0
}

// MeasureQuotes measures the quotes of tickets per category and hour of issue in loc, and
// per category over the whole day (Hour -1), sorted by category, then hour.
func MeasureQuotes(tickets []*Ticket, loc *time.Location) []Accuracy {
	type key struct {
		cat  string
		hour int
	}
	by := map[key]*accuracySums{}
	add := func(k key, t *Ticket) {
		a := by[k]
		if a == nil {
			a = &accuracySums{}
			by[k] = a
		}
		wait := t.CalledAt.Sub(t.IssuedAt).Seconds()
		q := t.Quote
		a.n++
		a.wait += wait
		a.err += math.Abs(wait - float64(q.ExpectedS))
		a.naive += math.Abs(wait - float64(q.NaiveS))
		// the range as citizens read it: whole minutes, the low end down, the high end up
		lo, hi := float64(q.LowS/60*60), float64((q.HighS+59)/60*60)
		if wait >= lo && wait <= hi {
			a.inRg++
		}
	}
	for _, t := range tickets {
		if measured(t) {
			add(key{t.Category, t.IssuedAt.In(loc).Hour()}, t)
			add(key{t.Category, -1}, t)
		}
	}
	out := make([]Accuracy, 0, len(by))
	for k, a := range by {
		n := float64(a.n)
		out = append(out, Accuracy{Category: k.cat, Hour: k.hour, N: a.n, MAES: a.err / n, NaiveMAES: a.naive / n,
			InRange: a.inRg / n, MeanWaitS: a.wait / n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Hour < out[j].Hour
	})
	return out
}

// EstimateAccuracy measures the day's quotes so far.
func (h *Hall) EstimateAccuracy() []Accuracy {
	ts := make([]*Ticket, 0, len(h.Tickets))
	for _, t := range h.Tickets {
		ts = append(ts, t)
	}
	return MeasureQuotes(ts, h.Loc)
}
