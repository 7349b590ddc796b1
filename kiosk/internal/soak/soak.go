// Package soak drives the real kiosk in a window under Xvfb like a citizen, visit
// after visit, and measures what the citizen sees and what the kiosk keeps: each screen
// change from the tap to a still framebuffer, the card placed → ticket screen still,
// and the kiosk's RSS after every visit (issue 12). The server, the reader and printer
// simulators and the kiosk are separate processes (an in-process printer simulator
// would keep every ticket's image in the kiosk's memory); where to tap comes from a
// shadow of the kiosk's screens on Fyne's test driver (internal/tools/xsoak).
package soak

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/tools/xsoak"
	"onedoor/internal/uikit"
	"onedoor/kiosk/internal/screens"
)

// Config says what to run and how long.
type Config struct {
	// ServerBin and KioskBin are the built onedoor server and kiosk.
	ServerBin, KioskBin string
	// Visits is the number of citizens (default 200).
	Visits int
	// Dir keeps the logs, the data and the printed tickets; "" makes a temporary one,
	// removed afterwards.
	Dir string
	// Settle is how long the framebuffer must stay unchanged to count as still
	// (default 150 ms).
	Settle time.Duration
	// Dwell is a citizen's pause between a screen drawn and the next tap (default
	// 500 ms: more than the kiosk's 400 ms tap guard).
	Dwell time.Duration
	// Out gets progress lines and the summary.
	Out io.Writer
	// Trace, when set, gets a line per framebuffer change after each tap: the change's
	// kind, its time from the click and the rows it touched.
	Trace io.Writer
}

func (c *Config) defaults() {
	if c.Visits <= 0 {
		c.Visits = 200
	}
	if c.Settle <= 0 {
		c.Settle = 150 * time.Millisecond
	}
	if c.Dwell <= 0 {
		c.Dwell = 500 * time.Millisecond
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
}

// Run starts everything, makes cfg.Visits visits and returns the figures.
func Run(ctx context.Context, cfg Config) (xsoak.Summary, error) {
	cfg.defaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.Dir == "" {
		d, err := os.MkdirTemp("", "onedoor-kiosksoak-")
		if err != nil {
			return xsoak.Summary{}, err
		}
		defer os.RemoveAll(d)
		cfg.Dir = d
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return xsoak.Summary{}, err
	}
	r, err := start(ctx, cfg)
	if r != nil {
		defer r.close()
	}
	if err != nil {
		return xsoak.Summary{}, err
	}
	rec := xsoak.NewRecorder()
	rec.Log = cfg.Out
	for i := 0; i < cfg.Visits; i++ {
		if err := r.visit(i, rec); err != nil {
			return rec.Summary(xsoak.IssueTargets), fmt.Errorf("visit %d: %w", i+1, err)
		}
		rss, err := xsoak.RSS(r.kiosk.Pid())
		if err != nil {
			return rec.Summary(xsoak.IssueTargets), err
		}
		rec.Visit(rss)
	}
	return rec.Summary(xsoak.IssueTargets), nil
}

// run is a soak in progress.
type run struct {
	cfg     Config
	x       *xsoak.Display
	server  *xsoak.Server
	reader  *xsoak.Proc
	cards   *xsoak.Console
	printer *xsoak.Proc
	kiosk   *xsoak.Proc
	shadow  *shadow
	cat     queue.Catalog
	ox, oy  int   // the real window's content on the screen
	logAt   int64 // how far the kiosk's log has been read
	clock   *regexp.Regexp
}

// start runs Xvfb, the server, the simulators, the kiosk and its shadow, and waits
// for both kiosks' home screens.
func start(ctx context.Context, cfg Config) (*run, error) {
	r := &run{cfg: cfg, clock: regexp.MustCompile(`\d\d:\d\d:\d\d`)}
	var err error
	if r.x, err = xsoak.StartXvfb(ctx, cfg.Dir); err != nil {
		return nil, err
	}
	if r.server, err = xsoak.StartServer(cfg.Dir, cfg.ServerBin); err != nil {
		return r, err
	}
	in, console, err := xsoak.NewConsole()
	if err != nil {
		return r, err
	}
	r.cards = console
	readerLink, printerLink := filepath.Join(cfg.Dir, "idcard"), filepath.Join(cfg.Dir, "printer")
	r.reader, err = xsoak.Start(cfg.Dir, "sim-reader", os.Environ(), in, cfg.KioskBin, "sim-reader", "-link", readerLink)
	in.Close()
	if err != nil {
		return r, err
	}
	if r.printer, err = xsoak.Start(cfg.Dir, "sim-printer", os.Environ(), nil, cfg.KioskBin, "sim-printer", "-link", printerLink,
		"-out", filepath.Join(cfg.Dir, "printed")); err != nil {
		return r, err
	}
	for _, p := range []*xsoak.Proc{r.reader, r.printer} {
		if _, _, err := p.WaitLog(0, "simulated", 30*time.Second); err != nil {
			return r, err
		}
	}
	env := append(r.x.Env(), "LANG=zh_CN.UTF-8", "FYNE_SCALE=1")
	if r.kiosk, err = xsoak.Start(cfg.Dir, "kiosk", env, nil, cfg.KioskBin, "-server", r.server.URL, "-token", r.server.KioskToken,
		"-reader", readerLink, "-printer", printerLink, "-kiosk-id", "soak", "-idle", "3600s"); err != nil {
		return r, err
	}
	if r.ox, r.oy, err = r.x.WaitWindow("onedoor", 60*time.Second); err != nil {
		return r, err
	}
	if err := r.waitKiosk("home", 60*time.Second); err != nil {
		return r, err
	}
	c := client.New(r.server.URL, r.server.KioskToken)
	cat, err := c.Catalog(ctx)
	if err != nil {
		return r, fmt.Errorf("catalog: %w", err)
	}
	r.cat = *cat
	size := r.x.FB
	r.shadow = newShadow(ctx, r.server.URL, r.server.KioskToken, float32(size.Width), float32(size.Height))
	if !r.shadow.waitScreen("home", 30*time.Second) {
		return r, fmt.Errorf("the shadow kiosk never showed home (shows %q)", r.shadow.screen())
	}
	r.x.FB.Settle(r.cfg.Settle, 10*time.Second, r.masks())
	return r, nil
}

// close stops everything it started, the kiosk first.
func (r *run) close() {
	for _, p := range []*xsoak.Proc{r.kiosk, r.printer, r.reader} {
		if p != nil {
			p.Stop()
		}
	}
	if r.cards != nil {
		r.cards.Close()
	}
	if r.server != nil {
		r.server.Stop()
	}
	if r.x != nil {
		r.x.Close()
	}
}

// waitKiosk waits for the real kiosk's log to say it shows name.
func (r *run) waitKiosk(name string, timeout time.Duration) error {
	_, next, err := r.kiosk.WaitLine(r.logAt, "screen "+name, func(l string) bool {
		n, ok := screenName(l)
		return ok && n == name
	}, timeout)
	if err == nil {
		r.logAt = next
	}
	return err
}

// masks are the parts of the screen that change by themselves: home's clock.
func (r *run) masks() []xsoak.Rect {
	var rect xsoak.Rect
	var ok bool
	r.shadow.ui.Sync(func() { rect, ok = xsoak.Bounds(r.shadow.win.Canvas(), r.ox, r.oy, r.clock) })
	if !ok {
		return nil
	}
	return []xsoak.Rect{rect}
}

// items lists a category's items in catalog order.
func (r *run) items(category string) []*queue.Item {
	var out []*queue.Item
	for i := range r.cat.Items {
		if r.cat.Items[i].Category == category {
			out = append(out, &r.cat.Items[i])
		}
	}
	return out
}

// visit is one citizen: a category, an item, its checklist, the ID card (where the
// item needs it, and on every other visit where it is optional: the sample catalog
// has no item that needs one; never at result pickup) or on without one, the ticket,
// and home again. Visits
// go round the categories that have items, and round each category's items.
func (r *run) visit(i int, rec *xsoak.Recorder) error {
	var cats []*queue.Category
	for j := range r.cat.Categories {
		if len(r.items(r.cat.Categories[j].Code)) > 0 {
			cats = append(cats, &r.cat.Categories[j])
		}
	}
	if len(cats) == 0 {
		return fmt.Errorf("the catalog has no items")
	}
	c := cats[i%len(cats)]
	its := r.items(c.Code)
	it := its[(i/len(cats))%len(its)]
	if err := r.tap("home→items", c.NameZh, "items", rec); err != nil {
		return err
	}
	if err := r.tap("items→item", it.NameZh, "item", rec); err != nil {
		return err
	}
	if err := r.tap("item→identity", screens.Label("take_ticket", uikit.Zh), "identity", rec); err != nil {
		return err
	}
	// at result pickup a card asks for ready results, and the soak's citizens have none:
	// they come with the case number instead, on without the card, for a plain ticket
	if it.NeedsID || i%2 == 1 && it.Category != queue.PickupCategory {
		if err := r.card(i, rec); err != nil {
			return err
		}
	} else if err := r.tap("identity→ticket", screens.Label("skip_id", uikit.Zh), "ticket", rec); err != nil {
		return err
	}
	return r.tap("ticket→home", screens.Label("done", uikit.Zh), "home", rec)
}

// tap finds label on the shadow's screen, moves the pointer there and lets the screen
// settle, then clicks the real kiosk and taps the shadow, and records the time from
// the click to a still framebuffer as kind. Both must then show the screen want.
func (r *run) tap(kind, label, want string, rec *xsoak.Recorder) error {
	var t xsoak.Target
	var err error
	r.shadow.ui.Sync(func() { t, err = xsoak.Find(r.shadow.win.Canvas(), r.ox, r.oy, label) })
	if err != nil {
		return fmt.Errorf("%s: %w (the shadow shows %s)", kind, err, r.shadow.screen())
	}
	masks := r.masks()
	if err := r.x.Move(t.X, t.Y); err != nil {
		return err
	}
	r.x.FB.Settle(r.cfg.Settle, 5*time.Second, masks) // hover feedback drawn before the tap
	r.x.FB.Mark()
	r.x.FB.TraceTo(r.cfg.Trace, kind)
	start := time.Now()
	clicked := xsoak.Async(r.x.Click)
	d, err := r.x.FB.WaitStill(start, r.cfg.Settle, 10*time.Second, masks)
	if cerr := clicked(); cerr != nil {
		return cerr
	}
	if err != nil {
		return fmt.Errorf("%s at (%d,%d): %w", kind, t.X, t.Y, err)
	}
	if err := r.waitKiosk(want, 10*time.Second); err != nil {
		return fmt.Errorf("%s: the kiosk did not go to %s: %w", kind, want, err)
	}
	r.shadow.ui.Sync(func() { tapShadow(t) })
	if !r.shadow.waitScreen(want, 10*time.Second) {
		return fmt.Errorf("%s: the shadow went to %s, not %s", kind, r.shadow.screen(), want)
	}
	rec.Change(kind, d)
	time.Sleep(r.cfg.Dwell) // the citizen reads; the kiosk's tap guard ignores quicker taps
	return nil
}

// card places a card on the simulated reader and records the time to the ticket
// screen drawn and still, then lifts the card. Visits alternate two cards, so that a
// reader that never saw the last one lifted still reads the next.
func (r *run) card(i int, rec *xsoak.Recorder) error {
	key := []string{"resident", "gat"}[(i/2)%2]
	r.x.FB.Settle(r.cfg.Settle, 5*time.Second, nil)
	r.x.FB.Mark()
	r.x.FB.TraceTo(r.cfg.Trace, "card→ticket")
	start := time.Now()
	if err := r.cards.Say("place " + key); err != nil {
		return err
	}
	d, err := r.x.FB.WaitStill(start, r.cfg.Settle, 10*time.Second, nil)
	if err != nil {
		return fmt.Errorf("card→ticket: %w", err)
	}
	if err := r.waitKiosk("ticket", 10*time.Second); err != nil {
		return fmt.Errorf("card→ticket: %w", err)
	}
	r.shadow.cards <- sampleCard()
	if !r.shadow.waitScreen("ticket", 10*time.Second) {
		return fmt.Errorf("card→ticket: the shadow shows %s", r.shadow.screen())
	}
	rec.Change("card→ticket", d)
	if err := r.cards.Say("remove"); err != nil {
		return err
	}
	time.Sleep(r.cfg.Dwell)
	return nil
}
