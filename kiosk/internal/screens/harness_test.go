package screens

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/uikit"
	"onedoor/kiosk/internal/diag/vport"
	"onedoor/kiosk/internal/idcard"
	idsim "onedoor/kiosk/internal/idcard/sim"
	"onedoor/kiosk/internal/printer"
	prsim "onedoor/kiosk/internal/printer/sim"
)

// serverBin is the onedoor server built once for the package's tests.
var serverBin string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "kiosk-screens-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if serverBin, err = testkit.BuildServer(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// server is the real onedoor server, run as a child process on a loopback port.
type server struct {
	cmd        *exec.Cmd
	url, token string
	addr, data string
}

// startServer runs the server with the demo seed on addr ("127.0.0.1:0" for any port).
func startServer(t *testing.T, data, addr string, extra ...string) *server {
	t.Helper()
	cmd := exec.Command(serverBin, append([]string{"-demo", "-addr", addr, "-data", data}, extra...)...)
	cmd.Stderr = io.Discard
	url, token, err := testkit.StartServer(cmd)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, data: data, url: url, token: token}
	s.addr = strings.TrimPrefix(s.url, "http://")
	t.Cleanup(s.stop)
	return s
}

// stop ends the server (SIGTERM, then waits).
func (s *server) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
}

// uiLoop runs functions one at a time on one goroutine, as Fyne's driver does: the
// test driver's fyne.Do runs them on the caller's goroutine, which would race.
type uiLoop struct {
	ch   chan func()
	done chan struct{}
}

func newUILoop(t *testing.T) *uiLoop {
	l := &uiLoop{ch: make(chan func(), 256), done: make(chan struct{})}
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		for {
			select {
			case f := <-l.ch:
				f()
			case <-l.done:
				return
			}
		}
	}()
	// Wait for the loop to end: a callback queued by a device closed in cleanup (a
	// print failing) must not run on this loop while the next test's kiosk lays out
	// text on its own, as Fyne's text caches are shared.
	t.Cleanup(func() { close(l.done); <-exited })
	return l
}

// do queues f (Deps.Do).
func (l *uiLoop) do(f func()) {
	select {
	case l.ch <- f:
	case <-l.done:
	}
}

// sync runs f on the loop and waits for it.
func (l *uiLoop) sync(f func()) {
	ran := make(chan struct{})
	l.do(func() { f(); close(ran) })
	select {
	case <-ran:
	case <-l.done:
	}
}

// rig is a kiosk in a headless window, wired to the real server and to the reader and
// printer simulators over pseudo-terminals.
type rig struct {
	t       *testing.T
	k       *Kiosk
	win     fyne.Window
	ui      *uiLoop
	srv     *server
	api     *client.Client
	cards   *idsim.Sim
	prn     *prsim.Sim
	readerV *vport.VPort
	reader  *idcard.Reader
	logs    *logBuffer
	cancel  context.CancelFunc
}

type rigOptions struct {
	idle       time.Duration
	noReader   bool
	paperOut   bool
	maxBackoff time.Duration
	lang       uikit.Lang
	guide      Guide // the audio guidance's player (nil: none)
	guideMute  bool
	// srv is a server to use instead of starting one (it may be stopped).
	srv *server
	// tune changes the kiosk's configuration and connections before it starts.
	tune func(*Config, *Deps)
	// start is the screen to wait for after the start (default home).
	start string
}

func newRig(t *testing.T, o rigOptions) *rig {
	t.Helper()
	dir := t.TempDir()
	r := &rig{t: t, ui: newUILoop(t), logs: &logBuffer{}}
	if r.srv = o.srv; r.srv == nil {
		r.srv = startServer(t, filepath.Join(dir, "data"), "127.0.0.1:0")
	}
	r.api = client.New(r.srv.url, r.srv.token)
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	log := slog.New(slog.NewTextHandler(r.logs, nil))

	var err error
	if r.cards, err = idsim.New(idsim.Config{Cards: idsim.SampleCards()}); err != nil {
		t.Fatal(err)
	}
	if r.readerV, err = vport.Open(filepath.Join(dir, "idcard")); err != nil {
		t.Fatal(err)
	}
	go func() { _ = r.cards.Serve(ctx, r.readerV) }()
	if r.prn, err = prsim.New(prsim.Config{OutDir: filepath.Join(dir, "printed")}); err != nil {
		t.Fatal(err)
	}
	r.prn.SetPaper(o.paperOut, false)
	pv, err := vport.Open(filepath.Join(dir, "printer"))
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = r.prn.Serve(ctx, pv) }()
	prn, err := printer.New(printer.Config{Logger: log, Open: func(context.Context) (printer.Transport, error) {
		return printer.OpenSerial(pv.Path, 115200)
	}})
	if err != nil {
		t.Fatal(err)
	}

	r.ui.sync(func() {
		a := test.NewApp()
		a.Settings().SetTheme(uikit.Theme{})
		r.win = test.NewWindow(nil)
		r.win.Resize(fyne.NewSize(1920, 1080))
	})
	deps := Deps{API: r.api, Printer: prn, Do: r.ui.do, Log: log, Guide: o.guide}
	var readerCfg idcard.Config
	if !o.noReader {
		readerCfg = idcard.Config{Port: r.readerV.Path, PollInterval: 50 * time.Millisecond, Logger: log}
	}
	// No tap guard: the tests tap as soon as a screen is there (TestTapRightAfterScreenChange
	// covers the guard).
	cfg := Config{KioskID: "kiosk-test", Idle: o.idle, MaxBackoff: o.maxBackoff, Lang: o.lang, TapGuard: -1,
		GuideMute: o.guideMute}
	if cfg.Idle == 0 {
		cfg.Idle = time.Minute
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 300 * time.Millisecond
	}
	if o.tune != nil {
		o.tune(&cfg, &deps)
	}
	r.k = New(r.win, cfg, deps)
	if !o.noReader {
		readerCfg.OnHealth = r.k.ReaderHealth
		r.reader = idcard.NewReader(readerCfg)
		r.k.SetReader(r.reader)
	}
	r.ui.sync(func() { r.k.Start(ctx) })
	t.Cleanup(func() {
		cancel()
		if r.reader != nil {
			_ = r.reader.Close()
		}
		_ = prn.Close()
		_ = pv.Close()
		_ = r.readerV.Close()
		r.ui.sync(func() { r.win.Close() })
		r.checkLogs()
	})
	if o.start == "" {
		o.start = "home"
	}
	r.waitScreen(o.start)
	return r
}

// screen returns the current screen, read on the UI goroutine.
func (r *rig) screen() screen {
	var s screen
	r.ui.sync(func() { s = r.k.current })
	return s
}

// waitFor polls cond on the UI goroutine until it holds, or fails the test.
func (r *rig) waitFor(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ok bool
		r.ui.sync(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %s (screen %q)", what, r.screen().name())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (r *rig) waitScreen(name string) {
	r.t.Helper()
	r.waitFor("screen "+name, func() bool { return r.k.current != nil && r.k.current.name() == name })
}

// tap taps a button on the UI goroutine.
func (r *rig) tap(b fyne.Tappable) {
	r.ui.sync(func() { test.Tap(b) })
}

// checkLogs fails the test if a log line carries the sample cards' personal data.
func (r *rig) checkLogs() {
	logs := r.logs.String()
	for _, c := range idsim.SampleCards() {
		for _, v := range []string{c.Fields["name"], c.Fields["id_number"], c.Fields["address"]} {
			if v != "" && strings.Contains(logs, v) {
				r.t.Errorf("the kiosk's log carries personal data %q", v)
			}
		}
	}
}

// logBuffer collects log lines safely.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
