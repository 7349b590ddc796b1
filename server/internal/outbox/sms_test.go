package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// applicant is what the store's sealed applicant holds; the resolver hands out only the
// phone. The data is made up.
type applicant struct{ phone, idNumber, name string }

// fakeResolver looks phones up in a map of applicants by ticket or case.
type fakeResolver map[string]applicant

func (f fakeResolver) Phone(_ context.Context, ref string) (string, error) {
	a, ok := f[ref]
	switch {
	case !ok:
		return "", fmt.Errorf("ref %s: %w", ref, ErrErased)
	case a.phone == "":
		return "", fmt.Errorf("ref %s: %w", ref, ErrNoPhone)
	}
	return a.phone, nil
}

var applicants = fakeResolver{
	"T-A001": {phone: "13800000000", idNumber: "11010519491231002X", name: "测试甲"},
	"C-0042": {phone: "13912345678", idNumber: "440524188001010014", name: "测试乙"},
	"T-A002": {idNumber: "110101199003074477", name: "测试丙"}, // no phone
}

// gateway is an SMS gateway on loopback that records each request's raw bytes.
type gateway struct {
	srv  *httptest.Server
	w    *watch
	mu   sync.Mutex
	reqs []gatewayReq
}

type gatewayReq struct {
	key, delivery string
	raw           []byte
}

func newGateway(t *testing.T) *gateway {
	g := &gateway{w: newWatch()}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		g.mu.Lock()
		g.reqs = append(g.reqs, gatewayReq{r.Header.Get("X-Gw-Key"), r.Header.Get(HeaderDelivery), raw})
		g.mu.Unlock()
		g.w.bump()
		_, _ = w.Write([]byte(`{"code":"OK"}`))
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) requests() []gatewayReq {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]gatewayReq(nil), g.reqs...)
}

func newSMS(url string) *SMS {
	return &SMS{URL: url, KeyHeader: "X-Gw-Key", Key: "gw-key", SignName: "政务服务中心",
		Templates: map[string]string{KindAccepted: "SMS_1", KindSupplement: "SMS_2", KindReady: "SMS_3", KindOverdue: "SMS_4"},
		Phones:    applicants}
}

func notice(kind, ref string, params map[string]string) []byte {
	b, _ := json.Marshal(Notice{Kind: kind, Ref: ref, Params: params})
	return b
}

// TestSMSRequestCarriesOnlyThePhone: for every kind, the gateway gets the template of
// the kind, the sign name, the key, and the phone only in the phone field: the raw bytes
// hold the number once and no ID number or name.
func TestSMSRequestCarriesOnlyThePhone(t *testing.T) {
	g := newGateway(t)
	s := newSMS(g.srv.URL)
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct{ kind, ref, template string }{
		{KindAccepted, "T-A001", "SMS_1"},
		{KindSupplement, "C-0042", "SMS_2"},
		{KindReady, "C-0042", "SMS_3"},
		{KindOverdue, "T-A001", "SMS_4"},
	} {
		params := map[string]string{"case": "C20261207001", "date": "2026-12-18"}
		err := s.Send(context.Background(), Delivery{ID: fmt.Sprint("D", i), Dest: "sms", Key: tc.ref, Body: notice(tc.kind, tc.ref, params)})
		if err != nil {
			t.Fatalf("%s: %v", tc.kind, err)
		}
		r := g.requests()[i]
		a := applicants[tc.ref]
		var got smsRequest
		if err := json.Unmarshal(r.raw, &got); err != nil {
			t.Fatal(err)
		}
		want := smsRequest{Phone: a.phone, SignName: "政务服务中心", TemplateID: tc.template, Params: params}
		if fmt.Sprint(got) != fmt.Sprint(want) || r.key != "gw-key" || r.delivery != fmt.Sprint("D", i) {
			t.Errorf("%s: gateway got %+v key %q delivery %q, want %+v", tc.kind, got, r.key, r.delivery, want)
		}
		if n := bytes.Count(r.raw, []byte(a.phone)); n != 1 {
			t.Errorf("%s: the phone appears %d times in %s", tc.kind, n, r.raw)
		}
		for _, p := range []string{a.idNumber, a.name, a.idNumber[6:14]} {
			if bytes.Contains(r.raw, []byte(p)) {
				t.Errorf("%s: the request holds personal data %q: %s", tc.kind, p, r.raw)
			}
		}
	}
}

// TestSMSUndeliverable: no phone, erased, an unknown kind and an unreadable body are
// dropped (ErrUndeliverable) without a request; a resolver failure is retried.
func TestSMSUndeliverable(t *testing.T) {
	g := newGateway(t)
	s := newSMS(g.srv.URL)
	for _, tc := range []struct {
		name string
		body string
		drop bool
	}{
		{"no phone", string(notice(KindReady, "T-A002", nil)), true},
		{"erased", string(notice(KindReady, "T-GONE", nil)), true},
		{"unknown kind", string(notice("birthday", "T-A001", nil)), true},
		{"no ref", `{"kind":"ready"}`, true},
		{"not a notice", `[1,2]`, true},
	} {
		err := s.Send(context.Background(), Delivery{ID: "x", Body: []byte(tc.body)})
		if errors.Is(err, ErrUndeliverable) != tc.drop || err == nil {
			t.Errorf("%s: Send = %v, want undeliverable %v", tc.name, err, tc.drop)
		}
	}
	s.Phones = failingResolver{}
	if err := s.Send(context.Background(), Delivery{ID: "x", Body: notice(KindReady, "T-A001", nil)}); err == nil || errors.Is(err, ErrUndeliverable) {
		t.Errorf("a resolver failure: Send = %v, want a retry", err)
	}
	if n := len(g.requests()); n != 0 {
		t.Errorf("%d requests reached the gateway", n)
	}
	s.Templates = map[string]string{KindReady: "SMS_3"}
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), KindAccepted) {
		t.Errorf("Check with templates missing = %v", err)
	}
}

type failingResolver struct{}

func (failingResolver) Phone(context.Context, string) (string, error) {
	return "", errors.New("the store is busy")
}

// TestSMSThroughTheOutbox: notices put in the store reach the gateway once each; the
// one whose applicant has no phone is dropped; neither the log nor the bbolt file ever
// holds a phone number or an ID number.
func TestSMSThroughTheOutbox(t *testing.T) {
	g := newGateway(t)
	db, path := tempDB(t)
	var logs bytes.Buffer
	var logMu sync.Mutex
	opt := fastOptions()
	opt.Log = slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opt.OnAttempt = func(Delivery, error) { g.w.bump() }
	d := New(db, map[string]Sender{"sms": newSMS(g.srv.URL)}, opt)
	stop := run(t, d)
	putAll(t, db,
		Message{Dest: "sms", Key: "T-A001", Body: notice(KindAccepted, "T-A001", map[string]string{"case": "C1"})},
		Message{Dest: "sms", Key: "T-A002", Body: notice(KindAccepted, "T-A002", nil)},
		Message{Dest: "sms", Key: "C-0042", Body: notice(KindReady, "C-0042", nil)},
		Message{Dest: "sms", Key: "T-A001", Body: notice(KindReady, "T-A001", nil)},
	)
	d.Notify()
	g.w.wait(t, "the outbox emptied", func() bool {
		p, err := d.Pending()
		return err == nil && len(p) == 0
	})
	stop()
	if n := len(g.requests()); n != 3 {
		t.Errorf("the gateway got %d requests, want 3", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	logMu.Lock()
	out := logs.String()
	logMu.Unlock()
	if !strings.Contains(out, "dropped an undeliverable message") {
		t.Errorf("the dropped notice was not logged:\n%s", out)
	}
	for _, a := range applicants {
		for _, p := range []string{a.phone, a.idNumber, a.name} {
			if p != "" && strings.Contains(out, p) {
				t.Errorf("the log holds %q:\n%s", p, out)
			}
			if p != "" && bytes.Contains(file, []byte(p)) {
				t.Errorf("the bbolt file holds %q", p)
			}
		}
	}
}

// TestLogNotifierMasksThePhone: the default notifier logs kind, ref and the phone
// masked, never in full.
func TestLogNotifierMasksThePhone(t *testing.T) {
	var buf bytes.Buffer
	l := &Log{Logger: slog.New(slog.NewTextHandler(&buf, nil)), Phones: applicants}
	for _, ref := range []string{"T-A001", "T-A002"} {
		if err := l.Send(context.Background(), Delivery{ID: "D1", Body: notice(KindReady, ref, map[string]string{"case": "C1"})}); err != nil {
			t.Fatal(err)
		}
	}
	out := buf.String()
	for _, want := range []string{"kind=ready", "ref=T-A001", "phone=138****0000", "ref=T-A002", "phone=none"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	for _, a := range applicants {
		for _, p := range []string{a.phone, a.idNumber, a.name} {
			if p != "" && strings.Contains(out, p) {
				t.Errorf("the log holds %q:\n%s", p, out)
			}
		}
	}
}

// TestMaskPhone: the middle is hidden, short numbers whole.
func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13800000000":    "138****0000",
		"+8613912345678": "+86139****5678",
		"+861234":        "+86****",
		"1234567":        "****",
		"":               "****",
	} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

// lockedWriter serialises writes to a buffer the test reads.
type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
