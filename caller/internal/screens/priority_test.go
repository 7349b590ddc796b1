package screens

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"onedoor/internal/wire"
)

// issueClaiming takes a ticket claiming a priority group at the kiosk.
func (s *server) issueClaiming(item, group string) wire.Ticket {
	s.t.Helper()
	tk, err := s.kiosk.Issue(context.Background(), wire.IssueRequest{Item: item, Priority: group}, fmt.Sprintf("caller-prio-%d", keys.Add(1)))
	if err != nil {
		s.t.Fatal(err)
	}
	return tk
}

// TestPriorityCheck shows a claimed priority group prominently with its proof, and the
// clerk confirms it or marks it not eligible with a reason, by keyboard alone; both are
// recorded and the box gives way to the result.
func TestPriorityCheck(t *testing.T) {
	for _, tc := range []struct {
		lang          Lang
		confirm       bool
		title, result string
	}{
		{Zh, true, "自报:残疾人,请核验证件", "残疾人 (已核验)"},
		{Zh, false, "自报:残疾人,请核验证件", "残疾人 (不符合条件,不再优先)"},
		{En, true, "Claimed: Persons with disabilities. Check the proof", "Persons with disabilities (proof seen)"},
	} {
		t.Run(fmt.Sprintf("%s-%v", tc.lang, tc.confirm), func(t *testing.T) {
			srv := startServer(t)
			h := newHarness(t, srv, tc.lang)
			m := h.login("demo1", 1)
			srv.issueClaiming("440199-A-001", "disabled")
			h.key(fyne.KeyF1)
			h.state("called")
			b := m.ticket.prio
			if !b.box.Visible() || b.title.Text != tc.title || !strings.Contains(b.proof.Text, "残疾人证") {
				t.Fatalf("the claim shows %v %q %q, want %q with the proof", b.box.Visible(), b.title.Text, b.proof.Text, tc.title)
			}
			if !contains(h.tabCycle("workstation, claimed"), b.Confirm, b.Refuse) {
				t.Fatal("Tab does not reach the priority check's buttons")
			}
			if tc.confirm {
				h.tabTo("workstation", b.Confirm)
				h.key(fyne.KeyReturn)
			} else {
				h.tabTo("workstation", b.Refuse)
				h.key(fyne.KeyReturn)
				d := m.Priority
				if m.Popup == nil || h.w.Canvas().Focused() != d.Reason {
					t.Fatal("Enter on not eligible opened no dialog starting in the reason")
				}
				h.key(fyne.KeyReturn) // no reason: asked for
				if d.status.Text == "" || m.Popup == nil {
					t.Fatal("a refusal without a reason went through")
				}
				h.typeText("未出示残疾人证")
				h.key(fyne.KeyReturn)
			}
			h.wait("the check", func() bool { return len(srv.eventsOf("ticket.priority_checked")) == 1 })
			h.wait("the result shown", func() bool { return strings.Contains(m.ticket.meta.Text, tc.result) })
			if b.box.Visible() || m.Popup != nil {
				t.Fatal("the claim's box or the dialog stays after the check")
			}
			ev := srv.eventsOf("ticket.priority_checked")[0]
			if ev.Staff != "demo1" || (!tc.confirm && ev.Reason != "未出示残疾人证") {
				t.Fatalf("the check recorded %+v", ev)
			}
		})
	}
}
