package queue

import (
	"testing"
	"time"
)

// TestPriorityDrift: an ordinary ticket's wait stretches by the share of the windows'
// time the last hour's arrivals with a priority took; a ticket with a priority does not
// stretch, and nothing does before the day has an hour of arrivals.
func TestPriorityDrift(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	for _, c := range []string{"SSDJ", "SCJG", "RSSB"} {
		h.Stats[c] = &RunningMean{N: 10, Mean: (10 * time.Minute).Seconds()}
	}
	h.issue("440199-A-001", "normal")
	h.issue("440199-A-001", "military")
	h.issue("440199-A-001", "military")
	if f := h.priorityDrift(h.now); f != 0 {
		t.Fatalf("drift %.3f with less than an hour of arrivals", f)
	}
	h.now = h.now.Add(60 * time.Minute) // the first three are over an hour old by the next
	h.issue("440199-A-001", "military")
	h.issue("440199-A-001", "military")
	h.issue("440199-A-001", "normal")
	// two priority arrivals of 10 min in the hour over four windows: 20/60/4
	if f := h.priorityDrift(h.now); f < 0.0833 || f > 0.0834 {
		t.Fatalf("drift %.4f, want 1/12", f)
	}
	var normal, prio *Ticket
	for _, tk := range h.Tickets {
		if tk.State == Waiting && tk.Priority == PriorityNormal && (normal == nil || tk.Position > normal.Position) {
			normal = tk
		}
		if tk.State == Waiting && tk.Priority != PriorityNormal && (prio == nil || tk.Position > prio.Position) {
			prio = tk
		}
	}
	run, _ := h.forecastOf(h.Queue, normal.ID, h.now, 1)
	if w := h.PredictWait(normal, h.now); w.Expected != stretch(run.Wait, 1.0/12) || w.Expected <= run.Wait {
		t.Fatalf("ordinary ticket: %v, the forecast's run %v; want it stretched by 12/11", w.Expected, run.Wait)
	}
	run, _ = h.forecastOf(h.Queue, prio.ID, h.now, 1)
	if w := h.PredictWait(prio, h.now); w.Expected != run.Wait {
		t.Fatalf("priority ticket: %v, the forecast's run %v; want it as run", w.Expected, run.Wait)
	}
}
