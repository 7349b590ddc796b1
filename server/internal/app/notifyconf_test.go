package app

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/queue"
)

// TestBadNotifyConfigStopsTheStart: a webhooks file or an SMS gateway configuration
// that cannot work stops the start with an error that says what is wrong, before the
// data file is opened.
func TestBadNotifyConfigStopsTheStart(t *testing.T) {
	dept := marketDept(t)
	market, _ := mustCatalog(t).Item(marketItem)
	file := func(content string) string {
		p := filepath.Join(t.TempDir(), "webhooks.json")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"` + dept + `":{"url":"https://dept.example/hook","secret":"` + testSecret + `"}}`
	sms := func(n NotifyConfig) NotifyConfig {
		n.SMSURL, n.SMSKey, n.SMSTemplates = "http://127.0.0.1:1/send", testSMSKey, testTemplates
		return n
	}
	cases := []struct {
		name string
		n    NotifyConfig
		want string // "" starts
	}{
		{"good webhooks and SMS", sms(NotifyConfig{WebhooksPath: file(good)}), ""},
		{"no file", NotifyConfig{WebhooksPath: filepath.Join(t.TempDir(), "missing.json")}, "no such file"},
		{"not JSON", NotifyConfig{WebhooksPath: file(`{"x":`)}, "not a JSON object"},
		{"unknown field", NotifyConfig{WebhooksPath: file(`{"` + dept + `":{"url":"https://a/b","secret":"` + testSecret + `","sekret":"x"}}`)}, "unknown field"},
		{"unknown department", NotifyConfig{WebhooksPath: file(`{"某某局":{"url":"https://a/b","secret":"` + testSecret + `"}}`)}, `department "某某局": not a department code of the catalog`},
		{"department by name", NotifyConfig{WebhooksPath: file(`{"` + market.Department + `":{"url":"https://a/b","secret":"` + testSecret + `"}}`)}, `give its code "` + dept + `"`},
		{"relative URL", NotifyConfig{WebhooksPath: file(`{"` + dept + `":{"url":"/hook","secret":"` + testSecret + `"}}`)}, "is not an absolute http(s) URL"},
		{"ftp URL", NotifyConfig{WebhooksPath: file(`{"` + dept + `":{"url":"ftp://a/b","secret":"` + testSecret + `"}}`)}, "is not an absolute http(s) URL"},
		{"short secret", NotifyConfig{WebhooksPath: file(`{"` + dept + `":{"url":"https://a/b","secret":"short"}}`)}, "at least 16 bytes"},
		{"SMS without templates", NotifyConfig{SMSURL: "http://127.0.0.1:1/send", SMSKey: testSMSKey}, `no template id for "accepted"`},
		{"SMS template of no kind", NotifyConfig{SMSURL: "http://127.0.0.1:1/send", SMSKey: testSMSKey, SMSTemplates: testTemplates + ",welcome=X"}, `unknown kind "welcome"`},
		{"SMS template not kind=id", NotifyConfig{SMSURL: "http://127.0.0.1:1/send", SMSKey: testSMSKey, SMSTemplates: testTemplates + ",accepted"}, `"accepted" is not kind=id`},
		{"SMS without a key", NotifyConfig{SMSURL: "http://127.0.0.1:1/send", SMSTemplates: testTemplates}, "without a key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Policy: queue.DefaultPolicy(), Notify: tc.n}
			srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("a good configuration did not start: %v", err)
				}
				srv.Close(t.Context())
				return
			}
			if err == nil {
				srv.Close(t.Context())
				t.Fatalf("started; want an error with %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to say %q", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "onedoor.db")); err == nil {
				t.Fatal("the data file was opened before the configuration was checked")
			}
		})
	}
}

// TestNotifyFlagsAndEnvironment: each notifier setting comes from its flag, or else
// from its ONEDOOR_* variable.
func TestNotifyFlagsAndEnvironment(t *testing.T) {
	t.Setenv("ONEDOOR_SMS_KEY", "from-env")
	t.Setenv("ONEDOOR_SMS_URL", "http://env/send")
	t.Setenv("ONEDOOR_WEBHOOKS", "/env/webhooks.json")
	c, err := ParseFlags([]string{"-sms-url", "http://flag/send", "-sms-sign", "示例", "-sms-templates", testTemplates}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	n := c.Notify
	if n.SMSURL != "http://flag/send" || n.SMSKey != "from-env" || n.SMSSign != "示例" || n.SMSTemplates != testTemplates ||
		n.WebhooksPath != "/env/webhooks.json" || n.SMSKeyHeader != "X-Api-Key" {
		t.Fatalf("notify config %+v", n)
	}
}
