package app

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// outboxRun is the running Dispatcher of the store's outbox.
type outboxRun struct {
	d      *outbox.Dispatcher
	dests  []string // every destination configured, for the metrics' zero values
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}
}

// senders builds the outbox's senders: the notice sender (the SMS gateway, or the log
// notifier) and one webhook per department. A gateway configured without what it needs
// is an error.
func senders(cfg NotifyConfig, hooks map[string]webhookConf, phones outbox.PhoneResolver, log *slog.Logger) (map[string]outbox.Sender, error) {
	out := map[string]outbox.Sender{}
	if cfg.SMSURL == "" {
		out[destNotice] = &outbox.Log{Logger: log, Phones: phones}
	} else {
		tmpl, err := parseTemplates(cfg.SMSTemplates)
		if err != nil {
			return nil, err
		}
		sms := &outbox.SMS{URL: cfg.SMSURL, KeyHeader: cfg.SMSKeyHeader, Key: cfg.SMSKey, SignName: cfg.SMSSign, Templates: tmpl, Phones: phones}
		if err := sms.Check(); err != nil {
			return nil, err
		}
		out[destNotice] = sms
	}
	for dept, h := range hooks {
		out[webhookDest(dept)] = &outbox.Webhook{URL: h.URL, Secret: []byte(h.Secret)}
	}
	if cfg.ProvinceURL != "" {
		out[destProvince] = &outbox.Webhook{URL: cfg.ProvinceURL, Secret: []byte(cfg.ProvinceSecret)}
	}
	return out, nil
}

// checkNotify checks the notifier's configuration before anything is opened, so a bad
// one stops the start with a clear error.
func checkNotify(cfg NotifyConfig) error {
	if err := checkProvince(cfg); err != nil {
		return err
	}
	if cfg.SMSURL == "" {
		return nil
	}
	if _, err := parseTemplates(cfg.SMSTemplates); err != nil {
		return err
	}
	if cfg.SMSKey == "" {
		return fmt.Errorf("sms: -sms-url is set without a key (-sms-key or ONEDOOR_SMS_KEY)")
	}
	return nil
}

// startOutbox starts the Dispatcher of st's outbox with the senders; nil for a store
// opened read-only.
func startOutbox(st *store.Store, snd map[string]outbox.Sender, opt outbox.Options, log *slog.Logger) *outboxRun {
	if opt.Log == nil {
		opt.Log = log
	}
	d := st.Outbox(snd, opt)
	if d == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &outboxRun{d: d, dests: slices.Sorted(maps.Keys(snd)), log: log, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		d.Run(ctx)
	}()
	return r
}

// close ends Run after the attempts in flight, so the db may be closed after it.
func (r *outboxRun) close() {
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
}

// Describe and Collect make outboxRun a Prometheus collector of what waits per
// destination.
var (
	descPending = prometheus.NewDesc("onedoor_outbox_pending", "Outbox messages waiting to be delivered, per destination.", []string{"dest"}, nil)
	descOldest  = prometheus.NewDesc("onedoor_outbox_oldest_seconds", "Age of the oldest outbox message waiting, per destination (0 when none waits).", []string{"dest"}, nil)
)

// Describe sends the outbox metrics' descriptions.
func (r *outboxRun) Describe(ch chan<- *prometheus.Desc) {
	ch <- descPending
	ch <- descOldest
}

// Collect reads the backlog per destination: every configured one, 0 when none waits.
func (r *outboxRun) Collect(ch chan<- prometheus.Metric) {
	p, err := r.d.Pending()
	if err != nil {
		r.log.Warn("outbox metrics", "err", err)
		return
	}
	dests := slices.Clone(r.dests)
	for d := range p {
		if !slices.Contains(dests, d) {
			dests = append(dests, d) // a destination no longer configured still waits
		}
	}
	for _, d := range dests {
		b := p[d]
		ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(b.Count), d)
		ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, b.Oldest.Seconds(), d)
	}
}

// startOutbox builds the senders, starts the dispatcher and registers its metrics.
func (s *Server) startOutbox(hooks map[string]webhookConf) error {
	snd, err := senders(s.cfg.Notify, hooks, s.Store, s.log)
	if err != nil {
		return err
	}
	if s.cfg.City.URL != "" {
		snd[destRelay] = newRelaySender(s.cfg.City)
	}
	if s.vapid.Private != "" {
		snd[destPush] = &pushSender{keys: s.vapid, subject: s.cfg.Remote.VAPIDSubject, subs: s.Store.PushSubscriptionOf,
			client: &http.Client{Timeout: 10 * time.Second}}
	}
	s.outbox = startOutbox(s.Store, snd, s.cfg.Notify.Outbox, s.log)
	if s.outbox == nil {
		return nil
	}
	return s.API.RegisterMetrics(s.outbox)
}
