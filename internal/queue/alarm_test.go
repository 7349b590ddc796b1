package queue

import (
	"strings"
	"testing"
	"time"
)

func ids(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, string(ev.Type)+" "+ev.Alarm.ID)
	}
	return out
}

func TestStateAlarms(t *testing.T) {
	p := AlarmPolicy{Wait: 30 * time.Minute, CategoryWait: map[string]time.Duration{"SCJG": 10 * time.Minute},
		CrowdWaiting: 3, CrowdServing: 2, Pause: 15 * time.Minute}
	for _, tc := range []struct {
		name  string
		setup func(h *testHall)
		after time.Duration
		want  []string
	}{
		{"nothing", func(h *testHall) {}, time.Hour, nil},
		{"a wait at its limit is no alarm", func(h *testHall) { h.issue("440199-A-001", PriorityNormal) }, 30 * time.Minute, nil},
		{"a wait past it", func(h *testHall) { h.issue("440199-A-001", PriorityNormal) }, 30*time.Minute + time.Second, []string{"wait-SSDJ"}},
		{"a category's own limit", func(h *testHall) { h.issue("440199-B-002", PriorityNormal) }, 11 * time.Minute, []string{"wait-SCJG"}},
		{"a crowd with two windows open: none", func(h *testHall) {
			for range 4 {
				h.issue("440199-B-002", PriorityNormal) // SCJG: windows 1, 2 and 3 serve it
			}
		}, 0, nil},
		{"a crowd with one window open", func(h *testHall) {
			h.must(h.CloseWindow(1, "clerk1", h.now))
			h.must(h.CloseWindow(2, "clerk2", h.now))
			for range 4 {
				h.issue("440199-B-002", PriorityNormal)
			}
		}, 0, []string{"crowd-SCJG"}},
		{"a window paused past the limit", func(h *testHall) { h.must(h.PauseWindow(2, "clerk2", "", h.now)) }, 16 * time.Minute, []string{"pause-2"}},
		{"a window paused within it", func(h *testHall) { h.must(h.PauseWindow(2, "clerk2", "", h.now)) }, 14 * time.Minute, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			tc.setup(h)
			got := h.SettleAlarms(nil, h.now.Add(tc.after), p)
			want := []string{}
			for _, id := range tc.want {
				want = append(want, "alarm.raised "+id)
			}
			if g := ids(got); len(g) != len(want) || (len(g) > 0 && g[0] != want[0]) {
				t.Fatalf("alarms %v, want %v", g, want)
			}
		})
	}
}

func TestSettleAlarmsRaisesOnceAndClears(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	p := DefaultAlarmPolicy()
	h.must(h.PauseWindow(2, "clerk2", "", h.now))
	if at, ok := h.NextStateAlarm(h.now, p); !ok || !at.After(h.now.Add(15*time.Minute)) || at.After(h.now.Add(15*time.Minute+time.Second)) {
		t.Fatalf("next state alarm at %v %v", at, ok)
	}
	later := h.now.Add(20 * time.Minute)
	raised := h.SettleAlarms(nil, later, p)
	active := map[string]Alarm{raised[0].Alarm.ID: *raised[0].Alarm}
	if again := h.SettleAlarms(active, later.Add(time.Minute), p); len(again) != 0 {
		t.Fatalf("raised twice: %v", ids(again))
	}
	acked, err := h.AckAlarm(active["pause-2"], "super", later)
	if err != nil || acked[0].Alarm.AckedBy != "super" {
		t.Fatal(acked, err)
	}
	if _, err := h.AckAlarm(*acked[0].Alarm, "super", later); ErrorCode(err) != Conflict {
		t.Fatalf("acknowledged twice: %v", err)
	}
	active["device-k1-printer"] = Alarm{ID: "device-k1-printer", Kind: AlarmDevice}
	h.must(h.OpenWindow(2, "clerk2", later))
	if g := ids(h.SettleAlarms(active, later, p)); len(g) != 1 || g[0] != "alarm.cleared pause-2" {
		t.Fatalf("after the pause: %v (a device alarm stays until acknowledged)", g)
	}
}

func TestEventAlarms(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	at := h.now
	for _, tc := range []struct {
		name string
		ev   Event
		want string
	}{
		{"a printer fault", Event{Type: DeviceStatus, At: at, Device: &Device{Name: "k1", Kind: "printer", Status: "fault", Detail: "缺纸"}}, "device-k1-printer"},
		{"a printer warning", Event{Type: DeviceStatus, At: at, Device: &Device{Name: "k1", Kind: "printer", Status: "warning"}}, ""},
		{"a 非常不满意", badRating(h.Hall, at, 1), "rating-t1"},
		{"a 基本满意", badRating(h.Hall, at, 3), ""},
		{"a call", Event{Type: TicketCalled, At: at}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, ok := h.EventAlarm(tc.ev)
			switch {
			case !ok && tc.want != "":
				t.Fatalf("no alarm, want %s", tc.want)
			case ok && (ev.Alarm.ID != tc.want || ev.Type != AlarmRaised || !ev.Alarm.Since.Equal(at)):
				t.Fatalf("alarm %+v, want %q", ev.Alarm, tc.want)
			}
		})
	}
	wo := &WorkOrder{No: "WO-1", State: WOOpen, CallbackDue: "2026-11-25", ResolveDue: "2026-12-15"}
	if _, ok := h.OverdueAlarm(wo, at); ok {
		t.Fatal("an order due today is overdue")
	}
	if ev, ok := h.OverdueAlarm(wo, at.Add(24*time.Hour)); !ok || ev.Alarm.ID != "workorder-WO-1-callback" {
		t.Fatalf("overdue alarm %+v %v", ev.Alarm, ok)
	}
}

// TestAlarmTextNamesTheCategory: a supervisor reads an alarm's category by its letter
// and name in both languages, not by its code, and "1 window" in the singular.
func TestAlarmTextNamesTheCategory(t *testing.T) {
	p := AlarmPolicy{Wait: 30 * time.Minute, CrowdWaiting: 3, CrowdServing: 2}
	h := newTestHall(t, DefaultPolicy())
	h.must(h.CloseWindow(1, "clerk1", h.now))
	h.must(h.CloseWindow(2, "clerk2", h.now))
	for range 4 {
		h.issue("440199-B-002", PriorityNormal)
	}
	c, _ := h.Catalog.Category("SCJG")
	alarms := h.StateAlarms(h.now.Add(31*time.Minute), p)
	if len(alarms) != 2 {
		t.Fatalf("alarms %+v, want the wait and the crowd", alarms)
	}
	for _, a := range alarms {
		zh, en := c.PrefixLetter+" "+c.NameZh, c.PrefixLetter+" "+c.NameEn
		if !strings.Contains(a.Text, zh) || !strings.Contains(a.Text, en) || strings.Contains(a.Text, "SCJG") {
			t.Errorf("%s: %q does not name %q and %q", a.ID, a.Text, zh, en)
		}
		if a.Kind == AlarmCrowd && !strings.Contains(a.Text, "1 window open") {
			t.Errorf("crowd alarm %q: want \"1 window open\"", a.Text)
		}
	}
}
