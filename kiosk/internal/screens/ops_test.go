package screens

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// keyRecorder passes ticket requests to the server and keeps their idempotency keys.
type keyRecorder struct {
	API
	mu   sync.Mutex
	keys []string
}

func (k *keyRecorder) Issue(ctx context.Context, req wire.IssueRequest, key string) (wire.Ticket, error) {
	k.mu.Lock()
	k.keys = append(k.keys, key)
	k.mu.Unlock()
	return k.API.Issue(ctx, req, key)
}

// sent returns the keys sent so far.
func (k *keyRecorder) sent() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.keys...)
}

// oneKey fails the test unless every request carried the same key.
func (k *keyRecorder) oneKey(t *testing.T) {
	t.Helper()
	keys := k.sent()
	for _, key := range keys {
		if key == "" || key != keys[0] {
			t.Fatalf("the retries carried different keys: %q", keys)
		}
	}
}

// waiting is the number of tickets waiting in a category, as the server says.
func (r *rig) waitingIn(prefix string) int {
	r.t.Helper()
	q, err := r.api.Queue(ctxTimeout(r.t, 10*time.Second))
	if err != nil {
		r.t.Fatal(err)
	}
	for _, c := range q.Categories {
		if c.Prefix == prefix {
			return c.Waiting
		}
	}
	return 0
}

// TestServerAwayBrowsing stops the server under a citizen: home says so, the items and
// a checklist still open, taking a ticket waits for the server and retries with the
// same key; the server comes back and exactly one ticket is issued.
func TestServerAwayBrowsing(t *testing.T) {
	rec := &keyRecorder{}
	r := newRig(t, rigOptions{tune: func(_ *Config, d *Deps) { rec.API, d.API = d.API, rec }})
	r.srv.stop()
	r.waitFor("the link to drop", func() bool { return !r.k.up })
	if name := r.screen().name(); name != "home" {
		t.Fatalf("the server's absence moved home to %s", name)
	}
	r.waitFor("the server-away notice", func() bool { return r.k.ops.notices[0].away.Visible() })
	if text := r.texts(); !strings.Contains(text, "服务器连接中断") || !strings.Contains(text, "可继续查看事项") {
		t.Errorf("home does not say the server is away: %q", text)
	}
	s := r.goToItem("A", "440199-A-001")
	if !strings.Contains(r.texts(), "个体工商户登记(备案)申请书") {
		t.Error("the checklist is not shown while the server is away")
	}
	id := r.takeTicket(s)
	r.tap(id.skip)
	r.waitFor("the wait for the server", func() bool { return id.state.Text() == r.k.tr.S("server_wait") })
	r.waitFor("a retry", func() bool { return len(rec.sent()) >= 2 })
	r.srv = startServer(t, r.srv.data, r.srv.addr)
	ts := r.ticket()
	if ts.t.Number != "A001" {
		t.Errorf("ticket %s after the server came back, want A001", ts.t.Number)
	}
	rec.oneKey(t)
	if n := r.waitingIn("A"); n != 1 {
		t.Errorf("%d tickets waiting in A, want 1", n)
	}
	r.tap(ts.done)
	r.waitScreen("home")
	r.waitFor("the notice to go", func() bool { return r.k.up && !r.k.ops.notices[0].away.Visible() })
}

// TestServerAwayGiveUp keeps the server away: the ticket waits, then the kiosk gives up
// with a clear message and no ticket; asked again once the server is back, the same
// key gives one ticket.
func TestServerAwayGiveUp(t *testing.T) {
	rec := &keyRecorder{}
	r := newRig(t, rigOptions{tune: func(c *Config, d *Deps) {
		c.IssueWait = 1500 * time.Millisecond
		rec.API, d.API = d.API, rec
	}})
	r.srv.stop()
	r.waitFor("the link to drop", func() bool { return !r.k.up })
	id := r.takeTicket(r.goToItem("B", "440199-B-002"))
	r.tap(id.skip)
	r.waitFor("the wait for the server", func() bool { return id.state.Text() == r.k.tr.S("server_wait") })
	r.waitFor("the kiosk to give up", func() bool { return id.state.Text() == r.k.tr.S("server_gave_up") })
	r.ui.sync(func() {
		if r.k.current != id || id.busy || id.skip.Disabled() || r.k.ops.awaitServer {
			t.Errorf("after giving up: screen %s, busy %v, skip disabled %v", r.k.current.name(), id.busy, id.skip.Disabled())
		}
	})
	if !strings.Contains(r.texts(), "请稍后再试,或到服务台咨询") {
		t.Error("the screen does not say what to do")
	}
	r.srv = startServer(t, r.srv.data, r.srv.addr)
	r.waitFor("the link", func() bool { return r.k.up })
	if n := r.waitingIn("B"); n != 0 {
		t.Fatalf("%d tickets waiting after giving up, want 0", n)
	}
	r.tap(id.skip)
	if ts := r.ticket(); ts.t.Number != "B001" {
		t.Errorf("ticket %s, want B001", ts.t.Number)
	}
	rec.oneKey(t)
	if n := r.waitingIn("B"); n != 1 {
		t.Errorf("%d tickets waiting, want 1", n)
	}
}

// TestCatalogCacheOnDisk: a kiosk keeps the catalog it loaded in -catalog-cache; a
// kiosk started on that file while the server is down shows home and the checklists
// at once, and says the server is away.
func TestCatalogCacheOnDisk(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "catalog.json")
	withCache := func(c *Config, _ *Deps) { c.CatalogCache = cache }
	// Each kiosk in a subtest of its own, so that one has stopped before the next
	// starts (Fyne's text caches are shared between kiosks in one process).
	var srv *server
	t.Run("first start writes the cache", func(t *testing.T) {
		r := newRig(t, rigOptions{tune: withCache})
		r.waitFor("the cache file", func() bool {
			st, err := os.Stat(cache)
			return err == nil && st.Size() > 0
		})
		srv = r.srv
		srv.stop()
	})
	t.Run("a start while the server is down", func(t *testing.T) {
		r2 := newRig(t, rigOptions{srv: srv, tune: withCache})
		r2.waitFor("the server-away notice", func() bool { return !r2.k.up && r2.k.ops.notices[0].away.Visible() })
		if text := r2.texts(); !strings.Contains(text, "商事登记") || !strings.Contains(text, "服务器连接中断") {
			t.Errorf("home from the cache: %q", text)
		}
		r2.goToItem("A", "440199-A-001")
		if !strings.Contains(r2.texts(), "个体工商户登记(备案)申请书") {
			t.Error("the cached checklist is not shown")
		}
	})
	t.Run("a damaged cache", func(t *testing.T) {
		// A damaged cache is not a catalog: out of service until the server answers.
		if err := os.WriteFile(cache, []byte(`{"center":`), 0o600); err != nil {
			t.Fatal(err)
		}
		r3 := newRig(t, rigOptions{srv: srv, tune: withCache, start: "out_of_service"})
		r3.waitFor("the damaged cache to be judged", func() bool {
			return strings.Contains(r3.logs.String(), "catalog cache unusable")
		})
		r3.ui.sync(func() {
			if r3.k.cat != nil || r3.k.current.name() != "out_of_service" {
				t.Errorf("a damaged cache gave catalog %v on %s", r3.k.cat != nil, r3.k.current.name())
			}
		})
	})
}

// deviceStatus waits for the server's audit trail to hold a printer device.status
// event with status, and returns it.
func (r *rig) deviceStatus(status string) *wire.Event {
	r.t.Helper()
	sup := client.New(r.srv.url, "")
	ctx := ctxTimeout(r.t, 15*time.Second)
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		r.t.Fatal(err)
	}
	for {
		evs, err := sup.Events(ctx, 0, 1000)
		if err != nil {
			r.t.Fatalf("device.status %s: %v", status, err)
		}
		for i, ev := range evs.Events {
			if ev.Type == "device.status" && ev.Device != nil && ev.Device.Kind == "printer" && ev.Device.Status == status {
				return &evs.Events[i]
			}
		}
		select {
		case <-ctx.Done():
			r.t.Fatalf("no printer device.status %s", status)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestPaperOutOnHome starts a kiosk whose printer has no paper: before any citizen
// starts, home says so and offers the QR code, and the server has the fault.
func TestPaperOutOnHome(t *testing.T) {
	r := newRig(t, rigOptions{paperOut: true, tune: func(c *Config, _ *Deps) { c.PrinterPoll = 100 * time.Millisecond }})
	r.waitFor("the paper-out notice", func() bool { return r.k.ops.notices[0].paper.Visible() })
	text := r.texts()
	for _, want := range []string{"号票打印机缺纸", "扫描屏幕上的二维码", "The ticket printer is out of paper"} {
		if !strings.Contains(text, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if ev := r.deviceStatus("fault"); ev.Device.Detail != "paper out" {
		t.Errorf("device.status detail %q", ev.Device.Detail)
	}
	if r.prn.Lost() != 0 || len(r.prn.Printed()) != 0 {
		t.Error("something was printed")
	}
}

// TestPaperBackOnHome puts paper back: the notice goes by itself and the server hears
// the printer is ok.
func TestPaperBackOnHome(t *testing.T) {
	r := newRig(t, rigOptions{paperOut: true, tune: func(c *Config, _ *Deps) { c.PrinterPoll = 100 * time.Millisecond }})
	r.waitFor("the paper-out notice", func() bool { return r.k.ops.notices[0].paper.Visible() })
	r.deviceStatus("fault")
	r.prn.SetPaper(false, false)
	r.waitFor("the notice to go", func() bool { return !r.k.ops.notices[0].paper.Visible() })
	if strings.Contains(r.texts(), "号票打印机缺纸") {
		t.Error("home still says the paper is out")
	}
	r.deviceStatus("ok")
}

// shotsAway takes the last screenshots of TestScreenshots: the staff login, home with
// the server-away notice, a ticket waiting for the server, and out of service.
func shotsAway(t *testing.T, r *rig, shot func(string)) {
	t.Helper()
	r.ui.sync(func() { r.k.goHome() })
	r.ui.sync(func() { r.k.show(&agentLogin{k: r.k}) })
	var s *agentLogin
	r.ui.sync(func() { s = r.k.current.(*agentLogin) })
	r.typeKeys(s, "demo1")
	shot("agent-login")
	r.ui.sync(func() { r.k.goHome() })
	r.srv.stop()
	r.waitFor("the link to drop", func() bool { return !r.k.up })
	shot("home-server-away")
	id := r.takeTicket(r.goToItem("B", "440199-B-002"))
	r.tap(id.skip)
	r.waitFor("the wait for the server", func() bool { return id.state.Text() == r.k.tr.S("server_wait") })
	shot("server-wait")
	r.ui.sync(func() { r.k.show(&outOfService{k: r.k}) })
	shot("out-of-service")
}

// TestServerAwayVisitEnds: a citizen waiting for the server walks away; the idle reset
// ends the visit, the retries stop, and when the server returns no ticket appears on
// the next citizen's screen or in the queue.
func TestServerAwayVisitEnds(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.srv.stop()
	r.waitFor("the link to drop", func() bool { return !r.k.up })
	id := r.takeTicket(r.goToItem("C", "440199-C-001"))
	r.tap(id.skip)
	r.waitFor("the wait for the server", func() bool { return id.state.Text() == r.k.tr.S("server_wait") })
	r.ui.sync(r.k.onIdle)
	r.waitScreen("home")
	r.waitFor("the retries to stop", func() bool { return strings.Contains(r.logs.String(), "the visit ended while waiting") })
	r.srv = startServer(t, r.srv.data, r.srv.addr)
	r.waitFor("the link", func() bool { return r.k.up })
	if n := r.waitingIn("C"); n != 0 {
		t.Errorf("%d tickets waiting in C after the visit ended", n)
	}
	if name := r.screen().name(); name != "home" {
		t.Errorf("the next citizen sees %s", name)
	}
}
