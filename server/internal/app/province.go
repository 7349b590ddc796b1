package app

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// The province's 好差评 system: Guangdong connects every hall's rating system to the
// provincial one, so each rating given (or defaulted after the days the rule allows) is
// put in the outbox in its commit and POSTed once, JSON signed like a department
// webhook (outbox.Webhook: HMAC-SHA256 over the timestamp and body, the secret as the
// credential), retried until acknowledged.

// destProvince is the outbox destination of the province's 好差评 system.
const destProvince = "province"

// provinceRating is what the province gets of a rating: the visit, never the person.
// Ticket is the ticket's opaque id (a retry or a later correction names the same one),
// CaseNo the case the visit opened, if any; Staff and Window the clerk who served it.
type provinceRating struct {
	Seq     uint64    `json:"seq"`
	Center  string    `json:"center"`
	Ticket  string    `json:"ticket"`
	Number  string    `json:"number"`
	Item    string    `json:"item"`
	CaseNo  string    `json:"case_no,omitempty"`
	Window  int       `json:"window,omitempty"`
	Staff   string    `json:"staff,omitempty"`
	Level   int       `json:"level"`
	Code    string    `json:"code"`
	Reasons []string  `json:"reasons,omitempty"`
	Comment string    `json:"comment,omitempty"`
	Default bool      `json:"default,omitempty"`
	RatedAt time.Time `json:"rated_at"`
}

// provinceMessage is the outbox message of a ticket.rated event; none for other events.
func provinceMessage(c store.OutboxContext, ev queue.Event) ([]outbox.Message, error) {
	if ev.Type != queue.TicketRated || ev.Rating == nil || ev.Ticket == nil {
		return nil, nil
	}
	t, r := ev.Ticket, ev.Rating
	body, err := json.Marshal(provinceRating{Seq: ev.Seq, Center: c.Catalog().Center.Code, Ticket: t.ID, Number: t.Number, Item: t.Item,
		CaseNo: c.CaseNoOfTicket(t.ID), Window: r.Window, Staff: r.Staff, Level: r.Level, Code: r.Code, Reasons: r.Reasons,
		Comment: r.Comment, Default: r.Default, RatedAt: ev.At})
	if err != nil {
		return nil, fmt.Errorf("rating of %s for the province: %w", t.ID, err)
	}
	return []outbox.Message{{Dest: destProvince, Key: "rating/" + t.ID, Body: body}}, nil
}

// checkProvince checks the connector's configuration: an absolute http(s) URL and a
// secret of at least minSecret bytes; no URL is no connector.
func checkProvince(cfg NotifyConfig) error {
	if cfg.ProvinceURL == "" {
		return nil
	}
	if u, err := url.Parse(cfg.ProvinceURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("province: -province-url %q is not an absolute http(s) URL", cfg.ProvinceURL)
	}
	if len(cfg.ProvinceSecret) < minSecret {
		return fmt.Errorf("province: the secret (-province-secret or ONEDOOR_PROVINCE_SECRET) must be at least %d bytes", minSecret)
	}
	return nil
}
