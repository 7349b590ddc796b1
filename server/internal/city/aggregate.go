package city

import (
	"time"

	"onedoor/server/internal/upload"
)

// hourKey is one row of the hourly aggregates.
type hourKey struct {
	category string
	hour     time.Time
}

// hourDelta is what a batch adds to one row.
type hourDelta struct {
	issued, called, served, waitN int
	waitSum                       int64
	waitMax                       int
	rated, good, bad              int // 好差评: good is 满意 and up (level ≥ 4), bad 不满意 and down (≤ 2)
}

// liveTicket is a ticket's last state in a batch; fresh when the batch issued it (so
// no row of it is stored yet).
type liveTicket struct {
	category string
	state    string
	issuedAt time.Time
	fresh    bool
}

// tally folds a batch into hourly deltas and the tickets' last states. A ticket counts
// as called at its first call from the queue (not after a transfer or a reinstatement),
// and its wait is from issue to that call.
func tally(evs []upload.Event) (map[hourKey]*hourDelta, map[string]liveTicket) {
	hours := map[hourKey]*hourDelta{}
	live := map[string]liveTicket{}
	row := func(e upload.Event) *hourDelta {
		k := hourKey{e.Category, e.At.UTC().Truncate(time.Hour)}
		d := hours[k]
		if d == nil {
			d = &hourDelta{}
			hours[k] = d
		}
		return d
	}
	for _, e := range evs {
		if e.Ticket == "" {
			continue
		}
		switch e.Type {
		case "ticket.issued":
			row(e).issued++
		case "ticket.called":
			if e.Transfers == 0 && e.Reinstated == 0 && !e.CalledAt.IsZero() {
				d := row(e)
				w := int(e.CalledAt.Sub(e.IssuedAt) / time.Second)
				d.called++
				d.waitN++
				d.waitSum += int64(w)
				d.waitMax = max(d.waitMax, w)
			}
		case "ticket.finished":
			row(e).served++
		case "ticket.rated":
			d := row(e)
			d.rated++
			if e.Rating >= 4 {
				d.good++
			} else if e.Rating > 0 && e.Rating <= 2 {
				d.bad++
			}
		}
		fresh := e.Type == "ticket.issued" || live[e.Ticket].fresh
		live[e.Ticket] = liveTicket{e.Category, e.State, e.IssuedAt, fresh}
	}
	return hours, live
}

// fold queues the statements adding a batch to the hourly aggregates and the live
// tickets.
func fold(q *statements, center string, evs []upload.Event) {
	hours, live := tally(evs)
	var cats []string
	var hrs []time.Time
	var issued, called, served, waitN, waitMax, rated, good, bad []int32
	var waitSum []int64
	for k, d := range hours {
		cats, hrs = append(cats, k.category), append(hrs, k.hour)
		issued, called, served = append(issued, int32(d.issued)), append(called, int32(d.called)), append(served, int32(d.served))
		waitN, waitSum, waitMax = append(waitN, int32(d.waitN)), append(waitSum, d.waitSum), append(waitMax, int32(d.waitMax))
		rated, good, bad = append(rated, int32(d.rated)), append(good, int32(d.good)), append(bad, int32(d.bad))
	}
	q.add("fold hourly", `INSERT INTO hourly (center, category, hour, issued, called, served, wait_n, wait_sum_s, wait_max_s, rated, rated_good, rated_bad)
		SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::int[], $8::bigint[], $9::int[], $10::int[], $11::int[], $12::int[])
		ON CONFLICT (center, hour, category) DO UPDATE SET
			issued = hourly.issued + excluded.issued, called = hourly.called + excluded.called,
			served = hourly.served + excluded.served, wait_n = hourly.wait_n + excluded.wait_n,
			wait_sum_s = hourly.wait_sum_s + excluded.wait_sum_s,
			wait_max_s = greatest(hourly.wait_max_s, excluded.wait_max_s),
			rated = hourly.rated + excluded.rated, rated_good = hourly.rated_good + excluded.rated_good,
			rated_bad = hourly.rated_bad + excluded.rated_bad`,
		center, cats, hrs, issued, called, served, waitN, waitSum, waitMax, rated, good, bad)
	var keep, gone, kcat, kstate []string
	var kat []time.Time
	for id, t := range live {
		switch t.state {
		case "waiting", "called", "serving":
			keep, kcat, kstate, kat = append(keep, id), append(kcat, t.category), append(kstate, t.state), append(kat, t.issuedAt)
		default:
			if !t.fresh { // a ticket issued and done within the batch was never stored
				gone = append(gone, id)
			}
		}
	}
	if len(keep) > 0 {
		q.add("fold live tickets", `INSERT INTO live_tickets (center, ticket, category, state, issued_at)
		SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[])
		ON CONFLICT (center, ticket) DO UPDATE SET state = excluded.state`, center, keep, kcat, kstate, kat)
	}
	if len(gone) > 0 {
		q.add("fold live tickets", `DELETE FROM live_tickets WHERE center = $1 AND ticket = ANY($2)`, center, gone)
	}
}
