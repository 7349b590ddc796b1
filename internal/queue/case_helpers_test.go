package queue

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// The sample catalog's department codes the case tests use.
const (
	deptBDC = "BDC" // 不动产登记中心
	deptZJ  = "ZJJ" // 住房和城乡建设局
	deptGJJ = "GJJ" // 住房公积金管理中心
)

// The items of the case tests: a plain one (5 working days) and a "one thing" bundle of
// four items of three departments (10 working days).
const (
	plainItem  = "440199-F-001"
	bundleItem = "440199-Y-001"
)

// testCalendar is made up for the tests: Monday 30 November is a holiday and Saturday 5
// December a working day in exchange.
func testCalendar(t testing.TB) *Calendar {
	t.Helper()
	cal, err := ParseCalendar([]byte(`{"off":["2026-11-30"],"work":["2026-12-05"]}`))
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// caseCatalog is the sample catalog with a bundle item, through its JSON form so that
// the tags are tested too.
func caseCatalog(t testing.TB) *Catalog {
	t.Helper()
	c := sampleCatalog(t)
	b, _ := c.Item(plainItem)
	bundle := *b
	bundle.Code, bundle.NameZh, bundle.NameEn = bundleItem, "二手房转移登记一件事", "Second-hand home transfer, one thing"
	bundle.PromisedDays, bundle.Bundle = 10, []string{plainItem, "440199-H-001", "440199-G-001", "440199-F-002"}
	c.Items = append(c.Items, bundle)
	return reparse(t, c)
}

// reparse returns a catalog changed in a test as ParseCatalog makes it from its JSON.
func reparse(t testing.TB, c *Catalog) *Catalog {
	t.Helper()
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseCatalog(data)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// caseHall is a test hall with the case catalog and the test calendar; it keeps every
// event it applies, for replay.
type caseHall struct {
	*testHall
	log []Event
}

func newCaseHall(t testing.TB, cal *Calendar) *caseHall {
	th := &testHall{Hall: NewHall(caseCatalog(t), shanghai, DefaultPolicy()), t: t,
		now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)} // a Wednesday
	th.Calendar = cal
	h := &caseHall{testHall: th}
	h.record(h.Rollover(h.now))
	for _, w := range []Window{{Number: 1, Name: "1号窗口", Kind: Comprehensive}, {Number: 9, Name: "9号窗口", Kind: Pickup, Categories: []string{"TYCJ"}}} {
		h.mustCase(h.CreateWindow(w, h.now))
		h.mustCase(h.OpenWindow(w.Number, "clerk", h.now))
	}
	return h
}

// record numbers and applies events, through their JSON form as the store keeps them.
func (h *caseHall) record(evs []Event) {
	h.t.Helper()
	for _, ev := range evs {
		ev.Seq = h.LastSeq + 1
		data, err := json.Marshal(ev)
		if err != nil {
			h.t.Fatal(err)
		}
		var back Event
		if err := json.Unmarshal(data, &back); err != nil {
			h.t.Fatal(err)
		}
		h.log = append(h.log, back)
		h.Apply(back)
	}
}

func (h *caseHall) mustCase(evs []Event, err error) []Event {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
	h.record(evs)
	return evs
}

// accept takes a ticket for item and accepts it at window 1 with every material; it
// returns the case number.
func (h *caseHall) accept(item string) string {
	h.t.Helper()
	h.ids++
	evs, tk, err := h.Issue(IssueCmd{ID: fmt.Sprintf("t%d", h.ids), Item: item, Source: "kiosk-1"}, h.now)
	h.mustCase(evs, err)
	h.mustCase(h.Call(1, "clerk", h.now))
	h.mustCase(h.Start(1, "clerk", h.now))
	it, _ := h.Catalog.Item(tk.Item)
	var all []string
	for _, m := range it.Materials {
		all = append(all, m.Code)
	}
	evs = h.mustCase(h.Finish(1, "clerk", Accepted, all, "", h.now))
	return evs[len(evs)-1].Case.No
}

// at moves the hall's clock to a day of the test (hour 10, Shanghai), rolling the
// service day over.
func (h *caseHall) at(day string) {
	h.t.Helper()
	d, err := time.ParseInLocation(DayLayout, day, shanghai)
	if err != nil {
		h.t.Fatal(err)
	}
	h.now = d.Add(10 * time.Hour)
	h.record(h.Rollover(h.now))
}

// do decides and applies a case command; it fails the test on a refusal.
func (h *caseHall) do(cmd CaseCmd) []Event {
	h.t.Helper()
	if cmd.Staff == "" {
		cmd.Staff = "officer1"
	}
	evs, _, err := h.DecideCase(cmd, h.now)
	if err != nil {
		h.t.Fatalf("%s %s: %v", cmd.Action, cmd.Dept, err)
	}
	h.record(evs)
	return evs
}

// caseJSON is the hall's open cases as JSON, for comparing states.
func caseJSON(t testing.TB, h *Hall) string {
	t.Helper()
	data, err := json.Marshal(h.OpenCases)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// proxy is a made-up person picking up for an applicant.
func proxy() *Applicant {
	return &Applicant{CardType: CardResident, IDNumber: "11010519491231002X", Name: "测试代领人"}
}
