package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// TestCrashRemoteTurnMessagesOnce: phone tickets, checked in and subscribed to Web Push,
// are told "your turn nears" and "called" while the server is killed with SIGKILL at
// random moments and restarted, and while the SMS gateway and the push service fail for
// a while and recover (and lose answers to messages they took). In the end every ticket
// has had each message once by SMS and once by push: one delivery id per ticket, kind
// and channel; a delivery id seen more than once is an attempt cut by a kill or a lost
// answer, sent again (counted), never a second message (both receivers lose an answer
// now and then, so the repeats are exercised on every run).
func TestCrashRemoteTurnMessagesOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	const n, kills = 12, 6
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	sms := newReceiver(t, http.StatusOK, checkSMS(testSMSKey))
	push := newPushReceiver(t)
	flags := []string{"-addr", freeAddr(t), "-sms-url", sms.url(), "-sms-key", testSMSKey, "-sms-templates", phoneTmpl}
	c := startChild(t, dir, flags...)
	tickets := map[string]string{} // id → phone
	for i := range n {
		phone := fmt.Sprintf("1370000%04d", i)
		tickets[takeRemote(t, c, sms, push, phone)] = phone
	}
	clerk := childClerk(t, c.url, 1) // its session outlives the crashes, as it is stored
	for round := 0; ; round++ {
		switch round % 3 { // the receivers fail for a round, across a kill, then recover
		case 1:
			sms.setStatus(http.StatusServiceUnavailable)
			push.setStatus(http.StatusServiceUnavailable)
		case 2:
			sms.setStatus(http.StatusOK)
			push.setStatus(0)
			sms.loseAnswers(1)
			push.loseAnswers(1)
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			callSlowly(ctx, clerk)
		}()
		if round < kills {
			time.Sleep(time.Duration(30+rng.IntN(150)) * time.Millisecond) // a random moment to crash at
			c.kill()
			stop()
			<-done
			c = startChild(t, dir, flags...)
			continue
		}
		testkit.Until(t, "every phone ticket called", 30*time.Second, func() bool { return allCalled(t, c.url, tickets) })
		stop()
		<-done
		break
	}
	sms.setStatus(http.StatusOK)
	push.setStatus(0)
	smsDups, pushDups := checkTurnMessages(t, c.url, tickets, sms, push)
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
	t.Logf("%d kills, %d phone tickets each told near and called once by SMS and once by push (%d SMS and %d push raw repeats of one delivery id)",
		kills, n, smsDups, pushDups)
}

// callSlowly has window 1 call the next ticket and mark it a no-show, a few a second,
// until ctx ends; a visit left open by a crash is closed the same way.
func callSlowly(ctx context.Context, clerk *client.Client) {
	for ctx.Err() == nil {
		if _, ok, err := clerk.Call(ctx, 1); err != nil || ok {
			clerk.Act(ctx, 1, "no-show")
		}
		sleep(ctx, 25*time.Millisecond)
	}
}

// takeRemote takes a phone ticket for phone from the child server as the phone page
// does (code by SMS, confirmed), subscribes it to push with the receiver's keys and
// checks it in at a kiosk; it returns the ticket's id.
func takeRemote(t *testing.T, c *child, sms *receiver, push *pushReceiver, phone string) string {
	t.Helper()
	if st, b := childDo(t, c.url, "POST", "/api/v1/remote/code", "", `{"item":"`+phoneItem+`","phone":"`+phone+`"}`); st != http.StatusAccepted {
		t.Fatalf("code for %s: %d %s", phone, st, b)
	}
	code := waitText(t, sms, "SMS_CODE", phone, 1).Params["code"]
	st, b := childDo(t, c.url, "POST", "/api/v1/remote/tickets", "", `{"item":"`+phoneItem+`","phone":"`+phone+`","code":"`+code+`"}`)
	var tk wire.Ticket
	if st != http.StatusCreated || json.Unmarshal([]byte(b), &tk) != nil || tk.ID == "" {
		t.Fatalf("remote ticket: %d %s", st, b)
	}
	sub, _ := json.Marshal(push.subscription())
	if st, b := childDo(t, c.url, "POST", "/api/v1/tickets/"+tk.ID+"/push", "", string(sub)); st != http.StatusNoContent {
		t.Fatalf("push subscribe: %d %s", st, b)
	}
	if st, b := childDo(t, c.url, "POST", "/api/v1/tickets/"+tk.ID+"/checkin", c.token, ""); st != http.StatusOK {
		t.Fatalf("check in: %d %s", st, b)
	}
	return tk.ID
}

// childDo sends one request to a child server and returns the status and body.
func childDo(t *testing.T, url, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// allCalled reports whether every ticket has left the waiting line (called, and marked
// a no-show).
func allCalled(t *testing.T, url string, tickets map[string]string) bool {
	for id := range tickets {
		var tk wire.Ticket
		if st, b := childDo(t, url, "GET", "/api/v1/tickets/"+id, "", ""); st != http.StatusOK || json.Unmarshal([]byte(b), &tk) != nil || tk.State == "waiting" || tk.State == "called" {
			return false
		}
	}
	return true
}

// checkTurnMessages waits until every ticket's near and called messages reached both
// receivers and the outbox is empty, then requires one delivery id per ticket, kind and
// channel; it returns the raw repeats of the SMS gateway and of the push service.
func checkTurnMessages(t *testing.T, url string, tickets map[string]string, sms *receiver, push *pushReceiver) (smsDups, pushDups int) {
	t.Helper()
	byPhone := map[string]string{}
	for id, phone := range tickets {
		byPhone[phone] = id
	}
	// ids per "ticket/kind" of each channel
	smsIDs := func() map[string][]string {
		first, _, _, _, _, _ := sms.snapshot()
		out := map[string][]string{}
		for did, b := range first {
			var m smsRequest
			json.Unmarshal(b, &m)
			kind := map[string]string{"SMS_NEAR": KindNear, "SMS_CALL": KindCalled}[m.TemplateID]
			if id := byPhone[m.Phone]; kind != "" && id != "" {
				out[id+"/"+kind] = append(out[id+"/"+kind], did)
			}
		}
		return out
	}
	pushIDs := func() (map[string][]string, int) {
		out, seen, dups := map[string][]string{}, map[string]bool{}, 0
		for _, raw := range push.messages() {
			var m struct{ URL, Tag, ID string }
			if json.Unmarshal([]byte(raw), &m) != nil || m.ID == "" {
				t.Fatalf("a push message without its delivery id: %s", raw)
			}
			if seen[m.ID] {
				dups++
				continue
			}
			seen[m.ID] = true
			id := m.URL[strings.LastIndex(m.URL, "/t/")+3:]
			out[id+"/"+m.Tag] = append(out[id+"/"+m.Tag], m.ID)
		}
		return out, dups
	}
	missing := func() string {
		s := smsIDs()
		p, _ := pushIDs()
		for id := range tickets {
			for _, k := range []string{KindNear, KindCalled} {
				if len(s[id+"/"+k]) == 0 {
					return "the SMS " + k + " of " + id
				}
				if len(p[id+"/"+k]) == 0 {
					return "the push " + k + " of " + id
				}
			}
		}
		return ""
	}
	for deadline := time.Now().Add(60 * time.Second); missing() != ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s is lost", missing())
		}
	}
	testkit.Until(t, "the server's outbox empty", 60*time.Second, func() bool { return outboxPending(t, url) == 0 })
	s := smsIDs()
	p, pushDups := pushIDs()
	for _, ch := range []struct {
		name string
		ids  map[string][]string
	}{{"SMS", s}, {"push", p}} {
		for key, ids := range ch.ids {
			if len(ids) != 1 {
				t.Fatalf("%s reached the %s under %d delivery ids: a message put twice", key, ch.name, len(ids))
			}
		}
	}
	_, _, smsDups, _, _, bad := sms.snapshot()
	if len(bad) > 0 {
		t.Fatalf("the SMS gateway refused requests: %v", bad)
	}
	return smsDups, pushDups
}
