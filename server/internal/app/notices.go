package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// The messages an event causes, put in the outbox with it (store.Producer). The first
// producer is the acceptance of a case: a visit finished accepted opens a case, which
// the citizen is told of (when they gave a phone number), and routing it (in the same
// transaction, or later by a supervisor) hands each of its departments that has a
// webhook its sub-case.

// caseEvent is the body of a department webhook: the case, never the person. Seq is
// the event's place in the center's log (increasing along a case), At its time, State
// the department's sub-case after it; From names the department a transfer came from.
type caseEvent struct {
	Event      string    `json:"event"`
	Seq        uint64    `json:"seq"`
	At         time.Time `json:"at"`
	Center     string    `json:"center"`
	CaseNo     string    `json:"case_no"`
	Item       string    `json:"item"`
	Items      []string  `json:"items"` // the items this department decides (a bundle's share)
	Department string    `json:"department"`
	State      string    `json:"state"`
	From       string    `json:"from,omitempty"`
	Promised   string    `json:"promised"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// noticeKey and webhookKey are the ordering keys of a case's messages: the notices one
// line, the webhooks another, so a gateway down does not hold the departments back.
func noticeKey(caseNo string) string  { return "notice/" + caseNo }
func webhookKey(caseNo string) string { return caseNo }

// webhookDest is the outbox destination of a department's webhook, by department code.
func webhookDest(dept string) string { return destWebhookPref + dept }

// producer returns the store's Producer: the department codes in hooks have a webhook;
// province says the province's 好差评 system gets the ratings.
func producer(hooks map[string]webhookConf, province bool) store.Producer {
	return func(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
		switch {
		case province && ev.Type == queue.TicketRated:
			return provinceMessage(c, ev)
		case ev.Case == nil:
			return nil, nil
		case ev.Type == queue.TicketFinished:
			return acceptedNotice(c, ev.Case)
		}
		hooked, err := caseWebhooks(ev, hooks)
		if err != nil {
			return nil, err
		}
		told, err := laterNotice(c, ev)
		return append(hooked, told...), err
	}
}

// acceptedNotice tells the applicant of case cs, if they gave a phone, its number, item
// and promised date; the ticket id is the ref the phone is looked up by at send time.
func acceptedNotice(c store.OutboxContext, cs *queue.Case) ([]outbox.Message, error) {
	return caseNotice(c, cs, outbox.KindAccepted, map[string]string{"promised": cs.Promised})
}

// caseNotice is a notice of kind about case cs to its applicant, if they gave a phone:
// the case number and the item's name, and params. Nothing in it names the person.
func caseNotice(c store.OutboxContext, cs *queue.Case, kind string, params map[string]string) ([]outbox.Message, error) {
	phone, err := c.HasPhone(cs.Ticket)
	if err != nil || !phone {
		return nil, err
	}
	name := cs.Item
	if it, ok := c.Catalog().Item(cs.Item); ok {
		name = it.NameZh
	}
	p := map[string]string{"case_no": cs.No, "item": name}
	for k, v := range params {
		p[k] = v
	}
	body, err := json.Marshal(outbox.Notice{Kind: kind, Ref: cs.Ticket, Params: p})
	if err != nil {
		return nil, fmt.Errorf("notice of case %s: %w", cs.No, err)
	}
	return []outbox.Message{{Dest: destNotice, Key: noticeKey(cs.No), Body: body}}, nil
}

// caseWebhooks tells the departments a case event concerns, those with a webhook, of
// their sub-case: the sub-case acted on (and, for a transfer, the department it left),
// or every sub-case for an event of the whole case (ready, picked up, posted).
func caseWebhooks(ev queue.Event, hooks map[string]webhookConf) ([]outbox.Message, error) {
	cs := ev.Case
	if !strings.HasPrefix(string(ev.Type), "case.") {
		return nil, nil
	}
	var out []outbox.Message
	add := func(dept string, p queue.Part) error {
		if _, ok := hooks[dept]; !ok {
			return nil
		}
		body, err := json.Marshal(caseEvent{Event: string(ev.Type), Seq: ev.Seq, At: ev.At, Center: cs.Center, CaseNo: cs.No,
			Item: cs.Item, Items: p.Items, Department: dept, State: string(p.State), From: p.From, Promised: p.Due, AcceptedAt: cs.AcceptedAt})
		if err != nil {
			return fmt.Errorf("webhook of case %s: %w", cs.No, err)
		}
		out = append(out, outbox.Message{Dest: webhookDest(dept), Key: webhookKey(cs.No), Body: body})
		return nil
	}
	for _, p := range cs.Parts {
		if ev.Dept != "" && p.Dept != ev.Dept {
			continue
		}
		if ev.Type != queue.CaseTransferred {
			p.From = ""
		} else if err := add(p.From, p); err != nil {
			return nil, err
		}
		if err := add(p.Dept, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// laterNotice tells the applicant of the moments after acceptance: materials to supply
// (补正, what is missing, all at once), the result ready at the pickup window, and an
// apology when the promised date has passed.
func laterNotice(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
	cs := ev.Case
	switch ev.Type {
	case queue.CaseSupplementRequested:
		return caseNotice(c, cs, outbox.KindSupplement, map[string]string{"materials": neededNames(c.Catalog(), cs, ev.Dept)})
	case queue.CaseReady:
		return caseNotice(c, cs, outbox.KindReady, nil)
	case queue.CaseOverdue:
		return caseNotice(c, cs, outbox.KindOverdue, map[string]string{"promised": cs.Promised})
	}
	return nil, nil
}

// neededNames are the names of the materials the sub-case of dept asks for, joined
// with 、 (the material's code when the catalog no longer has it).
func neededNames(cat *queue.Catalog, cs *queue.Case, dept string) string {
	p, ok := cs.Part(dept)
	if !ok {
		return ""
	}
	names := make([]string, 0, len(p.Needed))
	for _, m := range p.Needed {
		name := m.Code
		if it, ok := cat.Item(m.Item); ok {
			for _, mat := range it.Materials {
				if mat.Code == m.Code {
					name = mat.NameZh
				}
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, "、")
}
