package screens

import (
	"errors"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
)

// TestWaitText: the ticket screen quotes the server's range in minutes (the low end
// down, the high end up), one figure when they meet, "soon" at the head of the line, and
// says so when no window serves the ticket now.
func TestWaitText(t *testing.T) {
	k := &Kiosk{tr: uikit.NewTr(texts, "zh")}
	for _, tc := range []struct {
		t    wire.Ticket
		want string
	}{
		{wire.Ticket{EstimatedWaitMinS: 760, EstimatedWaitS: 900, EstimatedWaitMaxS: 1150}, "预计等待约 12–20 分钟  ·  about 12–20 min"},
		{wire.Ticket{EstimatedWaitMinS: 180, EstimatedWaitS: 180, EstimatedWaitMaxS: 180}, "预计等待约 3 分钟  ·  about 3 min"},
		{wire.Ticket{}, "即将叫号,请留意  ·  You will be called soon"},
		{wire.Ticket{EstimatedWaitMinS: 1500, EstimatedWaitS: 1900, EstimatedWaitMaxS: 2400, Paused: true}, "窗口暂停中,预计等待约 25–40 分钟  ·  windows paused: about 25–40 min"},
		{wire.Ticket{Ahead: 4, NoWindow: true}, "暂无窗口办理此类业务,请留意叫号  ·  No window serves this now; please watch the board"},
	} {
		s := &ticketScreen{k: k, t: tc.t}
		if got := s.waitText(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.t, got, tc.want)
		}
	}
}

// TestIssueFailKey: a ticket refused because the item's tickets are gone says so and
// offers a booking; the server gone says it stayed away; anything else is a failure.
func TestIssueFailKey(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&client.Error{Status: 409, Code: string(queue.Exhausted), Message: "今日号源已取完"}, "item_full"},
		{&client.Error{Status: 409, Code: string(queue.Conflict)}, "issue_failed"},
		{&serverAwayError{err: errors.New("refused")}, "server_gave_up"},
		{errors.New("boom"), "issue_failed"},
	} {
		if got := issueFailKey(tc.err); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.err, got, tc.want)
		}
	}
	if msgDetail("item_full") != "item_full_detail" {
		t.Error("a full item offers no booking")
	}
}
