package app

import (
	"encoding/json"
	"fmt"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// The messages an event causes, put in the outbox with it (store.Producer). The first
// producer: a visit finished accepted opens a case, which the citizen is told of (when
// they gave a phone number) and the item's department is sent (when it has a webhook).

// caseEvent is the body of a department webhook: the case, never the person.
type caseEvent struct {
	Event      string    `json:"event"`
	Center     string    `json:"center"`
	CaseNo     string    `json:"case_no"`
	Item       string    `json:"item"`
	Department string    `json:"department"`
	Promised   string    `json:"promised"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// eventCaseAccepted names a case opened by an accepted visit in webhook bodies.
const eventCaseAccepted = "case.accepted"

// noticeKey and webhookKey are the ordering keys of a case's messages: each destination
// its own line, so a gateway down does not hold the department's webhook back.
func noticeKey(caseNo string) string  { return "notice/" + caseNo }
func webhookKey(caseNo string) string { return caseNo }

// webhookDest is the outbox destination of a department's webhook.
func webhookDest(dept string) string { return destWebhookPref + dept }

// producer returns the store's Producer: the departments in hooks have a webhook.
func producer(hooks map[string]webhookConf) store.Producer {
	return func(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
		if ev.Type != queue.TicketFinished || ev.Case == nil {
			return nil, nil
		}
		cs := ev.Case
		var out []outbox.Message
		it, _ := c.Catalog().Item(cs.Item)
		phone, err := c.HasPhone(cs.Ticket)
		if err != nil {
			return nil, err
		}
		if phone {
			m, err := acceptedNotice(cs, it)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		if it != nil {
			if _, ok := hooks[it.Department]; ok {
				m, err := acceptedWebhook(cs, it.Department)
				if err != nil {
					return nil, err
				}
				out = append(out, m)
			}
		}
		return out, nil
	}
}

// acceptedNotice tells the applicant of case cs its number, item and promised date; the
// ticket id is the ref the phone is looked up by at send time.
func acceptedNotice(cs *queue.Case, it *queue.Item) (outbox.Message, error) {
	name := cs.Item
	if it != nil {
		name = it.NameZh
	}
	body, err := json.Marshal(outbox.Notice{Kind: outbox.KindAccepted, Ref: cs.Ticket, Params: map[string]string{
		"case_no": cs.No, "item": name, "promised": cs.Promised,
	}})
	if err != nil {
		return outbox.Message{}, fmt.Errorf("notice of case %s: %w", cs.No, err)
	}
	return outbox.Message{Dest: destNotice, Key: noticeKey(cs.No), Body: body}, nil
}

// acceptedWebhook tells the department a case was opened for it.
func acceptedWebhook(cs *queue.Case, dept string) (outbox.Message, error) {
	body, err := json.Marshal(caseEvent{Event: eventCaseAccepted, Center: cs.Center, CaseNo: cs.No, Item: cs.Item,
		Department: dept, Promised: cs.Promised, AcceptedAt: cs.AcceptedAt})
	if err != nil {
		return outbox.Message{}, fmt.Errorf("webhook of case %s: %w", cs.No, err)
	}
	return outbox.Message{Dest: webhookDest(dept), Key: webhookKey(cs.No), Body: body}, nil
}
