package app

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// noAlarms turns the alarms off, for tests that hold the anonymous stream to every event
// of the log (alarm events are staff-only).
func noAlarms(c *Config) { c.Policy.Alarms = queue.AlarmPolicy{} }

// alarmOn waits for an alarm event of typ about id on a staff stream and returns when
// it arrived.
func alarmOn(t *testing.T, c *collector, typ, id string) time.Time {
	t.Helper()
	var at time.Time
	testkit.Until(t, typ+" "+id+" on the stream", 5*time.Second, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, ev := range c.evs {
			if ev.Type == typ && ev.Alarm != nil && ev.Alarm.ID == id {
				at = c.at[i]
				return true
			}
		}
		return false
	})
	return at
}

// TestAlarmsOnTheStream: a window paused past the limit, a printer's fault and a 差评
// each reach a supervisor's stream within 1 s of their cause; the supervisor
// acknowledges them (events); the pause's alarm clears when the window reopens; a clerk
// gets 403.
func TestAlarmsOnTheStream(t *testing.T) {
	const pause = 300 * time.Millisecond
	start, base := time.Now(), time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)
	ts := startServerWith(t, func(c *Config) {
		c.Clock = func() time.Time { return base.Add(time.Since(start)) } // a working morning, in real time
		c.Policy.Alarms.Pause = pause
	})
	ctx := context.Background()
	sup := ts.supervisor()
	live := newCollector()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	up := make(chan bool, 4)
	go sup.Subscribe(sctx, client.StreamOptions{After: ts.Store.LastSeq(), OnState: func(u bool) { up <- u }}, live.add)
	<-up
	within := func(what string, cause, seen time.Time) {
		t.Helper()
		if d := seen.Sub(cause); d > time.Second {
			t.Fatalf("%s reached the stream %v after its cause", what, d)
		}
		t.Logf("%s: on the stream %v after its cause", what, seen.Sub(cause).Round(time.Millisecond))
	}

	c2 := ts.clerk(2)
	if _, err := c2.WindowState(ctx, 2, "pause", "培训"); err != nil {
		t.Fatal(err)
	}
	within("the pause", time.Now().Add(pause), alarmOn(t, live, "alarm.raised", "pause-2"))

	sent := time.Now()
	if err := ts.kiosk.DeviceStatus(ctx, wire.DeviceStatusRequest{Kind: "printer", Status: "fault", Detail: "缺纸"}); err != nil {
		t.Fatal(err)
	}
	var device string
	testkit.Until(t, "the device alarm", 5*time.Second, func() bool {
		for _, ev := range live.events() {
			if ev.Type == "alarm.raised" && ev.Alarm.Kind == "device" {
				device = ev.Alarm.ID
				return true
			}
		}
		return false
	})
	within("the printer's fault", sent, alarmOn(t, live, "alarm.raised", device))

	c1 := ts.clerk(1)
	tk := ts.issue("440199-B-002")
	c1.Call(ctx, 1)
	c1.Act(ctx, 1, "start")
	if _, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
		t.Fatal(err)
	}
	sent = time.Now()
	if _, err := ts.kiosk.Rate(ctx, tk.ID, wire.RatingRequest{Level: 1, Reasons: []string{"态度差"}}); err != nil {
		t.Fatal(err)
	}
	within("the 差评", sent, alarmOn(t, live, "alarm.raised", "rating-"+tk.ID))

	active := func() map[string]wire.Event {
		t.Helper()
		status, body := ts.raw("GET", "/api/v1/alarms", sup.Token(), "")
		if status != 200 {
			t.Fatalf("alarms: %d %s", status, body)
		}
		var list []struct {
			ID      string `json:"id"`
			AckedBy string `json:"acked_by"`
		}
		json.Unmarshal([]byte(body), &list)
		out := map[string]wire.Event{}
		for _, a := range list {
			out[a.ID] = wire.Event{Staff: a.AckedBy}
		}
		return out
	}
	if a := active(); len(a) != 3 {
		t.Fatalf("active alarms %v, want the pause, the fault and the 差评", a)
	}
	for _, tc := range []struct {
		name, token, id string
		status          int
	}{
		{"a clerk", c1.Token(), device, http.StatusForbidden},
		{"the fault", sup.Token(), device, http.StatusOK},
		{"the fault again: gone", sup.Token(), device, http.StatusNotFound},
		{"the pause", sup.Token(), "pause-2", http.StatusOK},
		{"the pause again", sup.Token(), "pause-2", http.StatusConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := ts.raw("POST", "/api/v1/alarms/"+tc.id+"/ack", tc.token, ""); status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
		})
	}
	alarmOn(t, live, "alarm.acknowledged", device)
	if a := active(); len(a) != 2 || a["pause-2"].Staff != "super" {
		t.Fatalf("after the acknowledgements %v", a)
	}
	if status, _ := ts.raw("GET", "/api/v1/alarms", c1.Token(), ""); status != http.StatusForbidden {
		t.Fatalf("a clerk lists alarms: %d", status)
	}
	if _, err := c2.WindowState(ctx, 2, "open", ""); err != nil {
		t.Fatal(err)
	}
	alarmOn(t, live, "alarm.cleared", "pause-2")
	if a := active(); len(a) != 1 {
		t.Fatalf("after the window reopened %v, want the 差评's alone", a)
	}
}
