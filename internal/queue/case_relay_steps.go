package queue

// The steps of a relayed sub-case between intake and decision (跨层级). At the deciding
// center the officer may ask for a supplement (补正), suspend (中止) and resume; the
// accepting center holds the applicant, so each goes back there and its sub-case takes
// it on (its clock stopped and started by the same rules, its citizen told). The
// citizen brings a supplement to the window where they applied: its receipt goes out
// to the deciding center, whose sub-case resumes. The deciding center cannot receive a
// supplement itself, nor transfer a sub-case to a department of yet another center.
//
// Each center counts, on the sub-case, the last seq it sent on its hop (Part.RelaySent,
// counted by the action that sends, so that the message and the action share a commit)
// and the last seq it took from the other (Part.RelayTaken, recorded by the action that
// applies it): the receiver admits a message by AdmitRelay against RelayTaken.

// RelayStep is what a relay message between intake and decision carries.
type RelayStep string

// The relay steps; "" is the sub-case itself (out) or its decision (back).
const (
	StepSupplement RelayStep = "supplement" // back: the materials the officer asks for
	StepSuspend    RelayStep = "suspend"    // back: a special procedure stops the clock
	StepResume     RelayStep = "resume"     // back: the special procedure is over
	StepSupplied   RelayStep = "supplied"   // out: the supplement received at the window
)

// relayStepHop is the hop each step travels on.
var relayStepHop = map[RelayStep]RelayHop{StepSupplement: HopBack, StepSuspend: HopBack, StepResume: HopBack, StepSupplied: HopOut}

// relayEventSteps names the step an event sends on, at the deciding center (back) and
// at the accepting center (out). An event missing from a map sends nothing.
var relayEventSteps = map[RelayHop]map[EventType]RelayStep{
	HopBack: {CaseSupplementRequested: StepSupplement, CaseSuspended: StepSuspend, CaseResumed: StepResume,
		CaseApproved: "", CaseRefused: ""},
	HopOut: {CaseSupplemented: StepSupplied},
}

// maxRelayDigits is the longest run of digits a relayed text may hold: an ID number
// (17 digits and a check) or a mobile number (11) is personal data and stays home.
const maxRelayDigits = 10

// checkStep checks that a message's step is known on its hop and that it carries its
// own fields and no others; texts hold no ID or phone number.
func (m *RelayMsg) checkStep() error {
	if hop, ok := relayStepHop[m.Step]; m.Step != "" && (!ok || hop != m.Hop) {
		return Errorf(Invalid, "unknown relay step %q on hop %q", m.Step, m.Hop)
	}
	switch {
	case (m.Step == StepSupplement) != (len(m.Needed) > 0):
		return Errorf(Invalid, "a relay supplement, and only it, lists the missing materials")
	case (m.Step == StepSuspend) != (m.Hold != ""):
		return Errorf(Invalid, "a relay suspension, and only it, names its special procedure")
	case m.Step == StepSuspend && (!holdKnown(m.Hold) || m.Reason == ""):
		return Errorf(Invalid, "a relay suspension names a known special procedure and its reason")
	case m.Reason != "" && m.Step != StepSuspend && m.Step != StepResume:
		return Errorf(Invalid, "only a relay suspension or resumption gives a reason")
	}
	if err := relayText("reason", m.Reason); err != nil {
		return err
	}
	for _, c := range m.Needed {
		if !relayCode(c.Code) || (c.Item != "" && !relayCode(c.Item)) {
			return Errorf(Invalid, "relay material codes must be printable ASCII")
		}
		if err := relayText("material note", c.Note); err != nil {
			return err
		}
	}
	return nil
}

// relayText checks a free text that travels to another center: short, plain, and with
// no run of digits as long as an ID or phone number.
func relayText(field, s string) error {
	t, err := caseText(field, s, false)
	if err != nil {
		return err
	}
	if t != s {
		return Errorf(Invalid, "relay %s must be trimmed", field)
	}
	run := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			run = 0
			continue
		}
		if run++; run > maxRelayDigits {
			return Errorf(Invalid, "%s travels to another center: it may not hold an ID or phone number (more than %d digits in a row; 不得含身份证号或电话号码)", field, maxRelayDigits)
		}
	}
	return nil
}

// relayedAs is the department a relayed-in sub-case travels under: the one it was
// relayed to, even after a transfer within this center.
func relayedAs(p *Part) string {
	if p.RelayedAs != "" {
		return p.RelayedAs
	}
	return p.Dept
}

// relaySends says on which hop and with which step an event on sub-case p of c sends
// a message on: at the deciding center (a relayed-in case) an officer's supplement,
// suspension, resumption or decision goes back; at the accepting center a supplement
// received at a window goes out. What the relay itself applies sends nothing.
func relaySends(c *Case, p *Part, t EventType, staff string) (RelayHop, RelayStep, bool) {
	hop := HopBack
	switch {
	case c.RelayedFrom != "" && staff != RelayStaff(c.RelayedFrom):
	case p.At != "" && staff != RelayStaff(p.At):
		hop = HopOut
	default:
		return "", "", false
	}
	step, ok := relayEventSteps[hop][t]
	return hop, step, ok
}

// relayGuard refuses, before a sub-case action, what the relay does not allow: a local
// action on a sub-case decided at another center (but for the supplement its citizen
// brings here), and a supplement received at the deciding center, where the citizen
// is not.
func relayGuard(nc *Case, p *Part, cmd *CaseCmd) error {
	if p.At != "" && cmd.Staff != RelayStaff(p.At) && cmd.Action != CaseSupply {
		return Errorf(Conflict, "sub-case %s of case %s is decided at center %s: its decision comes back by the relay (跨层级办理)", p.Dept, nc.No, p.At)
	}
	if nc.RelayedFrom != "" && cmd.Action == CaseSupply && cmd.Staff != RelayStaff(nc.RelayedFrom) {
		return Errorf(Conflict, "case %s was accepted at center %s: its applicant brings the supplement there, and the relay brings it here (补正材料由受理中心窗口接收, 申请人不在本中心)", nc.No, nc.RelayedFrom)
	}
	if cmd.RelaySeq > 0 && cmd.Staff != RelayStaff(p.At) && cmd.Staff != RelayStaff(nc.RelayedFrom) {
		return Errorf(Invalid, "only the relay records a relay seq")
	}
	if nc.RelayedFrom != "" && cmd.Staff != RelayStaff(nc.RelayedFrom) {
		for _, m := range cmd.Needed {
			if err := relayText("material note", m.Note); err != nil {
				return err
			}
		}
		if cmd.Action == CaseSuspend || cmd.Action == CaseResume {
			return relayText("reason", cmd.Reason)
		}
	}
	return nil
}

// relayMark records, after a sub-case action, the relay message it applied and counts
// the one it sends on (the accepting center's first, seq 1, went out at routing).
func relayMark(nc *Case, p *Part, cmd *CaseCmd) {
	if cmd.RelaySeq > 0 {
		p.RelayTaken = cmd.RelaySeq
	}
	hop, _, ok := relaySends(nc, p, caseEvents[cmd.Action], cmd.Staff)
	if !ok {
		return
	}
	if hop == HopOut {
		p.RelaySent = max(p.RelaySent, 1)
	}
	p.RelaySent++
}

// RelayFollow returns the message an event on a sub-case sends on to the other center,
// if it sends one (see relaySends), numbered by the sub-case's RelaySent. self is this
// center's code. It carries the step's materials, procedure and reason, or the decision,
// and nothing of the applicant.
func RelayFollow(ev *Event, self string) (RelayMsg, bool) {
	c := ev.Case
	if c == nil {
		return RelayMsg{}, false
	}
	p, ok := c.Part(ev.Dept)
	if !ok {
		return RelayMsg{}, false
	}
	hop, step, ok := relaySends(c, p, ev.Type, ev.Staff)
	if !ok {
		return RelayMsg{}, false
	}
	m := RelayMsg{Case: c.No, Hop: hop, Seq: p.RelaySent, From: self, To: c.RelayedFrom, Dept: relayedAs(p), Step: step}
	switch step {
	case "":
		m.Decision, m.Result, m.Refusal = p.State, p.Result, p.Refusal
	case StepSupplement:
		m.Needed = p.Needed
	case StepSuspend, StepResume:
		m.Hold, m.Reason = p.Hold, p.Reason
	case StepSupplied:
		m.To = p.At
	}
	return m, true
}

// RelaySteps returns the case actions, as the relay's own staff, that apply a message
// to the sub-case p it is for, once and in order: nothing for a message taken before
// (AdmitRelay against p.RelayTaken; the intake is the outbound seq 1), a Conflict for
// one past a gap. A decision claims the sub-case (when routed) then approves or refuses
// it, and does nothing once it is decided; a supplement or suspension claims then asks
// or suspends; a resumption resumes; a supplement received resumes the deciding
// center's sub-case with the materials it asked for. The last action records the seq.
func RelaySteps(p *Part, m RelayMsg, staff string) ([]CaseCmd, error) {
	if relayedAs(p) != m.Dept {
		return nil, Errorf(Invalid, "relay: a message for %s does not fit the sub-case of %s", m.Dept, relayedAs(p))
	}
	last := p.RelayTaken
	if m.Hop == HopOut && last == 0 {
		last = 1
	}
	switch AdmitRelay(last, m.Seq) {
	case RelayDuplicate:
		return nil, nil
	case RelayGap:
		return nil, Errorf(Conflict, "relay: message %d of case %s comes after %d: one is missing", m.Seq, m.Case, last)
	}
	if m.Step == "" && p.State.Decided() {
		return nil, nil
	}
	act := relayAction(p, m, staff)
	var cmds []CaseCmd
	state := p.State
	switch {
	case state == PartRouted && act.Action != CaseSupply:
		cmds, state = append(cmds, CaseCmd{Action: CaseClaim, Case: m.Case, Dept: p.Dept, Staff: staff}), PartClaimed
	case officerOnly(act.Action) && p.Officer != staff:
		return nil, Errorf(Conflict, "relay: the sub-case of %s is %s here (held by %q), not waiting for the relay", p.Dept, p.State, p.Officer)
	}
	if _, err := PartTransition(state, act.Action); err != nil {
		return nil, Errorf(Conflict, "relay: %s", ErrorMessage(err))
	}
	act.RelaySeq = m.Seq
	return append(cmds, act), nil
}

// relayAction is the action that applies a message's step or decision to p.
func relayAction(p *Part, m RelayMsg, staff string) CaseCmd {
	cmd := CaseCmd{Case: m.Case, Dept: p.Dept, Staff: staff}
	switch m.Step {
	case StepSupplement:
		cmd.Action, cmd.Needed = CaseSupplement, m.Needed
	case StepSuspend:
		cmd.Action, cmd.Hold, cmd.Reason = CaseSuspend, m.Hold, m.Reason
	case StepResume:
		cmd.Action, cmd.Reason = CaseResume, m.Reason
	case StepSupplied:
		cmd.Action, cmd.Supplied = CaseSupply, p.Needed
	default:
		cmd.Action, cmd.Result = CaseApprove, m.Result
		if m.Decision == PartRefused {
			cmd.Action, cmd.Result, cmd.Refusal = CaseRefuse, "", m.Refusal
		}
	}
	return cmd
}
