package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// TestAnonymousStreamKeepsStaffMatters: failed logins, a number's priority class, a
// rating's reasons and comment and the clerk rated never reach the anonymous stream,
// live or replayed; the staff stream keeps them all.
func TestAnonymousStreamKeepsStaffMatters(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	sup := ts.supervisor()
	from := ts.Store.LastSeq()
	anonLive, staffLive := newCollector(), newCollector()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, s := range []struct {
		c   *client.Client
		col *collector
	}{{client.New(ts.URL(), ""), anonLive}, {sup, staffLive}} {
		up := make(chan bool, 4)
		go s.c.Subscribe(sctx, client.StreamOptions{After: from, OnState: func(u bool) { up <- u }}, s.col.add)
		<-up
	}

	if _, err := client.New(ts.URL(), "").Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: "000000", Window: 2}); err == nil {
		t.Fatal("a wrong PIN logged in")
	}
	a := &wire.Applicant{IDNumber: validID("44010619550101123"), Name: "测试人丙", Gender: "男", Nation: "汉", BirthDate: "1955-01-01", Address: "广州市示例区样例路1号"}
	tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Applicant: a}, nextKey())
	if err != nil || tk.Priority != "elderly" {
		t.Fatalf("issue: %+v %v", tk, err)
	}
	c1 := ts.clerk(1)
	c1.Call(ctx, 1)
	c1.Act(ctx, 1, "start")
	if _, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
		t.Fatal(err)
	}
	const reason, comment = "态度冷淡", "窗口人员玩手机"
	if _, err := client.New(ts.URL(), "").Rate(ctx, tk.ID, wire.RatingRequest{Level: 1, Reasons: []string{reason}, Comment: comment}); err != nil {
		t.Fatal(err)
	}
	last := ts.Store.LastSeq() - 2 // the rating: the last public event (the 差评's alarm and work order, staff only, follow it)
	staffLive.waitSeq(t, last)
	anonLive.waitSeq(t, last)

	// The same from the log: a fresh anonymous subscriber replaying it all.
	anonReplay := newCollector()
	go client.New(ts.URL(), "").Subscribe(sctx, client.StreamOptions{After: from}, anonReplay.add)
	anonReplay.waitSeq(t, last)

	secrets := []string{"elderly", reason, comment, `"demo1"`, `"demo2"`, tk.ID, a.IDNumber, a.Name, "样例路"}
	for name, col := range map[string]*collector{"live": anonLive, "replayed": anonReplay} {
		for _, ev := range col.events() {
			b, _ := json.Marshal(ev)
			if strings.HasPrefix(ev.Type, "staff.") {
				t.Errorf("%s anonymous stream shows %s: %s", name, ev.Type, b)
			}
			for _, s := range secrets {
				if strings.Contains(string(b), s) {
					t.Errorf("%s anonymous stream holds %q: %s", name, s, b)
				}
			}
		}
	}
	var failed, priority, rated bool
	for _, ev := range staffLive.events() {
		failed = failed || ev.Type == "staff.login_failed"
		priority = priority || ev.Ticket != nil && ev.Ticket.Priority == "elderly"
		rated = rated || ev.Rating != nil && ev.Rating.Staff == "demo1" && len(ev.Rating.Reasons) == 1 && ev.Rating.Reasons[0] == reason && ev.Rating.Comment == comment
	}
	if !failed || !priority || !rated {
		t.Fatalf("the staff stream lost what staff need: failed login %v, priority %v, rating %v", failed, priority, rated)
	}
}
