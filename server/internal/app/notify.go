package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
	"onedoor/server/internal/store"
)

// NotifyConfig configures the outbound messages: the citizen's notices (an SMS gateway,
// or the log notifier when none is set) and the departments' webhooks.
type NotifyConfig struct {
	// SMSURL is the SMS gateway's send endpoint; empty logs the notices instead (the Log
	// notifier, phone masked).
	SMSURL string
	// SMSKey is the gateway's API key, sent in SMSKeyHeader (default X-Api-Key).
	SMSKey, SMSKeyHeader string
	// SMSSign is the registered signature (签名).
	SMSSign string
	// SMSTemplates maps each notice kind to the gateway's template id, written
	// "accepted=ID,supplement=ID,ready=ID,overdue=ID".
	SMSTemplates string
	// WebhooksPath is a JSON file giving department webhooks: {"code": {"url":
	// "https://…", "secret": "…"}}, by the department's code in the catalog.
	WebhooksPath string
	// ProvinceURL is the province's 好差评 system, which gets every rating (province.go);
	// ProvinceSecret the credential its requests are signed with. Empty: no connector.
	ProvinceURL, ProvinceSecret string
	// Outbox tunes the dispatcher (backoff, parallel sends); tests shorten its waits.
	Outbox outbox.Options
}

// The outbox's destinations: the citizen's notices, and one per department webhook.
const (
	destNotice      = "notice"
	destWebhookPref = "webhook/"
)

// minSecret is the shortest webhook secret accepted, in bytes.
const minSecret = 16

// webhookConf is one department's webhook in the webhooks file.
type webhookConf struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// notifyFlags adds the notifier's flags to fs, each with an ONEDOOR_* fallback.
func notifyFlags(fs *flag.FlagSet, c *NotifyConfig, env func(k, def string) string) {
	fs.StringVar(&c.SMSURL, "sms-url", env("SMS_URL", ""), "SMS gateway send URL; empty logs notices instead, phone masked (ONEDOOR_SMS_URL)")
	fs.StringVar(&c.SMSKey, "sms-key", env("SMS_KEY", ""), "SMS gateway API key; prefer the environment, flags show in ps (ONEDOOR_SMS_KEY)")
	fs.StringVar(&c.SMSKeyHeader, "sms-key-header", env("SMS_KEY_HEADER", "X-Api-Key"), "header carrying the SMS API key (ONEDOOR_SMS_KEY_HEADER)")
	fs.StringVar(&c.SMSSign, "sms-sign", env("SMS_SIGN", ""), "SMS signature (签名) registered with the gateway (ONEDOOR_SMS_SIGN)")
	fs.StringVar(&c.SMSTemplates, "sms-templates", env("SMS_TEMPLATES", ""), "SMS template ids: accepted=ID,supplement=ID,ready=ID,overdue=ID, optionally code=ID,near=ID,called=ID for remote tickets (ONEDOOR_SMS_TEMPLATES)")
	fs.StringVar(&c.ProvinceURL, "province-url", env("PROVINCE_URL", ""), "the province's 好差评 system: every rating is POSTed there once, signed (ONEDOOR_PROVINCE_URL)")
	fs.StringVar(&c.ProvinceSecret, "province-secret", env("PROVINCE_SECRET", ""), "the secret the province's requests are signed with; prefer the environment (ONEDOOR_PROVINCE_SECRET)")
	fs.StringVar(&c.WebhooksPath, "webhooks", env("WEBHOOKS", ""), `department webhooks JSON {"department":{"url":"https://…","secret":"…"}} (ONEDOOR_WEBHOOKS)`)
}

// turnKinds are the optional notice kinds of remote tickets: the one-time code, "your
// turn nears" and "called". A gateway without their templates sends none of them.
var turnKinds = []string{store.KindCode, KindNear, KindCalled}

// parseTemplates reads "kind=id,kind=id" and requires an id for every kind of notice.
func parseTemplates(s string) (map[string]string, error) {
	out := map[string]string{}
	var errs []error
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case !ok || k == "" || v == "":
			errs = append(errs, fmt.Errorf("%q is not kind=id", part))
		case !slices.Contains(outbox.Kinds, k) && !slices.Contains(turnKinds, k):
			errs = append(errs, fmt.Errorf("unknown kind %q (kinds: %s)", k, strings.Join(outbox.Kinds, ", ")))
		default:
			out[k] = v
		}
	}
	for _, k := range outbox.Kinds {
		if out[k] == "" {
			errs = append(errs, fmt.Errorf("no template id for %q", k))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("sms templates: %w", err)
	}
	return out, nil
}

// loadWebhooks reads and checks the department webhooks file: each key a department
// code of the catalog, each URL absolute http(s), each secret at least 16 bytes. An
// empty path is no webhooks.
func loadWebhooks(path string, cat *queue.Catalog) (map[string]webhookConf, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	var hooks map[string]webhookConf
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&hooks); err != nil {
		return nil, fmt.Errorf("webhooks %s: not a JSON object of department → {url, secret}: %w", path, err)
	}
	var errs []error
	for _, dept := range slices.Sorted(maps.Keys(hooks)) {
		h := hooks[dept]
		if err := checkDeptCode(cat, dept); err != nil {
			errs = append(errs, err)
		}
		if u, err := url.Parse(h.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("department %q: url %q is not an absolute http(s) URL", dept, h.URL))
		}
		if len(h.Secret) < minSecret {
			errs = append(errs, fmt.Errorf("department %q: the secret must be at least %d bytes", dept, minSecret))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("webhooks %s: %w", path, err)
	}
	return hooks, nil
}

// checkDeptCode reports a webhooks key that is not a department code of the catalog,
// naming the code when the key is a department's name.
func checkDeptCode(cat *queue.Catalog, key string) error {
	d, ok := cat.Department(key)
	switch {
	case !ok:
		return fmt.Errorf("department %q: not a department code of the catalog", key)
	case d.Code != key:
		return fmt.Errorf("department %q: give its code %q", key, d.Code)
	}
	return nil
}
