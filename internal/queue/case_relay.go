package queue

import (
	"time"
)

// Cross-level cases (跨层级、异地通办): a case accepted at one center whose department
// sits at another is relayed through the city tier. The accepting center keeps the case
// and its applicant; each sub-case whose department another center hosts becomes a
// relayed sub-case, and two hops carry it:
//
//   - hop "out": the accepting center sends the sub-case (case number, item, department,
//     promised days, the materials' checklist codes) to the deciding center;
//   - hop "back": the deciding center sends its decision (approved with a result, or
//     refused with the decision of refusal) to the accepting center, whose case then
//     becomes ready at its pickup window.
//
// Between intake and decision a message may carry a step (RelayStep): back, the
// supplement the deciding officer asks for (what is missing), a suspension or a
// resumption, which the accepting center's sub-case takes on, so that its citizen is
// told; out, the supplement received at the accepting center's window, which resumes
// the deciding center's sub-case.
//
// Every relayed sub-case is a stream of its own, keyed (case, department, hop): the
// department is the one it was relayed as, so that a bundle's (一件事) sub-cases relayed
// to two departments, at one center or at two, never share a line. Every message is
// keyed (case, department, hop, seq); seq counts from 1 within its stream, so that a
// receiver admits each message exactly once and in order (AdmitRelay). A RelayMsg has
// no field for the applicant: personal data never leaves the accepting center.

// RelayHop names the direction of a relay message.
type RelayHop string

// The hops of a relayed sub-case.
const (
	HopOut  RelayHop = "out"  // accepting center → deciding center
	HopBack RelayHop = "back" // deciding center → accepting center
)

// RelayMsg is one message of a relayed sub-case, as it travels through the city tier.
type RelayMsg struct {
	Case string   `json:"case"`
	Hop  RelayHop `json:"hop"`
	Seq  uint64   `json:"seq"`
	From string   `json:"from"` // the sending center's code
	To   string   `json:"to"`   // the receiving center's code
	Dept string   `json:"dept"` // the deciding department's code
	// Out: what the deciding department needs to decide, and nothing about the person.
	Item      string   `json:"item,omitempty"`
	Days      int      `json:"days,omitempty"`
	Natural   bool     `json:"natural,omitempty"`
	Materials []string `json:"materials,omitempty"` // codes of the checklist's received materials
	Due       string   `json:"due,omitempty"`       // the promised day, in DayLayout
	// Back: the decision.
	Decision PartState `json:"decision,omitempty"`
	Result   string    `json:"result,omitempty"`
	Refusal  *Refusal  `json:"refusal,omitempty"`
	// Step is what a message between intake and decision carries; "" is the sub-case
	// itself (out) or its decision (back).
	Step RelayStep `json:"step,omitempty"`
	// Needed are the materials a supplement asks for (item, material code, note).
	Needed []CaseMaterial `json:"needed,omitempty"`
	// Hold is a suspension's special procedure; Reason a suspension's or resumption's.
	Hold   string `json:"hold,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Check validates a relay message from outside: codes present and printable, the hop
// and step known, a decision only on the way back and one that is a decision, each
// step with its own fields and no others.
func (m *RelayMsg) Check() error {
	for _, f := range []struct{ name, v string }{{"case", m.Case}, {"from", m.From}, {"to", m.To}, {"dept", m.Dept}} {
		if !relayCode(f.v) {
			return Errorf(Invalid, "relay %s must be 1 to 64 printable ASCII characters without spaces", f.name)
		}
	}
	if m.From == m.To {
		return Errorf(Invalid, "a relay message goes to another center, not to %q itself", m.From)
	}
	if m.Seq == 0 {
		return Errorf(Invalid, "relay seq counts from 1")
	}
	if err := m.checkStep(); err != nil {
		return err
	}
	switch m.Hop {
	case HopOut:
		return m.checkOut()
	case HopBack:
		return m.checkBack()
	}
	return Errorf(Invalid, "unknown relay hop %q", m.Hop)
}

// checkOut checks an outbound message: the sub-case with its item, or a step.
func (m *RelayMsg) checkOut() error {
	if m.Decision != "" || m.Refusal != nil {
		return Errorf(Invalid, "an outbound relay carries no decision")
	}
	if m.Step != "" {
		return nil
	}
	if !relayCode(m.Item) {
		return Errorf(Invalid, "an outbound relay carries the item and no decision")
	}
	if _, err := time.Parse(DayLayout, m.Due); m.Due != "" && err != nil {
		return Errorf(Invalid, "relay due must be a day (%s), got %q", DayLayout, m.Due)
	}
	for _, c := range m.Materials {
		if !relayCode(c) {
			return Errorf(Invalid, "relay material codes must be printable ASCII")
		}
	}
	return nil
}

// checkBack checks a message on the way back: a decision, or a step.
func (m *RelayMsg) checkBack() error {
	if m.Step != "" {
		if m.Decision != "" || m.Refusal != nil || m.Result != "" {
			return Errorf(Invalid, "a relay %s carries no decision", m.Step)
		}
		return nil
	}
	if !m.Decision.Decided() {
		return Errorf(Invalid, "a relay back carries a decision (approved or refused), got %q", m.Decision)
	}
	if (m.Decision == PartRefused) != (m.Refusal != nil) {
		return Errorf(Invalid, "a refusal, and only a refusal, carries the decision of refusal")
	}
	return nil
}

func relayCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// RelayVerdict is what a receiver does with a relay message.
type RelayVerdict int

// The verdicts of AdmitRelay.
const (
	RelayNew       RelayVerdict = iota // the next message of its hop: take it
	RelayDuplicate                     // seen before (a retry): answer as if taken, change nothing
	RelayGap                           // a message before it is missing: refuse, send from last+1
)

// RelayStream names the stream a message belongs to: one relayed sub-case (the case and
// the department it was relayed as) in one direction.
type RelayStream struct {
	Case string
	Dept string
	Hop  RelayHop
}

// Stream is the stream of the message.
func (m *RelayMsg) Stream() RelayStream { return RelayStream{Case: m.Case, Dept: m.Dept, Hop: m.Hop} }

// AdmitRelay decides on a message of seq given the last seq taken for its stream
// (RelayStream: case, department, hop): exactly once and in order.
func AdmitRelay(last, seq uint64) RelayVerdict {
	switch {
	case seq <= last:
		return RelayDuplicate
	case seq == last+1:
		return RelayNew
	}
	return RelayGap
}

// RelayStaff is who acts, here, on a sub-case decided at center: the relay of its
// decision.
func RelayStaff(center string) string { return "relay:" + center }

// RelayOut returns the outbound messages of a routed case: one per sub-case whose
// department sits at another center (Part.At, set at routing from the catalog). The
// messages carry no applicant.
func RelayOut(c *Case, self string, received []string) []RelayMsg {
	var out []RelayMsg
	for _, p := range c.Parts {
		if p.At == "" || p.At == self {
			continue
		}
		out = append(out, RelayMsg{Case: c.No, Hop: HopOut, Seq: 1, From: self, To: p.At, Dept: p.Dept,
			Item: firstItem(p, c.Item), Days: p.Days, Natural: p.Natural, Materials: received, Due: p.Due})
	}
	return out
}

func firstItem(p Part, item string) string {
	if len(p.Items) > 0 {
		return p.Items[0]
	}
	return item
}
