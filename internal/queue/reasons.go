package queue

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// DeskAction names a desk command that takes a reason from the catalog's pick list.
type DeskAction string

// The desk commands that take a reason.
const (
	DeskNoShow    DeskAction = "no_show"
	DeskTransfer  DeskAction = "transfer"
	DeskCall      DeskAction = "call" // a ticket called out of order
	DeskReinstate DeskAction = "reinstate"
	DeskClose     DeskAction = "close"
)

var deskActions = []DeskAction{DeskNoShow, DeskTransfer, DeskCall, DeskReinstate, DeskClose}

// DeskReason is one entry of the catalog's pick list of reasons a clerk may give.
type DeskReason struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	// Actions are the desk commands it fits; empty: all of them.
	Actions []DeskAction `json:"actions,omitempty"`
}

// Why is the reason given with a desk command: a code from the pick list, free text, or
// both; neither is allowed (the command then records no reason).
type Why struct {
	Code string
	Text string
}

// DeskReason checks why against the pick list for action and returns the reason as the
// audit trail records it ("code 名称: text"); a code not in the list is Invalid.
func (c *Catalog) DeskReason(action DeskAction, why Why) (string, error) {
	text := strings.TrimSpace(why.Text)
	if utf8.RuneCountInString(text) > MaxReason {
		return "", Errorf(Invalid, "reason is longer than %d characters", MaxReason)
	}
	if why.Code == "" {
		return text, nil
	}
	for _, r := range c.DeskReasons {
		if r.Code == why.Code && (len(r.Actions) == 0 || slices.Contains(r.Actions, action)) {
			rec := r.Code + " " + r.NameZh
			if text != "" {
				rec += ": " + text
			}
			return rec, nil
		}
	}
	return "", Errorf(Invalid, "reason code %q is not in the catalog's list for %s (原因代码不在清单中)", why.Code, action)
}

// Because checks why for action and returns what records it as the reason of the events
// a desk command decided: h.Because(DeskNoShow, why)(h.NoShow(n, staff, now)). The
// command's own error comes first, and nothing is decided when the reason is refused.
func (h *Hall) Because(action DeskAction, why Why) func([]Event, error) ([]Event, error) {
	return func(evs []Event, err error) ([]Event, error) {
		if err != nil {
			return nil, err
		}
		reason, err := h.Catalog.DeskReason(action, why)
		if err != nil {
			return nil, err
		}
		if reason == "" {
			return evs, nil
		}
		out := slices.Clone(evs)
		for i := range out {
			if out[i].Reason != "" { // the call policy's own reason ("chosen") stays first
				out[i].Reason += " — " + reason
			} else {
				out[i].Reason = reason
			}
		}
		return out, nil
	}
}

// deskReasons checks the pick list: codes unique, names given, actions known.
func (v *validator) deskReasons(list []DeskReason) {
	seen := map[string]bool{}
	for i, r := range list {
		p := fmt.Sprintf("desk_reasons[%d]", i)
		v.code(p+".code", r.Code)
		if seen[r.Code] {
			v.add(p+".code", "duplicate reason code %q", r.Code)
		}
		seen[r.Code] = true
		v.text(p+".name_zh", r.NameZh, true)
		v.text(p+".name_en", r.NameEn, true)
		for j, a := range r.Actions {
			if !slices.Contains(deskActions, a) {
				v.add(fmt.Sprintf("%s.actions[%d]", p, j), "unknown action %q: use no_show, transfer, call, reinstate or close", a)
			}
		}
	}
}
