package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"onedoor/internal/queue"
)

// A center pulls the relay messages the city tier holds for it and acknowledges each
// once applied. A sub-case relayed in (hop out, seq 1) opens a case in its department's
// inbox, or joins the case relayed in before as another part (store.RelayIn; one the
// case holds already was taken before). Every
// other message is applied to its sub-case by queue.RelaySteps as the relay's staff:
// at the accepting center a decision (the case becomes ready at its pickup window like
// any other), a supplement asked for (its citizen is texted like for a local one), a
// suspension or resumption; at the deciding center the supplement received. The last
// action records the message's seq on the sub-case, so a message offered again after a
// restart changes nothing.

// relayPuller pulls the relayed decisions addressed to this center.
type relayPuller struct {
	s      *Server
	url    string
	token  string
	client *http.Client
}

// startRelayPull starts pulling every interval and returns what stops it.
func (s *Server) startRelayPull(every time.Duration) (stop func()) {
	if every <= 0 {
		every = 2 * time.Second
	}
	p := &relayPuller{s: s, url: strings.TrimSuffix(s.cfg.City.URL, "/"), token: s.cfg.City.Token, client: &http.Client{Timeout: 10 * time.Second}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if err := p.pull(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("relay pull", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}

// pull takes one page of messages, applies and acknowledges each in order. A message
// that fails holds back the rest of its case (order within a case) until the next pull,
// not the other cases; it is logged by case number, never with its content.
func (p *relayPuller) pull(ctx context.Context) error {
	var page struct{ Messages []queue.RelayMsg }
	if err := p.call(ctx, http.MethodGet, "/api/v1/relay", nil, &page); err != nil {
		return err
	}
	held := map[string]bool{}
	for _, m := range page.Messages {
		if held[m.Case] {
			continue
		}
		if err := p.apply(ctx, m); err != nil {
			held[m.Case] = true
			p.s.log.Warn("relay message not applied", "case", m.Case, "hop", m.Hop, "seq", m.Seq, "err", err)
			continue
		}
		ack, _ := json.Marshal(map[string]any{"case": m.Case, "dept": m.Dept, "hop": m.Hop, "last": m.Seq})
		if err := p.call(ctx, http.MethodPost, "/api/v1/relay/ack", ack, nil); err != nil {
			return err
		}
	}
	return nil
}

// apply takes a sub-case relayed in, or applies the step or decision a message carries
// to the sub-case it is for, once and in order (queue.RelaySteps).
func (p *relayPuller) apply(ctx context.Context, m queue.RelayMsg) error {
	if err := m.Check(); err != nil {
		return fmt.Errorf("a malformed relay message from the city tier: %w", err)
	}
	if m.Hop == queue.HopOut && m.Step == "" {
		_, err := p.s.Store.RelayIn(ctx, m) // a sub-case taken before changes nothing
		return err
	}
	c, err := p.s.Store.Case(m.Case)
	if err != nil {
		return err
	}
	part, ok := c.RelayPart(m.Dept) // at the deciding center transferred or not
	if !ok {
		return fmt.Errorf("case %s has no sub-case of %s", m.Case, m.Dept)
	}
	cmds, err := queue.RelaySteps(part, m, queue.RelayStaff(m.From))
	if err != nil {
		return err
	}
	for _, cmd := range cmds {
		if _, err := p.s.Store.DecideCase(ctx, cmd); err != nil {
			return fmt.Errorf("%s: %w", cmd.Action, err)
		}
	}
	return nil
}

// call sends a request to the city tier under the center's token and decodes a 2xx
// answer into out (nil: none expected).
func (p *relayPuller) call(ctx context.Context, method, path string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, p.url+path, rd)
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("relay %s %s: the city tier answered %d", method, path, resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(out); err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	return nil
}
