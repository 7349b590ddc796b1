package queue

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestAdmitRelayIsExactlyOnceInOrder: a receiver takes the next message of a hop, takes
// a retry as a duplicate and refuses one past a gap.
func TestAdmitRelayIsExactlyOnceInOrder(t *testing.T) {
	cases := []struct {
		last, seq uint64
		want      RelayVerdict
	}{
		{0, 1, RelayNew}, {0, 2, RelayGap}, {1, 1, RelayDuplicate}, {1, 2, RelayNew},
		{5, 3, RelayDuplicate}, {5, 7, RelayGap}, {5, 6, RelayNew},
	}
	for _, c := range cases {
		if got := AdmitRelay(c.last, c.seq); got != c.want {
			t.Errorf("AdmitRelay(%d, %d) = %d, want %d", c.last, c.seq, got, c.want)
		}
	}
}

func relayOut() RelayMsg {
	return RelayMsg{Case: "s1-20261125-0001", Hop: HopOut, Seq: 1, From: "s1", To: "d1", Dept: "GA", Item: "hk01", Days: 5, Materials: []string{"m1"}}
}

// TestRelayMsgCheck: a well-formed message in each direction passes; each malformed one
// is refused as invalid.
func TestRelayMsgCheck(t *testing.T) {
	back := relayOut()
	back.Hop, back.From, back.To, back.Item, back.Materials, back.Decision = HopBack, "d1", "s1", "", nil, PartApproved
	cases := []struct {
		name string
		edit func(m *RelayMsg)
		base RelayMsg
		ok   bool
	}{
		{"out", func(*RelayMsg) {}, relayOut(), true},
		{"back approved", func(*RelayMsg) {}, back, true},
		{"back refused", func(m *RelayMsg) { m.Decision, m.Refusal = PartRefused, &Refusal{Reasons: []string{"x"}} }, back, true},
		{"no case", func(m *RelayMsg) { m.Case = "" }, relayOut(), false},
		{"case with space", func(m *RelayMsg) { m.Case = "a b" }, relayOut(), false},
		{"to itself", func(m *RelayMsg) { m.To = m.From }, relayOut(), false},
		{"seq 0", func(m *RelayMsg) { m.Seq = 0 }, relayOut(), false},
		{"unknown hop", func(m *RelayMsg) { m.Hop = "sideways" }, relayOut(), false},
		{"out without item", func(m *RelayMsg) { m.Item = "" }, relayOut(), false},
		{"out with decision", func(m *RelayMsg) { m.Decision = PartApproved }, relayOut(), false},
		{"bad material", func(m *RelayMsg) { m.Materials = []string{"身份证"} }, relayOut(), false},
		{"back undecided", func(m *RelayMsg) { m.Decision = PartClaimed }, back, false},
		{"refused without refusal", func(m *RelayMsg) { m.Decision = PartRefused }, back, false},
		{"approved with refusal", func(m *RelayMsg) { m.Refusal = &Refusal{} }, back, false},
	}
	for _, c := range cases {
		m := c.base
		c.edit(&m)
		err := m.Check()
		if (err == nil) != c.ok {
			t.Errorf("%s: Check() = %v, want ok %v", c.name, err, c.ok)
		}
		if err != nil && ErrorCode(err) != Invalid {
			t.Errorf("%s: code %s, want invalid", c.name, ErrorCode(err))
		}
	}
}

// TestRelayOutAndBack: only the sub-cases hosted at another center are relayed; the
// message carries no applicant; a decided sub-case answers back to the accepting center.
func TestRelayOutAndBack(t *testing.T) {
	c := &Case{No: "s1-20261125-0001", Item: "bundle", Center: "s1", Parts: []Part{
		{Dept: "GA", Items: []string{"hk01"}, Days: 5, State: PartRouted, At: "d1"},
		{Dept: "ZJ", Items: []string{"zj01"}, Days: 3, State: PartRouted, At: "s1"},
		{Dept: "XX", Items: []string{"xx01"}, Days: 3, State: PartRouted},
	}}
	out := RelayOut(c, "s1", []string{"m1", "m2"})
	if len(out) != 1 || out[0].Dept != "GA" || out[0].To != "d1" || out[0].Item != "hk01" || out[0].Seq != 1 {
		t.Fatalf("RelayOut = %+v, want one message for GA to d1", out)
	}
	if err := out[0].Check(); err != nil {
		t.Fatalf("RelayOut made an invalid message: %v", err)
	}
	b, _ := json.Marshal(out[0])
	for _, word := range []string{"applicant", "id_number", "name", "phone"} {
		if strings.Contains(string(b), `"`+word) {
			t.Errorf("relay message has a %q field: %s", word, b)
		}
	}
	in := &Case{No: c.No, Item: "hk01", RelayedFrom: "s1", State: CaseInProgress, Parts: []Part{{Dept: "GA", Items: []string{"hk01"}, State: PartClaimed}}}
	ev := Event{Type: CaseClaimed, Dept: "GA", Staff: "officer1", Case: in}
	if m, ok := RelayFollow(&ev, "d1"); ok {
		t.Errorf("a claim at the deciding center sends %+v", m)
	}
	in.Parts[0].State, in.Parts[0].Result, in.Parts[0].RelaySent = PartApproved, ResultPickup, 1
	ev.Type = CaseApproved
	back, ok := RelayFollow(&ev, "d1")
	if !ok || back.From != "d1" || back.To != "s1" || back.Hop != HopBack || back.Seq != 1 || back.Decision != PartApproved || back.Check() != nil {
		t.Errorf("RelayFollow of the approval = %+v %v", back, ok)
	}
	ev.Staff = RelayStaff("s1") // what the relay applies is not sent on
	if m, ok := RelayFollow(&ev, "d1"); ok {
		t.Errorf("the relay's own action sends %+v", m)
	}
}

// TestRelaySteps: a decision coming back claims and decides a routed sub-case, only
// decides one the relay claimed before, does nothing to a decided one, and refuses one
// a local officer holds.
func TestRelaySteps(t *testing.T) {
	approve := RelayMsg{Case: "N1", Hop: HopBack, Seq: 1, From: "d1", To: "s1", Dept: "GA", Decision: PartApproved, Result: ResultPickup}
	refuse := approve
	refuse.Decision, refuse.Refusal = PartRefused, &Refusal{Reasons: []string{"x"}}
	const staff = "relay:d1"
	cases := []struct {
		name  string
		part  Part
		msg   RelayMsg
		want  []CaseAction
		fails Code
	}{
		{"routed, approved", Part{Dept: "GA", State: PartRouted}, approve, []CaseAction{CaseClaim, CaseApprove}, ""},
		{"routed, refused", Part{Dept: "GA", State: PartRouted}, refuse, []CaseAction{CaseClaim, CaseRefuse}, ""},
		{"claimed by the relay", Part{Dept: "GA", State: PartClaimed, Officer: staff}, approve, []CaseAction{CaseApprove}, ""},
		{"decided already", Part{Dept: "GA", State: PartApproved}, approve, nil, ""},
		{"held by a local officer", Part{Dept: "GA", State: PartClaimed, Officer: "scj1"}, approve, nil, Conflict},
		{"another department", Part{Dept: "ZJ", State: PartRouted}, approve, nil, Invalid},
	}
	for _, c := range cases {
		cmds, err := RelaySteps(&c.part, c.msg, staff)
		if ErrorCode(err) != c.fails {
			t.Errorf("%s: err %v, want code %q", c.name, err, c.fails)
		}
		var got []CaseAction
		for _, cmd := range cmds {
			got = append(got, cmd.Action)
			if cmd.Staff != staff || cmd.Case != "N1" || cmd.Dept != c.msg.Dept {
				t.Errorf("%s: command %+v", c.name, cmd)
			}
		}
		if len(got) != len(c.want) || (len(got) > 0 && !slices.Equal(got, c.want)) {
			t.Errorf("%s: steps %v, want %v", c.name, got, c.want)
		}
	}
}
