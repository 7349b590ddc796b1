package app

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/outbox"
)

// TestDepartmentWebhookFollowsEveryCaseEvent: a department's webhook gets every event of
// its sub-cases, not only the routing — claimed, suspended, resumed, and the transfer
// that takes the sub-case away (with the department it came from) — each once, in the
// order of the log, through a receiver that refuses for a while; what happens after the
// transfer, at the other department, is not sent to it.
func TestDepartmentWebhookFollowsEveryCaseEvent(t *testing.T) {
	hook := newReceiver(t, 500, checkWebhook(testSecret))
	hooks := writeWebhooks(t, hook.url())
	ts := startServerWith(t, func(c *Config) {
		c.Notify = NotifyConfig{WebhooksPath: hooks, Outbox: outbox.Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond}}
	})
	ctx := context.Background()
	no := ts.acceptCase(ts.clerk(1), marketItem)
	scj, rsj := ts.officer("scj1"), ts.officer("rsj1")
	for _, a := range []struct {
		who    string
		action string
		req    wire.CaseActionRequest
	}{
		{"scj1", "claim", wire.CaseActionRequest{}},
		{"scj1", "suspend", wire.CaseActionRequest{Hold: "on_site_check", Reason: "现场核查"}},
		{"scj1", "resume", wire.CaseActionRequest{}},
		{"scj1", "transfer", wire.CaseActionRequest{To: "RSJ", Reason: "属人社部门职责"}},
		{"rsj1", "claim", wire.CaseActionRequest{}},
		{"rsj1", "approve", wire.CaseActionRequest{Result: queue.ResultElectronic}},
	} {
		who := scj
		if a.who == "rsj1" {
			who = rsj
		}
		if _, err := who.CaseAction(ctx, no, a.action, a.req); err != nil {
			t.Fatalf("%s %s: %v", a.who, a.action, err)
		}
	}
	want := []string{"case.routed", "case.claimed", "case.suspended", "case.resumed", "case.transferred"}
	testkit.Until(t, "the refusals, then every event delivered", 20*time.Second, func() bool { return hook.failed() >= 3 })
	hook.setStatus(200)
	testkit.Until(t, "every event delivered", 20*time.Second, func() bool { return hook.delivered() >= len(want) })

	// the log's case events up to the transfer: what the webhook must have got, in order
	evs, _, err := ts.Store.EventsAfter(0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	var logSeqs []uint64
	for _, ev := range evs {
		if ev.Case != nil && ev.Case.No == no && len(logSeqs) < len(want) && string(ev.Type) == want[len(logSeqs)] {
			logSeqs = append(logSeqs, ev.Seq)
		}
	}
	if len(logSeqs) != len(want) {
		t.Fatalf("the log holds %d of the case's events %v", len(logSeqs), want)
	}
	first, order, _, _, _, bad := hook.snapshot()
	if len(bad) > 0 {
		t.Fatalf("requests the receiver refused: %v", bad)
	}
	var got []string
	dept := marketDept(t)
	for _, id := range order {
		var ev caseEvent
		if err := json.Unmarshal(first[id], &ev); err != nil {
			t.Fatal(err)
		}
		if len(got) >= len(logSeqs) || ev.CaseNo != no || ev.Department != dept || ev.Seq != logSeqs[len(got)] || ev.At.IsZero() || ev.State == "" {
			t.Fatalf("webhook %d after %v: %s (the log's seqs %v)", len(got), got, first[id], logSeqs)
		}
		if (ev.Event == "case.transferred") != (ev.From == dept) {
			t.Fatalf("%s names from %q", ev.Event, ev.From)
		}
		got = append(got, ev.Event)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the department's webhook got %v, want %v", got, want)
	}
}
