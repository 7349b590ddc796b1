package app

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	webpush "github.com/SherClockHolmes/webpush-go"

	"onedoor/internal/queue"
	"onedoor/server/internal/docs"
	"onedoor/server/internal/httpapi"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// RemoteConfig configures tickets from a phone (远程取号) and Web Push.
type RemoteConfig struct {
	// Rules are the hall's rules; zero values take queue.DefaultRemoteRules'.
	Rules queue.RemoteRules
	// VAPIDPath is the file of the server's VAPID key pair, made at the first start;
	// empty is vapid.json in the data folder.
	VAPIDPath string
	// VAPIDSubject is the contact the push services are given (mailto: or https:).
	VAPIDSubject string
}

// remoteFlags adds the flags of remote tickets and Web Push to fs.
func remoteFlags(fs *flag.FlagSet, cfg *Config, env func(k, def string) string) {
	c, d := &cfg.Remote, queue.DefaultRemoteRules()
	fs.BoolVar(&cfg.Policy.JoinAtCheckIn, "remote-join-at-checkin", env("REMOTE_JOIN_AT_CHECKIN", "") == "1",
		"a phone ticket joins the call order only when checked in, at the back; default: placed at issue, missed if not checked in when called (ONEDOOR_REMOTE_JOIN_AT_CHECKIN=1)")
	fs.IntVar(&c.Rules.PerNumberPerDay, "remote-per-number", d.PerNumberPerDay, "tickets one mobile number may take from a phone a day")
	fs.IntVar(&c.Rules.NearAhead, "remote-near", d.NearAhead, "tickets ahead that trigger the \"your turn nears\" message")
	fs.StringVar(&c.VAPIDPath, "vapid-keys", env("VAPID_KEYS", ""), "VAPID key pair file for Web Push, made if missing; empty: vapid.json in the data folder (ONEDOOR_VAPID_KEYS)")
	fs.StringVar(&c.VAPIDSubject, "vapid-subject", env("VAPID_SUBJECT", "mailto:admin@localhost"), "contact given to push services (ONEDOOR_VAPID_SUBJECT)")
}

// rules returns the configured rules, defaults filled in.
func (c RemoteConfig) rules() queue.RemoteRules {
	r, d := c.Rules, queue.DefaultRemoteRules()
	fill := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	fill(&r.PerNumberPerDay, d.PerNumberPerDay)
	fill(&r.MaxTries, d.MaxTries)
	fill(&r.CodesPerDay, d.CodesPerDay)
	fill(&r.NearAhead, d.NearAhead)
	if r.CodeTTL <= 0 {
		r.CodeTTL = d.CodeTTL
	}
	if r.LockFor <= 0 {
		r.LockFor = d.LockFor
	}
	if r.ResendAfter <= 0 {
		r.ResendAfter = d.ResendAfter
	}
	return r
}

// vapidKeys is the server's VAPID key pair, base64url as webpush-go makes them.
type vapidKeys struct {
	Public  string `json:"public"`
	Private string `json:"private"`
}

// loadVAPID reads the key pair at path, or makes one and writes it (0600) when there is
// none.
func loadVAPID(path string) (vapidKeys, error) {
	var k vapidKeys
	data, err := os.ReadFile(path)
	if err == nil {
		if err := json.Unmarshal(data, &k); err != nil || k.Public == "" || k.Private == "" {
			return k, fmt.Errorf("vapid keys %s: not a key pair", path)
		}
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return k, fmt.Errorf("vapid keys: %w", err)
	}
	if k.Private, k.Public, err = webpush.GenerateVAPIDKeys(); err != nil {
		return k, fmt.Errorf("vapid keys: %w", err)
	}
	data, _ = json.Marshal(k)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return k, fmt.Errorf("vapid keys: %w", err)
	}
	// durably: a key pair lost to a power cut would leave every phone's subscription
	// unusable, and a torn file would keep the server from starting
	if err := store.WriteFileDurable(path, data, 0o600); err != nil {
		return k, fmt.Errorf("vapid keys: %w", err)
	}
	return k, nil
}

// startAPI loads the Web Push keys, makes the HTTP API and registers the feed's metrics.
func (s *Server) startAPI(cfg Config) error {
	var err error
	if s.vapid, err = cfg.loadVAPID(); err != nil {
		return err
	}
	s.API = httpapi.New(s.Store, s.Hub, httpapi.Config{PublicURL: cfg.PublicURL, Logger: s.log, Pages: pagesOr(cfg.Pages), Limits: cfg.Limits,
		Remote: httpapi.RemoteConfig{Rules: cfg.Remote.rules(), VAPIDPublic: s.vapid.Public}})
	go docs.Warm() // the documents' font, cut while the hall opens
	return s.API.RegisterMetrics(s.Feed.Collectors()...)
}

// loadVAPID loads (or makes) the server's key pair; none for a store opened read-only.
func (c Config) loadVAPID() (vapidKeys, error) {
	if c.ReadOnly {
		return vapidKeys{}, nil
	}
	return loadVAPID(c.vapidPath())
}

// vapidPath is where the key pair is kept.
func (c Config) vapidPath() string {
	if c.Remote.VAPIDPath != "" {
		return c.Remote.VAPIDPath
	}
	return filepath.Join(c.Data, "vapid.json")
}

// pushSender is the outbox's Sender of Web Push messages: it looks the ticket's
// subscription up at send time, encrypts the message for it (RFC 8291) and posts it to
// the push service with a VAPID signature.
type pushSender struct {
	keys    vapidKeys
	subject string
	subs    func(ctx context.Context, id string) (store.PushSubscription, error)
	client  *http.Client
}

// Send pushes the message in d; a subscription gone (erased, or 404/410 from the push
// service) makes it undeliverable.
func (p *pushSender) Send(ctx context.Context, d outbox.Delivery) error {
	var b pushBody
	if err := json.Unmarshal(d.Body, &b); err != nil || b.Ref == "" {
		return fmt.Errorf("%w: push body", outbox.ErrUndeliverable)
	}
	sub, err := p.subs(ctx, b.Ref)
	if errors.Is(err, outbox.ErrErased) {
		return fmt.Errorf("%w: %w", outbox.ErrUndeliverable, err)
	}
	if err != nil {
		return err
	}
	// id is the delivery id, the same on every attempt: a repeat of one cut by a crash
	// can be told from a second message (the notification's tag replaces it anyway)
	msg, _ := json.Marshal(map[string]string{"title": b.Title, "body": b.Body, "url": b.URL, "tag": b.Tag, "id": d.ID})
	resp, err := webpush.SendNotificationWithContext(ctx, msg, &webpush.Subscription{Endpoint: sub.Endpoint,
		Keys: webpush.Keys{P256dh: sub.Keys.P256dh, Auth: sub.Keys.Auth}},
		&webpush.Options{HTTPClient: p.client, Subscriber: p.subject, VAPIDPublicKey: p.keys.Public,
			VAPIDPrivateKey: p.keys.Private, TTL: 3600, Urgency: webpush.UrgencyHigh})
	if err != nil {
		return fmt.Errorf("push %s: %w", b.Ref, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return fmt.Errorf("%w: the subscription of %s is gone (%d)", outbox.ErrUndeliverable, b.Ref, resp.StatusCode)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return &outbox.StatusError{Code: resp.StatusCode}
	}
	return nil
}
