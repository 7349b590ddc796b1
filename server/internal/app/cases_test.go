package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// officer logs a demo officer in (no window).
func (ts *testServer) officer(id string) *client.Client {
	ts.t.Helper()
	c := client.New(ts.URL(), "")
	if _, err := c.Login(context.Background(), wire.LoginRequest{Staff: id, PIN: DemoPIN}); err != nil {
		ts.t.Fatal(err)
	}
	return c
}

// acceptCase has window 1 accept a visit of item and returns the case number.
func (ts *testServer) acceptCase(clerk *client.Client, item string) string {
	ts.t.Helper()
	it, _ := ts.Store.Catalog().Item(item)
	var all []string
	for _, m := range it.Materials {
		if m.Required {
			all = append(all, m.Code)
		}
	}
	res := ts.visit(clerk, item, wire.FinishRequest{Outcome: "accepted", Received: all})
	if res.Document.CaseNo == "" {
		ts.t.Fatalf("accepting %s opened no case", item)
	}
	return res.Document.CaseNo
}

// TestCaseThroughTheBackOffice walks cases of the market regulator's items through
// each path over the API: routed at acceptance, in the department's inbox; approve →
// picked up at window 9; approve → a proxy with the card; refuse → the decision's PDF;
// supplement → the materials at a window → approve; suspend → resume; transfer to
// another department, which approves an electronic result. An officer of another
// department sees none of it; the audit trail holds every step in order.
func TestCaseThroughTheBackOffice(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk, pickup := ts.clerk(1), ts.clerk(9)
	scj, rsj := ts.officer("scj1"), ts.officer("rsj1")
	act := func(who *client.Client, no, action string, req wire.CaseActionRequest) wire.CaseView {
		t.Helper()
		v, err := who.CaseAction(ctx, no, action, req)
		if err != nil {
			t.Fatalf("%s %s: %v", action, no, err)
		}
		return v
	}
	item := "440199-A-001"

	// approve → pickup by the applicant
	c1 := ts.acceptCase(clerk, item)
	in, err := scj.Inbox(ctx, "SCJGJ")
	if err != nil || len(in.Cases) != 1 || in.Cases[0].Case.No != c1 || in.Cases[0].Colour != "amber" { // 即办: due today, inside the last two working days
		t.Fatalf("the regulator's inbox: %+v %v", in, err)
	}
	if _, err := rsj.Case(ctx, c1); !isStatus(err, 403) {
		t.Fatalf("another department's officer reads the case: %v", err)
	}
	if _, err := rsj.Inbox(ctx, "SCJGJ"); !isStatus(err, 403) {
		t.Fatalf("another department's officer reads the inbox: %v", err)
	}
	if _, err := rsj.CaseAction(ctx, c1, "claim", wire.CaseActionRequest{}); !isStatus(err, 403) {
		t.Fatalf("another department's officer claims the case: %v", err)
	}
	act(scj, c1, "claim", wire.CaseActionRequest{})
	if v := act(scj, c1, "approve", wire.CaseActionRequest{}); v.State != queue.CaseResultReady {
		t.Fatalf("approved: %s", v.State)
	}
	if _, err := clerk.CaseAction(ctx, c1, "approve", wire.CaseActionRequest{}); !isStatus(err, 403) {
		t.Fatalf("a clerk decides a case: %v", err)
	}
	if v := act(pickup, c1, "pickup", wire.CaseActionRequest{}); v.State != queue.CaseClosed || v.Delivery == nil || v.Delivery.Window != 9 {
		t.Fatalf("picked up: %+v", v.Case)
	}

	// approve → a proxy with a written authorisation and their card
	c2 := ts.acceptCase(clerk, item)
	act(scj, c2, "claim", wire.CaseActionRequest{})
	act(scj, c2, "approve", wire.CaseActionRequest{})
	proxy := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44010619800101001"), Name: "代领人丁"}
	if _, err := pickup.CaseAction(ctx, c2, "proxy_pickup", wire.CaseActionRequest{Proxy: proxy}); !isStatus(err, 422) {
		t.Fatalf("a proxy without the written authorisation: %v", err)
	}
	if v := act(pickup, c2, "proxy_pickup", wire.CaseActionRequest{Proxy: proxy, Authorised: true}); v.Delivery == nil || v.Delivery.Method != queue.DeliverProxy {
		t.Fatalf("proxy pickup: %+v", v.Delivery)
	}

	// refuse → the decision of refusal
	c3 := ts.acceptCase(clerk, item)
	act(scj, c3, "claim", wire.CaseActionRequest{})
	act(scj, c3, "refuse", wire.CaseActionRequest{Refusal: &queue.Refusal{Reasons: []string{"经营场所经现场核查不符合安全条件"},
		Basis: "《中华人民共和国行政许可法》第三十八条第二款"}})
	st, body := ts.raw("GET", "/api/v1/cases/"+c3+"/refusal.pdf", scj.Token(), "")
	if st != 200 {
		t.Fatalf("the refusal PDF: %d %s", st, body)
	}
	text := testkit.PDFText(t, []byte(body))
	for _, want := range []string{"不予行政许可决定书", c3, "经营场所经现场核查不符合安全条件", "第三十八条第二款", "60日内", "6个月内", "广州市示例区人民政府", "市场监管审批员", "测试甲"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal lacks %q: %s", want, text)
		}
	}

	// supplement → the materials at another window → approve; suspend → resume
	c4 := ts.acceptCase(clerk, item)
	act(scj, c4, "claim", wire.CaseActionRequest{})
	if v := act(scj, c4, "supplement", wire.CaseActionRequest{Needed: []queue.CaseMaterial{{Code: "m3", Note: "场所证明需加盖产权人签章"}}}); v.Parts[0].State != queue.PartSupplement {
		t.Fatalf("supplement: %+v", v.Parts[0])
	}
	act(ts.clerk(2), c4, "supply", wire.CaseActionRequest{Supplied: []queue.CaseMaterial{{Code: "m3"}}})
	act(scj, c4, "suspend", wire.CaseActionRequest{Hold: "on_site_check", Reason: "现场核查"})
	act(scj, c4, "resume", wire.CaseActionRequest{})
	if v := act(scj, c4, "approve", wire.CaseActionRequest{}); v.State != queue.CaseResultReady {
		t.Fatalf("approved after supplement and suspension: %s", v.State)
	}

	// transfer to the HR bureau, which approves an electronic result
	c5 := ts.acceptCase(clerk, item)
	act(scj, c5, "claim", wire.CaseActionRequest{})
	act(scj, c5, "transfer", wire.CaseActionRequest{To: "RSJ", Reason: "属人社部门职责"})
	if _, err := scj.Case(ctx, c5); !isStatus(err, 403) {
		t.Fatalf("the regulator still reads a case it transferred: %v", err)
	}
	act(rsj, c5, "claim", wire.CaseActionRequest{})
	if v := act(rsj, c5, "approve", wire.CaseActionRequest{Result: queue.ResultElectronic}); v.State != queue.CaseClosed {
		t.Fatalf("an electronic result closes the case: %s", v.State)
	}

	evs, err := ts.supervisor().Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, ev := range evs.Events {
		if strings.HasPrefix(ev.Type, "case.") && ev.Case != nil && ev.Case.No == c1 {
			trail = append(trail, ev.Type)
		}
	}
	if got := strings.Join(trail, " "); got != "case.routed case.claimed case.approved case.ready case.picked_up" {
		t.Fatalf("the audit trail of %s: %s", c1, got)
	}
}

// isStatus says whether err is an API answer with the status.
func isStatus(err error, status int) bool {
	ae, ok := err.(*client.Error)
	return ok && ae.Status == status
}

// bundleCatalog writes the sample catalog with a "one thing" item (开餐馆一件事) bundling
// the market regulator's two registrations, the health permit and the tax record: three
// departments; it returns the path.
func bundleCatalog(t *testing.T) string { return editedCatalog(t, addBundle) }

// addBundle adds bundleCatalog's "one thing" item to the sample catalog cat.
func addBundle(cat map[string]any) {
	items := cat["items"].([]any)
	base := map[string]any{}
	for k, v := range items[0].(map[string]any) { // 440199-A-001's shape
		base[k] = v
	}
	base["code"], base["name_zh"], base["name_en"] = "440199-A-901", "开餐馆“一件事”", "Opening a restaurant (one thing)"
	base["bundle"] = []string{"440199-A-001", "440199-B-001", "440199-L-001", "440199-K-001"}
	cat["items"] = append(items, base)
}

// TestBundleDecidedInParallel: one acceptance of a "one thing" opens one case with a
// sub-case per department, each in its own department's inbox; the case is ready only
// when the last of the three is decided, whatever the order.
func TestBundleDecidedInParallel(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.CatalogPath = bundleCatalog(t) })
	ctx := context.Background()
	for _, o := range []struct{ id, dept string }{{"wjj1", "WJJ"}, {"swj1", "SWJ"}} {
		if err := ts.Store.AddOfficer(ctx, o.id, "审批员 "+o.dept, DemoPIN, []string{o.dept}); err != nil {
			t.Fatal(err)
		}
	}
	no := ts.acceptCase(ts.clerk(1), "440199-A-901")
	officers := map[string]*client.Client{"SCJGJ": ts.officer("scj1"), "WJJ": ts.officer("wjj1"), "SWJ": ts.officer("swj1")}
	c, err := officers["WJJ"].Case(ctx, no)
	if err != nil || len(c.Parts) != 3 {
		t.Fatalf("the bundle's case: %+v %v", c.Parts, err)
	}
	for dept, o := range officers {
		in, err := o.Inbox(ctx, dept)
		if err != nil || len(in.Cases) != 1 || in.Cases[0].Part.Dept != dept {
			t.Fatalf("%s's inbox: %+v %v", dept, in, err)
		}
	}
	for i, dept := range []string{"SWJ", "SCJGJ", "WJJ"} {
		o := officers[dept]
		if _, err := o.CaseAction(ctx, no, "claim", wire.CaseActionRequest{Dept: dept}); err != nil {
			t.Fatal(err)
		}
		v, err := o.CaseAction(ctx, no, "approve", wire.CaseActionRequest{Dept: dept})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]queue.CaseState{true: queue.CaseResultReady, false: queue.CaseInProgress}[i == 2]; v.State != want {
			t.Fatalf("after %d of 3 decided the case is %s, want %s", i+1, v.State, want)
		}
	}
}

// TestSupervisorSeesEveryOpenCase: without a department the supervisor's inbox holds the
// open sub-cases of every department, the earliest due first; an officer must name one
// of theirs (or has one), and reassigns nothing.
func TestSupervisorSeesEveryOpenCase(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk := ts.clerk(1)
	a := ts.acceptCase(clerk, "440199-A-001") // market regulator, due today
	c := ts.acceptCase(clerk, "440199-C-003") // HR bureau
	in, err := ts.supervisor().Inbox(ctx, "")
	if err != nil || len(in.Cases) != 2 || in.Cases[0].Case.No != a || in.Cases[1].Case.No != c {
		t.Fatalf("the supervisor's inbox: %+v %v", in, err)
	}
	sup := ts.supervisor()
	if v, err := sup.CaseAction(ctx, c, "reassign", wire.CaseActionRequest{Officer: "rsj1", Reason: "人手调配"}); err != nil || v.Parts[0].Officer != "rsj1" {
		t.Fatalf("a supervisor reassigns: %+v %v", v.Parts, err)
	}
	if _, err := ts.officer("scj1").CaseAction(ctx, a, "reassign", wire.CaseActionRequest{Officer: "x", Reason: "y"}); !isStatus(err, 403) {
		t.Fatalf("an officer reassigns: %v", err)
	}
}

// TestTrackingPageFollowsTheCase: the tracking page of an accepted visit shows its case:
// in review, then ready to collect once approved, with its number and promised date;
// the public view names no officer and no person.
func TestTrackingPageFollowsTheCase(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk := ts.clerk(1)
	a := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44010619850101002"), Name: "测试乙"}
	tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: itemA, Applicant: a}, nextKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := clerk.Call(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clerk.Act(ctx, 1, "start")
	res, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := client.New(ts.URL(), "").Ticket(ctx, tk.ID)
	if err != nil || pub.Case == nil || pub.Case.No != res.Document.CaseNo || pub.Case.Stage != "in_review" || pub.Case.Promised == "" {
		t.Fatalf("the public ticket's case: %+v %v", pub.Case, err)
	}
	phone := browsertest.Tab(t, 30*time.Second)
	if err := chromedp.Do(phone, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, phone, ts.URL()+"/t/"+tk.ID, `document.getElementById('case-card').dataset.stage === 'in_review'`)
	scj := ts.officer("scj1")
	scj.CaseAction(ctx, pub.Case.No, "claim", wire.CaseActionRequest{})
	if _, err := scj.CaseAction(ctx, pub.Case.No, "approve", wire.CaseActionRequest{}); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, phone, ts.URL()+"/t/"+tk.ID, `document.getElementById('case-card').dataset.stage === 'ready'`)
	text := browsertest.Eval[string](t, phone, `document.body.textContent`)
	if !strings.Contains(text, "可到统一出件窗口领取") || !strings.Contains(text, pub.Case.No) {
		t.Fatalf("the page reads %q", text)
	}
	for _, not := range []string{"scj1", "市场监管审批员", a.Name, a.IDNumber} {
		if strings.Contains(text, not) {
			t.Fatalf("the tracking page shows %q", not)
		}
	}
}

// TestPickupByCard: the citizen's card at the kiosk finds their cases; while none is
// ready there is no ticket, only the pending case and its promised day; once approved,
// a pickup ticket (R) carrying it is issued, window 9 calls it and hands the result over,
// which closes the case. Another person's card finds nothing; the case number from the
// receipt finds it too.
func TestPickupByCard(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk := ts.clerk(1)
	mine := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44010619850101002"), Name: "测试乙"}
	other := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44010619900307123"), Name: "测试丙"}
	if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: itemA, Applicant: mine}, nextKey()); err != nil {
		t.Fatal(err)
	}
	clerk.Call(ctx, 1)
	clerk.Act(ctx, 1, "start")
	res, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}})
	if err != nil {
		t.Fatal(err)
	}
	no := res.Document.CaseNo
	p, err := ts.kiosk.Pickup(ctx, wire.PickupRequest{Applicant: mine}, nextKey())
	if err != nil || p.Ticket != nil || len(p.Ready) != 0 || len(p.Pending) != 1 || p.Pending[0].No != no || p.Pending[0].Promised == "" {
		t.Fatalf("pickup before the decision: %+v %v", p, err)
	}
	scj := ts.officer("scj1")
	scj.CaseAction(ctx, no, "claim", wire.CaseActionRequest{})
	if _, err := scj.CaseAction(ctx, no, "approve", wire.CaseActionRequest{}); err != nil {
		t.Fatal(err)
	}
	if p, err := ts.kiosk.Pickup(ctx, wire.PickupRequest{Applicant: other}, nextKey()); err != nil || p.Ticket != nil || len(p.Ready)+len(p.Pending) != 0 {
		t.Fatalf("another person's card: %+v %v", p, err)
	}
	if p, err := ts.kiosk.Pickup(ctx, wire.PickupRequest{Case: no}, nextKey()); err != nil || p.Ticket == nil || len(p.Ready) != 1 {
		t.Fatalf("by the case number: %+v %v", p, err)
	} else if _, err := ts.kiosk.Cancel(ctx, p.Ticket.ID); err != nil { // the citizen takes one ticket, by card, below
		t.Fatal(err)
	}
	p, err = ts.kiosk.Pickup(ctx, wire.PickupRequest{Applicant: mine}, nextKey())
	if err != nil || p.Ticket == nil || p.Ticket.Prefix != "R" || len(p.Ready) != 1 || p.Ready[0].No != no {
		t.Fatalf("pickup once approved: %+v %v", p, err)
	}
	window9 := ts.clerk(9)
	got, ok, err := window9.Call(ctx, 9)
	if err != nil || !ok || got.ID != p.Ticket.ID || len(got.Cases) != 1 || got.Cases[0] != no {
		t.Fatalf("window 9 calls %+v (cases %v) %v %v", got.Number, got.Cases, ok, err)
	}
	window9.Act(ctx, 9, "start")
	if v, err := window9.CaseAction(ctx, no, "pickup", wire.CaseActionRequest{}); err != nil || v.State != queue.CaseClosed {
		t.Fatalf("handed over: %+v %v", v.State, err)
	}
	if _, err := window9.Finish(ctx, 9, wire.FinishRequest{Outcome: "completed"}); err != nil {
		t.Fatal(err)
	}
}

// TestCaseActionRetriedAnswersTheSame: a department's system that did not hear the
// answer sends the action again with the same key and gets the same case, not a 409; the
// key used for another action is refused; without a key a repeat is the 409 it is.
func TestCaseActionRetriedAnswersTheSame(t *testing.T) {
	ts := startServer(t)
	no := ts.acceptCase(ts.clerk(1), "440199-A-001")
	tok := ts.officer("scj1").Token()
	post := func(action, key string) (int, string) {
		t.Helper()
		hdr := []string{}
		if key != "" {
			hdr = []string{"Idempotency-Key", key}
		}
		return ts.raw("POST", "/api/v1/cases/"+no+"/"+action, tok, "{}", hdr...)
	}
	st1, b1 := post("claim", "k-1")
	st2, b2 := post("claim", "k-1")
	if st1 != 200 || st2 != 200 || b1 != b2 {
		t.Fatalf("claim then its retry: %d %d\n%s\n%s", st1, st2, b1, b2)
	}
	if st, b := post("approve", "k-1"); st != 422 {
		t.Fatalf("the key reused for another action: %d %s", st, b)
	}
	if st, b := post("claim", ""); st != 409 {
		t.Fatalf("a claim repeated without a key: %d %s", st, b)
	}
	evs, err := ts.supervisor().Events(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	claims := 0
	for _, ev := range evs.Events {
		if ev.Type == "case.claimed" {
			claims++
		}
	}
	if claims != 1 {
		t.Fatalf("%d case.claimed events, want 1", claims)
	}
}
