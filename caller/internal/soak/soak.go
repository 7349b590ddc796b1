// Package soak drives the real caller (the clerk's workstation) in a window under Xvfb
// visit after visit — log in once, then call the next citizen (F1), start (F3), tick
// the checklist, finish as accepted (F6, OK) and close the document shown — and
// measures each screen change from the key or click to a still framebuffer and the
// caller's RSS after every visit (issue 12). The server and the caller are separate
// processes; where to click comes from a shadow caller on Fyne's test driver
// (internal/tools/xsoak), logged in at window 2 and served the twin of each ticket.
package soak

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/caller/internal/desk"
	"onedoor/caller/internal/screens"
	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/tools/xsoak"
	"onedoor/internal/wire"
)

// Config says what to run and how long.
type Config struct {
	// ServerBin and CallerBin are the built onedoor server and caller.
	ServerBin, CallerBin string
	// Visits is the number of citizens served (default 200).
	Visits int
	// Dir keeps the logs, the data and the saved documents; "" makes a temporary one,
	// removed afterwards.
	Dir string
	// Settle is how long the framebuffer must stay unchanged to count as still
	// (default 150 ms); a document, drawn after pdftoppm renders it, gets 1 s.
	Settle time.Duration
	// Dwell is the clerk's pause between a screen drawn and the next action (default
	// 200 ms).
	Dwell time.Duration
	// Out gets progress lines.
	Out io.Writer
	// Trace, when set, gets a line per framebuffer change after each action: the
	// change's time from the action and its rows, to find what draws late.
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
		c.Dwell = 200 * time.Millisecond
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
}

// The demo seed's clerks and PIN.
const (
	realStaff, shadowStaff   = "demo1", "demo2"
	realWindow, shadowWindow = 1, 2
	pin                      = "123456"
)

// Run starts everything, logs in and serves cfg.Visits citizens, and returns the
// figures.
func Run(ctx context.Context, cfg Config) (xsoak.Summary, error) {
	cfg.defaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.Dir == "" {
		d, err := os.MkdirTemp("", "onedoor-callersoak-")
		if err != nil {
			return xsoak.Summary{}, err
		}
		defer os.RemoveAll(d)
		cfg.Dir = d
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return xsoak.Summary{}, err
	}
	rec := xsoak.NewRecorder()
	rec.Log = cfg.Out
	targets := xsoak.IssueTargets
	targets.CardKind = ""
	targets.Exempt = []string{pageKind}
	r, err := start(ctx, cfg)
	if r != nil {
		defer r.close()
	}
	if err != nil {
		return rec.Summary(targets), err
	}
	if err := r.login(rec); err != nil {
		return rec.Summary(targets), err
	}
	for i := 0; i < cfg.Visits; i++ {
		if err := r.visit(ctx, i, rec); err != nil {
			return rec.Summary(targets), fmt.Errorf("visit %d: %w", i+1, err)
		}
		rss, err := xsoak.RSS(r.caller.Pid())
		if err != nil {
			return rec.Summary(targets), err
		}
		rec.Visit(rss)
	}
	if err := r.verify(ctx, cfg.Visits); err != nil {
		return rec.Summary(targets), err
	}
	return rec.Summary(targets), nil
}

// verify reads the audit trail as the supervisor: the real caller's clerk must have
// finished every visit as accepted with every material of its item received, so no
// click went astray unnoticed.
func (r *run) verify(ctx context.Context, visits int) error {
	c := client.New(r.server.URL, "")
	res, err := c.Login(ctx, wire.LoginRequest{Staff: "super", PIN: pin})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	c.SetToken(res.Token)
	want := map[string]int{}
	for i := range r.cat.Items {
		want[r.cat.Items[i].Code] = len(r.cat.Items[i].Materials)
	}
	done := 0
	for after := uint64(0); ; {
		evs, err := c.Events(ctx, after, 1000)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		for _, e := range evs.Events {
			after = e.Seq
			if e.Type != string(queue.TicketFinished) || e.Staff != realStaff {
				continue
			}
			if e.Outcome != "accepted" || e.Ticket == nil || len(e.Received) != want[e.Ticket.Item] {
				return fmt.Errorf("verify: a visit finished %s with %d materials received", e.Outcome, len(e.Received))
			}
			done++
		}
		if len(evs.Events) == 0 || after >= evs.Last {
			break
		}
	}
	if done != visits {
		return fmt.Errorf("verify: %s finished %d visits, want %d", realStaff, done, visits)
	}
	return nil
}

// run is a soak in progress.
type run struct {
	cfg    Config
	x      *xsoak.Display
	server *xsoak.Server
	caller *xsoak.Proc
	shadow *shadow
	api    *client.Client
	cat    queue.Catalog
	ox, oy int // the real window's content on the screen
}

// start runs Xvfb, the server, the caller and its shadow, and waits for the login
// screen.
func start(ctx context.Context, cfg Config) (*run, error) {
	r := &run{cfg: cfg}
	var err error
	if r.x, err = xsoak.StartXvfb(ctx, cfg.Dir); err != nil {
		return nil, err
	}
	if r.server, err = xsoak.StartServer(cfg.Dir, cfg.ServerBin); err != nil {
		return r, err
	}
	r.api = client.New(r.server.URL, r.server.KioskToken)
	cat, err := r.api.Catalog(ctx)
	if err != nil {
		return r, fmt.Errorf("catalog: %w", err)
	}
	r.cat = *cat
	env := append(r.x.Env(), "LANG=zh_CN.UTF-8", "FYNE_SCALE=1")
	if r.caller, err = xsoak.Start(cfg.Dir, "caller", env, nil, cfg.CallerBin, "-server", r.server.URL,
		"-staff", realStaff, "-window", fmt.Sprint(realWindow), "-save-dir", filepath.Join(cfg.Dir, "documents")); err != nil {
		return r, err
	}
	if r.ox, r.oy, err = r.x.WaitWindow("onedoor", 60*time.Second); err != nil {
		return r, err
	}
	r.shadow = newShadow(ctx, desk.Credentials{Server: r.server.URL, Staff: shadowStaff, Window: shadowWindow},
		filepath.Join(cfg.Dir, "shadow-documents"), 1280, 800)
	r.x.FB.Settle(cfg.Settle, 30*time.Second, nil)
	return r, nil
}

// close stops what it started.
func (r *run) close() {
	if r.caller != nil {
		r.caller.Stop()
	}
	if r.server != nil {
		r.server.Stop()
	}
	if r.x != nil {
		r.x.Close()
	}
}

// step makes one action on the real caller (act: a click or a key), records the time
// from it to a still framebuffer as kind, then does the same on the shadow (mirror)
// and waits until the shadow is where the real one should be (done).
func (r *run) step(kind string, settle time.Duration, act action, mirror func(), done func(a *screens.App) bool, rec *xsoak.Recorder) error {
	if act.aim != nil {
		if err := act.aim(); err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
	}
	r.x.FB.Settle(r.cfg.Settle, 5*time.Second, nil)
	r.x.FB.Mark()
	r.x.FB.TraceTo(r.cfg.Trace, kind)
	start := time.Now()
	acted := xsoak.Async(act.do)
	var d, filled time.Duration
	var err error
	if settle > r.cfg.Settle {
		d, filled, err = r.x.FB.WaitDrawn(start, r.cfg.Settle, settle, 15*time.Second, nil)
	} else {
		d, err = r.x.FB.WaitStill(start, settle, 15*time.Second, nil)
	}
	if aerr := acted(); aerr != nil {
		return fmt.Errorf("%s: %w", kind, aerr)
	}
	if err != nil {
		return fmt.Errorf("%s: %w; caller log:\n%s", kind, err, r.caller.Tail(10))
	}
	if mirror != nil {
		r.shadow.ui.Sync(mirror)
	}
	if done != nil && !r.shadow.until(done, 15*time.Second) {
		return fmt.Errorf("%s: the shadow caller did not follow", kind)
	}
	rec.Change(kind, d)
	if filled > 0 {
		rec.Change(pageKind, filled)
	}
	if d > 300*time.Millisecond {
		fmt.Fprintf(r.cfg.Out, "slow %s: %v, last change in rows %v\n", kind, d.Round(time.Millisecond), r.x.FB.LastRows)
	}
	time.Sleep(r.cfg.Dwell) // the clerk looks at the screen
	return nil
}

// pageKind is the time from OK to the last change before the screen stayed still for
// a second. The dialog opens with its page (OK → document dialog, judged); a page that
// took longer than the caller's pageWait follows later, and a later redraw (the Close
// button's hover under the pointer) lands here too, so it is reported beside the
// changes and not judged against their target.
const pageKind = "document page drawn"

// action is a key or a click on the real caller: aim (moving the pointer) comes
// before the screen settles and the clock starts, do is timed.
type action struct{ aim, do func() error }

// click is a click at t, the pointer moved there first (its hover feedback drawn
// before the clock starts).
func (r *run) click(t xsoak.Target) action {
	return action{aim: func() error { return r.x.Move(t.X, t.Y) }, do: r.x.Click}
}

// key is a key pressed on the real caller.
func (r *run) key(name string) action {
	return action{do: func() error { return r.x.Key(name) }}
}

// at is the real screen's centre of the shadow's object that pick returns.
func (r *run) at(pick func(a *screens.App) fyne.CanvasObject) (xsoak.Target, error) {
	var t xsoak.Target
	var err error
	r.shadow.ui.Sync(func() {
		o := pick(r.shadow.app)
		if o == nil {
			err = fmt.Errorf("the shadow caller has no such object")
			return
		}
		t = xsoak.Center(r.ox, r.oy, o)
	})
	return t, err
}

// find is the real screen's centre of the shadow's button that says label.
func (r *run) find(label string) (xsoak.Target, error) {
	var t xsoak.Target
	var err error
	r.shadow.ui.Sync(func() { t, err = xsoak.Find(r.shadow.win.Canvas(), r.ox, r.oy, label) })
	return t, err
}

// login types the PIN into the real caller and presses Enter; the shadow logs in too.
func (r *run) login(rec *xsoak.Recorder) error {
	t, err := r.at(func(a *screens.App) fyne.CanvasObject { return a.Login.PIN })
	if err != nil {
		return err
	}
	if err := r.x.Move(t.X, t.Y); err != nil {
		return err
	}
	if err := r.x.Click(); err != nil {
		return err
	}
	if err := r.x.Type(pin); err != nil {
		return err
	}
	return r.step("login (Enter)", r.cfg.Settle, r.key("Return"),
		func() { test.Type(r.shadow.app.Login.PIN, pin); test.Tap(r.shadow.app.Login.Submit) },
		func(a *screens.App) bool { return a.Main != nil && a.Main.Live() != nil && a.Main.Live().Up() }, rec)
}

// visit serves one citizen: two tickets of the same item are issued (one for each
// caller: the real one calls first and gets the first), then call, start, tick every
// material, finish as accepted and close the document.
func (r *run) visit(ctx context.Context, i int, rec *xsoak.Recorder) error {
	it := &r.cat.Items[i%len(r.cat.Items)]
	for n := 0; n < 2; n++ {
		if _, err := r.api.Issue(ctx, wire.IssueRequest{Item: it.Code, Source: "soak"}, fmt.Sprintf("soak-%d-%d", i, n)); err != nil {
			return fmt.Errorf("issue: %w", err)
		}
	}
	tapButton := func(name string) func() { return func() { test.Tap(r.shadow.app.Main.Buttons[name]) } }
	state := func(want string) func(a *screens.App) bool {
		return func(a *screens.App) bool { c := a.Main.Current(); return c != nil && c.State == want }
	}
	if err := r.step("call (F1)", r.cfg.Settle, r.key("F1"), tapButton("call"), state(string(queue.Called)), rec); err != nil {
		return err
	}
	if err := r.step("start (F3)", r.cfg.Settle, r.key("F3"), tapButton("start"), state(string(queue.Serving)), rec); err != nil {
		return err
	}
	for _, m := range it.Materials {
		t, err := r.find(m.NameZh)
		if err != nil {
			return fmt.Errorf("tick: %w", err)
		}
		if err := r.step("tick a material", r.cfg.Settle, r.click(t), func() { test.Tap(t.Obj) }, nil, rec); err != nil {
			return err
		}
	}
	if err := r.step("finish dialog (F6)", r.cfg.Settle, r.key("F6"), tapButton("finish"),
		func(a *screens.App) bool { return a.Main.Finish != nil && a.Main.Popup != nil }, rec); err != nil {
		return err
	}
	ok, err := r.at(func(a *screens.App) fyne.CanvasObject { return a.Main.Finish.OK })
	if err != nil {
		return err
	}
	if err := r.step("finish → document dialog", time.Second, r.click(ok), func() { test.Tap(r.shadow.app.Main.Finish.OK) },
		func(a *screens.App) bool { return a.Main.Document != nil && a.Main.Document.Ready }, rec); err != nil {
		return err
	}
	closeDoc, err := r.at(func(a *screens.App) fyne.CanvasObject { return a.Main.Document.Close })
	if err != nil {
		return err
	}
	return r.step("close document", r.cfg.Settle, r.click(closeDoc), func() { test.Tap(r.shadow.app.Main.Document.Close) },
		func(a *screens.App) bool { return a.Main.Popup == nil }, rec)
}
