package queue

import (
	"slices"
	"time"
)

// Part is a sub-case: the share of a case one department decides. A plain item's case
// has one; a bundle's (一件事) has one per department of its items.
type Part struct {
	Dept  string    `json:"dept"`  // the department's code
	Items []string  `json:"items"` // the item codes this department decides
	State PartState `json:"state"`
	// At is the center (its code at the city tier) the department sits at when that is
	// another center (跨层级): the sub-case is relayed there, and only the relay's
	// decision (RelayStaff) acts on it here. "" is this center.
	At string `json:"at,omitempty"`
	// RelaySent is the last seq this center sent on its hop of a relayed sub-case (at
	// the accepting center out, from 1 at routing; at the deciding center back);
	// RelayTaken the last seq it took from the other center (see RelaySteps).
	// RelayedAs is the department a relayed-in sub-case was relayed to, once a transfer
	// within the deciding center moved it to another.
	RelaySent  uint64 `json:"relay_sent,omitempty"`
	RelayTaken uint64 `json:"relay_taken,omitempty"`
	RelayedAs  string `json:"relayed_as,omitempty"`
	// Officer is the officer who holds the sub-case; "" while routed.
	Officer string `json:"officer,omitempty"`
	// From is the department the sub-case was last transferred from.
	From string `json:"from,omitempty"`
	// Days is the promised time the clock runs for, in working days (calendar days when
	// Natural); Due the day it runs out, moved on by every stop of the clock.
	Days    int    `json:"days"`
	Natural bool   `json:"natural,omitempty"`
	Due     string `json:"due"`
	// StoppedOn is the day the clock stopped (supplement or suspension), "" while it
	// runs; StoppedDays the days it has stood still in all.
	StoppedOn   string `json:"stopped_on,omitempty"`
	StoppedDays int    `json:"stopped_days,omitempty"`
	// Needed are the materials a supplement asked for, all at once; Supplemented says the
	// department has asked once (it may not ask twice).
	Needed       []CaseMaterial `json:"needed,omitempty"`
	Supplemented bool           `json:"supplemented,omitempty"`
	// Hold is the special procedure of a suspension (see Holds); Reason the reason
	// given with the last transfer, suspension or resumption.
	Hold   string `json:"hold,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Result is how an approval's result goes out: ResultPickup or ResultElectronic.
	Result    string    `json:"result,omitempty"`
	Refusal   *Refusal  `json:"refusal,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// The results of an approval.
const (
	ResultPickup     = "pickup"     // a document to hand over at the pickup window or by post
	ResultElectronic = "electronic" // an electronic result only: nothing to hand over
)

// CaseMaterial is one material a department asks for (补正) or a window receives: a
// material of the checklist of one of the sub-case's items, with what exactly is
// needed. Item may be left empty when the sub-case has one item.
type CaseMaterial struct {
	Item string `json:"item"`
	Code string `json:"code"`
	Note string `json:"note,omitempty"`
}

// Refusal is a decision of refusal (不予许可决定): the reasons, the legal basis, and where
// the applicant may seek review (within 60 days) or sue (within six months).
type Refusal struct {
	Reasons []string `json:"reasons"`
	Basis   string   `json:"basis"`
	Remedy  Remedy   `json:"remedy"`
}

// Delivery is how a case's result went out (出件).
type Delivery struct {
	Method string `json:"method"` // one of the Deliver* methods
	Staff  string `json:"staff,omitempty"`
	Window int    `json:"window,omitempty"`
	// Authorised says a proxy showed the applicant's written authorisation (授权委托书),
	// which the window keeps. The proxy's ID document travels beside the command and is
	// sealed by the store like an applicant; the case never holds it.
	Authorised bool `json:"authorised,omitempty"`
	// Tracking is the postal tracking number (邮寄).
	Tracking string `json:"tracking,omitempty"`
}

// The delivery methods.
const (
	DeliverApplicant  = "applicant"  // picked up by the applicant
	DeliverProxy      = "proxy"      // picked up by a named proxy (代领)
	DeliverPost       = "post"       // sent by post (邮寄)
	DeliverElectronic = "electronic" // electronic results only
	DeliverRelay      = "relay"      // a relayed-in case's decision, sent back to the accepting center
)

// clone returns a deep copy of the case, so that an event's case and the hall's never
// share memory.
func (c *Case) clone() *Case {
	n := *c
	n.Awaiting = slices.Clone(c.Awaiting)
	n.Parts = make([]Part, len(c.Parts))
	for i, p := range c.Parts {
		p.Items = slices.Clone(p.Items)
		p.Needed = slices.Clone(p.Needed)
		if p.Refusal != nil {
			r := *p.Refusal
			r.Reasons = slices.Clone(r.Reasons)
			p.Refusal = &r
		}
		n.Parts[i] = p
	}
	if c.Parts == nil {
		n.Parts = nil
	}
	if c.Delivery != nil {
		d := *c.Delivery
		n.Delivery = &d
	}
	return &n
}

// Part returns the sub-case of a department.
func (c *Case) Part(dept string) (*Part, bool) {
	for i := range c.Parts {
		if c.Parts[i].Dept == dept {
			return &c.Parts[i], true
		}
	}
	return nil, false
}

// allDecided reports whether the case has sub-cases and every one is decided.
func (c *Case) allDecided() bool {
	for _, p := range c.Parts {
		if !p.State.Decided() {
			return false
		}
	}
	return len(c.Parts) > 0
}

// electronicOnly reports whether every sub-case was approved with an electronic result
// only, so that nothing waits at the pickup window.
func (c *Case) electronicOnly() bool {
	for _, p := range c.Parts {
		if p.State != PartApproved || p.Result != ResultElectronic {
			return false
		}
	}
	return len(c.Parts) > 0
}
