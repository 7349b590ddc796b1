package app

import (
	"encoding/json"
	"fmt"
	"strconv"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// The citizen is told when the turn nears and when it comes: an SMS for a ticket taken
// from a phone (its number is sealed with it), a Web Push for a tracking page that asked.
// Each message is put in the outbox with the event that caused it, once per ticket and
// kind (store.OutboxContext.Once), and sent after the commit.

// The kinds of turn message (notice kinds for the SMS templates, and push tags).
const (
	KindNear   = "near"
	KindCalled = "called"
)

// destPush is the outbox destination of Web Push messages.
const destPush = "push"

// pushBody is the body of a push message in the outbox: the ticket it is for (its
// subscription is looked up at send time) and the text shown.
type pushBody struct {
	Ref   string `json:"ref"`
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"`
	Tag   string `json:"tag"`
}

// withTurnNotices returns a Producer that puts the turn messages the event causes, then
// those of next. near is how many ahead make "your turn nears"; base the public URL.
func withTurnNotices(next store.Producer, near int, base string) store.Producer {
	return func(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
		out, err := turnNotices(c, ev, near, base)
		if err != nil {
			return nil, err
		}
		more, err := next(c, ev)
		return append(out, more...), err
	}
}

// turnNotices returns the turn messages of one event: "called" for the ticket a window
// called, and "near" for every waiting ticket to be told that now has at most near ahead.
// Every event that can change the call order is looked at: a window opening, too, makes
// the tickets nobody served before near (the first in line would else hear only
// "called").
func turnNotices(c store.OutboxContext, ev queue.Event, near int, base string) ([]outbox.Message, error) {
	switch ev.Type {
	case queue.TicketCalled, queue.TicketNoShow, queue.TicketCancelled, queue.TicketTransferred, queue.TicketIssued, queue.TicketCheckedIn,
		queue.TicketExpired, queue.TicketReinstated, queue.WindowOpened, queue.WindowPaused, queue.WindowClosed:
	default:
		return nil, nil
	}
	var out []outbox.Message
	if ev.Type == queue.TicketCalled && ev.Ticket != nil && ev.Window != nil {
		msgs, err := tell(c, ev.Ticket, KindCalled, map[string]string{"number": ev.Ticket.Number, "window": ev.Window.Name, "window_en": windowEn(ev.Window)}, base)
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	h := c.Hall()
	ids := map[string]bool{}
	for _, t := range h.Tickets { // those that may still be told: the forecast runs only for them
		if t.State == queue.Waiting && (t.Remote && !c.Told(t.ID, KindNear+"/sms") || c.HasPush(t.ID) && !c.Told(t.ID, KindNear+"/push")) {
			ids[t.ID] = true
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	for id, ahead := range h.Nearing(ids, near, c.Now()) {
		t := h.Tickets[id]
		msgs, err := tell(c, t, KindNear, map[string]string{"number": t.Number, "ahead": strconv.Itoa(ahead)}, base)
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// tell returns the messages of kind to ticket t, each channel at most once: an SMS when
// it was taken from a phone, a push when its page subscribed (perhaps after the SMS of
// the same kind went).
func tell(c store.OutboxContext, t *queue.Ticket, kind string, params map[string]string, base string) ([]outbox.Message, error) {
	var out []outbox.Message
	if t.Remote {
		has, err := c.HasPhone(t.ID)
		if err != nil {
			return nil, err
		}
		first := false
		if has {
			first, err = c.Once(t.ID, kind+"/sms")
		}
		if err != nil {
			return nil, err
		}
		if first {
			body, err := json.Marshal(outbox.Notice{Kind: kind, Ref: t.ID, Params: params})
			if err != nil {
				return nil, fmt.Errorf("notice %s of %s: %w", kind, t.Number, err)
			}
			out = append(out, outbox.Message{Dest: destNotice, Key: "turn/" + t.ID, Body: body})
		}
	}
	if !c.HasPush(t.ID) {
		return out, nil
	}
	first, err := c.Once(t.ID, kind+"/push")
	if err != nil || !first {
		return out, err
	}
	title, text := turnText(kind, params)
	body, err := json.Marshal(pushBody{Ref: t.ID, Title: title, Body: text, URL: base + "/t/" + t.ID, Tag: kind})
	if err != nil {
		return nil, fmt.Errorf("push %s of %s: %w", kind, t.Number, err)
	}
	return append(out, outbox.Message{Dest: destPush, Key: "push/" + t.ID, Body: body}), nil
}

// turnText is the push text of a turn message, Chinese first, English beside.
func turnText(kind string, p map[string]string) (title, body string) {
	if kind == KindCalled {
		return "请到" + p["window"] + "办理 · Your turn",
			p["number"] + "号，请到" + p["window"] + "办理 · Number " + p["number"] + ", please go to " + p["window_en"]
	}
	return "快到您了 · Your turn nears",
		p["number"] + "号前面还有" + p["ahead"] + "人，请到大厅签到候叫 · " + p["ahead"] + " ahead of " + p["number"] + ": please come and check in"
}

// windowEn is a window's English name, "Window n" when it has none.
func windowEn(w *queue.Window) string {
	if w.NameEn != "" {
		return w.NameEn
	}
	return "Window " + strconv.Itoa(w.Number)
}
