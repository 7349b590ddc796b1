package city

import (
	"context"
	"strings"
	"testing"

	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
)

// TestRelayStreamsOfOneCase: one case (a bundle, 一件事) with three sub-cases relayed from
// the street: GA and ZJ to the district d1, SW to the district d2. Each is a stream of its
// own from seq 1: all three are stored (a retry of each once), each center pulls its own,
// a pull not acknowledged is offered again and admitted once, and each decision comes
// back on its sub-case's stream, only from the center it went to.
func TestRelayStreamsOfOneCase(t *testing.T) {
	c := &relayCity{t: t, pg: pgtest.Start(t), log: &lockedBuffer{}}
	c.start()
	t.Cleanup(func() { c.s.Close(context.Background()) })
	ctx := context.Background()
	tokens := map[string]string{}
	for _, ct := range []Center{{"d1", "示例区中心", "district", ""}, {"d2", "示例另一区中心", "district", ""}, {"s1", "示例街中心", "street", "d1"}} {
		tok, err := c.s.Store.AddCenter(ctx, ct)
		if err != nil {
			t.Fatal(err)
		}
		tokens[ct.Code] = tok
	}
	const no = "s1-20261125-0001"
	outs := []queue.RelayMsg{
		{Case: no, Hop: queue.HopOut, Seq: 1, From: "s1", To: "d1", Dept: "GA", Item: "hk01", Days: 5},
		{Case: no, Hop: queue.HopOut, Seq: 1, From: "s1", To: "d2", Dept: "SW", Item: "sw01", Days: 5},
		{Case: no, Hop: queue.HopOut, Seq: 1, From: "s1", To: "d1", Dept: "ZJ", Item: "zj01", Days: 5},
	}
	for _, m := range outs {
		for range 2 { // the second is a retry after a lost answer
			if st, body := c.call("POST", "/api/v1/relay", tokens["s1"], m); st != 200 || !strings.Contains(string(body), `"last":1`) {
				t.Fatalf("put out %s: %d %s", m.Dept, st, body)
			}
		}
	}
	if n := c.s.count(t, `SELECT count(*) FROM relay WHERE case_no = '`+no+`' AND hop = 'out'`); n != 3 {
		t.Fatalf("%d outbound rows, want 3: one per sub-case", n)
	}
	supplied := queue.RelayMsg{Case: no, Hop: queue.HopOut, Seq: 2, From: "s1", To: "d2", Dept: "SW", Step: queue.StepSupplied}
	if st, body := c.call("POST", "/api/v1/relay", tokens["s1"], supplied); st != 200 || !strings.Contains(string(body), `"last":2`) {
		t.Fatalf("SW's second message: %d %s", st, body)
	}
	supplied.Seq = 3
	supplied.Dept, supplied.To = "GA", "d1"
	if st, body := c.call("POST", "/api/v1/relay", tokens["s1"], supplied); st != 409 || !strings.Contains(string(body), `"last":1`) {
		t.Fatalf("GA's message past a gap: %d %s, want 409 with last 1", st, body)
	}
	c.restart()
	d1 := &receiver{token: tokens["d1"], last: map[queue.RelayStream]uint64{}}
	d2 := &receiver{token: tokens["d2"], last: map[queue.RelayStream]uint64{}}
	street := &receiver{token: tokens["s1"], last: map[queue.RelayStream]uint64{}}
	if n := d1.pull(c, false); n != 2 { // fell over before acknowledging
		t.Fatalf("d1 pulled %d, want GA's and ZJ's", n)
	}
	if n := d1.pull(c, true); n != 2 || len(d1.applied) != 2 || d1.applied[0].Dept != "GA" || d1.applied[1].Dept != "ZJ" {
		t.Fatalf("d1 pulled %d again and applied %+v, want GA then ZJ once each", n, d1.applied)
	}
	if n := d2.pull(c, true); n != 2 || len(d2.applied) != 2 || d2.applied[0].Item != "sw01" || d2.applied[1].Step != queue.StepSupplied {
		t.Fatalf("d2 pulled %d and applied %+v, want SW's sub-case then its supplement", n, d2.applied)
	}
	for _, r := range []*receiver{d1, d2} {
		if n := r.pull(c, true); n != 0 {
			t.Fatalf("pulled %d after acknowledging, want 0", n)
		}
	}
	back := func(from, dept string, d queue.PartState) queue.RelayMsg {
		m := queue.RelayMsg{Case: no, Hop: queue.HopBack, Seq: 1, From: from, To: "s1", Dept: dept, Decision: d, Result: queue.ResultPickup}
		if d == queue.PartRefused {
			m.Result, m.Refusal = "", &queue.Refusal{Reasons: []string{"不符合条件"}, Basis: "示例依据"}
		}
		return m
	}
	if st, body := c.call("POST", "/api/v1/relay", tokens["d2"], back("d2", "GA", queue.PartApproved)); st != 409 {
		t.Fatalf("d2 deciding GA's sub-case, relayed to d1: %d %s, want 409", st, body)
	}
	for _, m := range []queue.RelayMsg{back("d1", "GA", queue.PartApproved), back("d2", "SW", queue.PartRefused), back("d1", "ZJ", queue.PartApproved)} {
		for range 2 {
			if st, body := c.call("POST", "/api/v1/relay", tokens[m.From], m); st != 200 {
				t.Fatalf("put back %s: %d %s", m.Dept, st, body)
			}
		}
	}
	c.restart()
	if n := street.pull(c, true); n != 3 || len(street.applied) != 3 {
		t.Fatalf("the street pulled %d and applied %+v, want the three decisions once each", n, street.applied)
	}
	decided := map[string]queue.PartState{}
	for _, m := range street.applied {
		decided[m.Dept] = m.Decision
	}
	if decided["GA"] != queue.PartApproved || decided["SW"] != queue.PartRefused || decided["ZJ"] != queue.PartApproved {
		t.Errorf("the street's decisions %v", decided)
	}
	if n := street.pull(c, true); n != 0 {
		t.Fatalf("the street pulled %d after acknowledging, want 0", n)
	}
	if n := c.s.count(t, `SELECT count(*) FROM relay WHERE taken_at IS NULL`); n != 0 {
		t.Errorf("%d relay rows not acknowledged", n)
	}
	if n := c.s.count(t, `SELECT count(*) FROM relay`); n != 7 {
		t.Errorf("%d relay rows, want 7 (three out, SW's supplement, three back)", n)
	}
}

// TestRelayRowsKeptOverTheStreamKey: a relay row stored before the migration that keys
// the relay per sub-case keeps working after it: a sibling sub-case's first message is
// stored beside it, and both are pulled and acknowledged by their streams.
func TestRelayRowsKeptOverTheStreamKey(t *testing.T) {
	all := migrations
	t.Cleanup(func() { migrations = all })
	migrations = all[:len(all)-1] // the city tier as it was before
	c := &relayCity{t: t, pg: pgtest.Start(t), log: &lockedBuffer{}}
	c.start()
	ctx := context.Background()
	tokens := map[string]string{}
	for _, ct := range []Center{{"d1", "示例区中心", "district", ""}, {"s1", "示例街中心", "street", "d1"}} {
		tok, err := c.s.Store.AddCenter(ctx, ct)
		if err != nil {
			t.Fatal(err)
		}
		tokens[ct.Code] = tok
	}
	const no = "s1-20261125-0001"
	ga := queue.RelayMsg{Case: no, Hop: queue.HopOut, Seq: 1, From: "s1", To: "d1", Dept: "GA", Item: "hk01", Days: 5}
	if st, body := c.call("POST", "/api/v1/relay", tokens["s1"], ga); st != 200 {
		t.Fatalf("put before the migration: %d %s", st, body)
	}
	migrations = all
	c.restart()
	t.Cleanup(func() { c.s.Close(context.Background()) })
	if n := c.s.count(t, `SELECT count(*) FROM schema_migrations`); n != len(all) {
		t.Fatalf("%d migrations applied, want %d", n, len(all))
	}
	zj := queue.RelayMsg{Case: no, Hop: queue.HopOut, Seq: 1, From: "s1", To: "d1", Dept: "ZJ", Item: "zj01", Days: 5}
	for _, m := range []queue.RelayMsg{ga, zj} {
		if st, body := c.call("POST", "/api/v1/relay", tokens["s1"], m); st != 200 || !strings.Contains(string(body), `"last":1`) {
			t.Fatalf("put %s after the migration: %d %s", m.Dept, st, body)
		}
	}
	d1 := &receiver{token: tokens["d1"], last: map[queue.RelayStream]uint64{}}
	if n := d1.pull(c, true); n != 2 || len(d1.applied) != 2 || d1.applied[0].Dept != "GA" || d1.applied[1].Dept != "ZJ" {
		t.Fatalf("d1 pulled %d and applied %+v, want GA's (stored before) then ZJ's", n, d1.applied)
	}
	if n := c.s.count(t, `SELECT count(*) FROM relay WHERE taken_at IS NULL`); n != 0 {
		t.Errorf("%d relay rows not acknowledged", n)
	}
}
