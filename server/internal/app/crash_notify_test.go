package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// crashNotices is the crash test's part for the outbox: window 2 accepts visits of
// citizens who give a phone while the server is killed and restarted, and a webhook
// receiver and an SMS gateway, both real HTTP servers in the test process, outlive every
// crash. In the end every acknowledged case must have reached both once: one delivery
// id per case and destination (a delivery id may arrive more than once: an attempt cut
// by the kill is sent again; those raw duplicates are counted).
type crashNotices struct {
	hook, sms *receiver
	mu        sync.Mutex
	cases     []acceptedCase
	n         int // visits begun, for unique applicants
}

// acceptedCase is a case whose acceptance the clerk was told of.
type acceptedCase struct {
	no    string
	phone string
	id    string // the applicant's ID number, which must appear nowhere
}

// newCrashNotices starts the receivers and returns the server flags that point to them.
func newCrashNotices(t *testing.T) (*crashNotices, []string) {
	cn := &crashNotices{hook: newReceiver(t, 200, checkWebhook(testSecret)), sms: newReceiver(t, 200, checkSMS(testSMSKey))}
	return cn, []string{"-sms-url", cn.sms.url(), "-sms-key", testSMSKey, "-sms-templates", testTemplates,
		"-webhooks", writeWebhooks(t, cn.hook.url())}
}

// acceptWhileAlive has window n's clerk call, enter an applicant with a phone, start and
// finish accepted, over and over until ctx ends; a visit a crash left open is ended.
func (cn *crashNotices) acceptWhileAlive(ctx context.Context, t *testing.T, clerk *client.Client, n int) {
	all := allMaterials(t, marketItem)
	for ctx.Err() == nil {
		_, ok, err := clerk.Call(ctx, n)
		if err != nil { // still holding one from before the crash, or the server is down
			if _, err := clerk.Act(ctx, n, "no-show"); err != nil {
				clerk.Act(ctx, n, "start")
				clerk.Finish(ctx, n, wire.FinishRequest{Outcome: "completed", Received: all})
			}
			sleep(ctx, 5*time.Millisecond)
			continue
		}
		if !ok {
			sleep(ctx, 5*time.Millisecond)
			continue
		}
		cn.mu.Lock()
		cn.n++
		i := cn.n
		cn.mu.Unlock()
		a := wire.Applicant{IDNumber: validID(fmt.Sprintf("44010619900101%03d", i%1000)), Name: "测试人" + fmt.Sprint(i), Phone: fmt.Sprintf("137%08d", i)}
		if _, err := clerk.EnterApplicant(ctx, n, a); err != nil {
			continue
		}
		if _, err := clerk.Act(ctx, n, "start"); err != nil {
			continue
		}
		res, err := clerk.Finish(ctx, n, wire.FinishRequest{Outcome: "accepted", Received: all})
		if err != nil || res.Document.CaseNo == "" {
			continue
		}
		cn.mu.Lock()
		cn.cases = append(cn.cases, acceptedCase{no: res.Document.CaseNo, phone: a.Phone, id: a.IDNumber})
		cn.mu.Unlock()
	}
}

// accepted is how many cases were acknowledged so far.
func (cn *crashNotices) accepted() int {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	return len(cn.cases)
}

// check waits until every acknowledged case reached both receivers and the server's
// outbox is empty, then requires one delivery id per case and destination, each text to
// its applicant's phone, and no ID number in any body; it returns the cases and the raw
// duplicates.
func (cn *crashNotices) check(t *testing.T, url string) (cases, dups int) {
	t.Helper()
	cn.mu.Lock()
	want := append([]acceptedCase(nil), cn.cases...)
	cn.mu.Unlock()
	if len(want) == 0 {
		t.Fatal("window 2 accepted no case")
	}
	caseOf := func(b []byte) string {
		var m struct {
			CaseNo string            `json:"case_no"`
			Params map[string]string `json:"params"`
		}
		json.Unmarshal(b, &m)
		return m.CaseNo + m.Params["case_no"]
	}
	byCase := func(r *receiver) map[string][]string {
		first, _, _, _, _, _ := r.snapshot()
		out := map[string][]string{}
		for id, b := range first {
			out[caseOf(b)] = append(out[caseOf(b)], id)
		}
		return out
	}
	missing := func() string {
		h, s := byCase(cn.hook), byCase(cn.sms)
		for _, c := range want {
			if len(h[c.no]) == 0 || len(s[c.no]) == 0 {
				return c.no
			}
		}
		return ""
	}
	for deadline := time.Now().Add(60 * time.Second); missing() != ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the webhook or the text of acknowledged case %s is lost", missing())
		}
	}
	testkit.Until(t, "the server's outbox empty", 60*time.Second, func() bool {
		return outboxPending(t, url) == 0
	})
	for name, r := range map[string]*receiver{"webhook": cn.hook, "SMS": cn.sms} {
		for no, ids := range byCase(r) {
			if len(ids) != 1 {
				t.Fatalf("case %s reached the %s under %d delivery ids: a message enqueued twice", no, name, len(ids))
			}
		}
		_, _, d, _, raw, bad := r.snapshot()
		if len(bad) > 0 {
			t.Fatalf("the %s refused requests: %v", name, bad)
		}
		dups += d
		for _, b := range raw {
			for _, c := range want {
				if bytes.Contains(b, []byte(c.id)) {
					t.Fatalf("an ID number is in a %s body: %s", name, b)
				}
			}
		}
	}
	first, _, _, _, _, _ := cn.sms.snapshot()
	phones := map[string]string{}
	for _, b := range first {
		var m struct {
			Phone string `json:"phone"`
		}
		json.Unmarshal(b, &m)
		phones[caseOf(b)] = m.Phone
	}
	for _, c := range want {
		if phones[c.no] != c.phone {
			t.Fatalf("case %s was texted to %q, its applicant gave %q", c.no, phones[c.no], c.phone)
		}
	}
	return len(want), dups
}

// pendingRe finds the outbox's pending gauges in /metrics.
var pendingRe = regexp.MustCompile(`(?m)^onedoor_outbox_pending\{dest="[^"]*"\} (\S+)$`)

// outboxPending reads the server's metrics and adds up the outbox messages waiting.
func outboxPending(t *testing.T, url string) float64 {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	ms := pendingRe.FindAllStringSubmatch(string(b), -1)
	if len(ms) == 0 {
		return -1 // no gauge: no dispatcher
	}
	var total float64
	for _, m := range ms {
		var f float64
		fmt.Sscan(m[1], &f)
		total += f
	}
	return total
}
