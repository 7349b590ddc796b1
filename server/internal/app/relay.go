package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// Cross-level cases (跨层级、异地通办), the accepting center's side: when a case is
// routed, each sub-case whose department the catalog places at another center
// (Department.Center) is put in the outbox, in the routing's own commit, as a relay
// message to the city tier (queue.RelayOut: the case, the item, the materials received,
// never the applicant). The outbox delivers it in order per case and retries until the
// city tier answers; the city keeps it once by (case, dept, hop, seq), so at-least-once
// delivery becomes exactly once there.

// destRelay is the outbox destination of relay messages: the city tier.
const destRelay = "relay"

// relayKey orders a case's relay messages on a line of their own.
func relayKey(caseNo string) string { return "relay/" + caseNo }

// withRelay returns a Producer that puts the relay messages an event causes, when on
// (a city tier is configured), then those of next.
func withRelay(next store.Producer, on bool) store.Producer {
	if !on {
		return next
	}
	return func(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
		out, err := relayMessages(c, ev)
		if err != nil {
			return nil, err
		}
		more, err := next(c, ev)
		return append(out, more...), err
	}
}

// relayMessages are the relay messages of an event: a case.routed's outbound ones, or
// what an action on a relayed sub-case sends on (queue.RelayFollow): at the deciding
// center its supplement, suspension, resumption or decision going back; at the
// accepting center the supplement received at a window going out.
func relayMessages(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
	if m, ok := queue.RelayFollow(&ev, c.Catalog().Center.Code); ok {
		if err := m.Check(); err != nil { // the action's own checks should have refused it
			return nil, fmt.Errorf("relay of case %s: %w", m.Case, err)
		}
		return relayMessage(m)
	}
	if ev.Type != queue.CaseRouted || ev.Case == nil {
		return nil, nil
	}
	cat := c.Catalog()
	var out []outbox.Message
	for _, m := range queue.RelayOut(ev.Case, cat.Center.Code, received(cat, ev.Case)) {
		msgs, err := relayMessage(m)
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// relayMessage is the outbox message of a relay message, on its case's line.
func relayMessage(m queue.RelayMsg) ([]outbox.Message, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("relay of case %s: %w", m.Case, err)
	}
	return []outbox.Message{{Dest: destRelay, Key: relayKey(m.Case), Body: body}}, nil
}

// received are the codes of the case item's required materials not awaited (容缺):
// the checklist's received ones.
func received(cat *queue.Catalog, cs *queue.Case) []string {
	it, ok := cat.Item(cs.Item)
	if !ok {
		return nil
	}
	var out []string
	for _, m := range it.Materials {
		awaited := slices.ContainsFunc(cs.Awaiting, func(f queue.FollowUp) bool { return f.Code == m.Code })
		if m.Required && !awaited {
			out = append(out, m.Code)
		}
	}
	return out
}

// relaySender delivers relay messages to the city tier under the center's token.
type relaySender struct {
	url, token string
	client     *http.Client
}

// Send posts one message: the city's 200 (a retry's too) acknowledges it; a 4xx other
// than 409 will never be taken and drops it; anything else is retried.
func (r *relaySender) Send(ctx context.Context, d outbox.Delivery) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(r.url, "/")+"/api/v1/relay", bytes.NewReader(d.Body))
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusConflict:
		return fmt.Errorf("relay refused by the city tier: %d %s: %w", resp.StatusCode, msg, outbox.ErrUndeliverable)
	}
	return fmt.Errorf("relay: the city tier answered %d", resp.StatusCode)
}

// newRelaySender is the relay's sender for the uplink's configuration.
func newRelaySender(c CityConfig) *relaySender {
	return &relaySender{url: c.URL, token: c.Token, client: &http.Client{Timeout: 10 * time.Second}}
}
