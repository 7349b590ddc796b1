// Package browsertest gives tests a tab in one headless Chromium shared by the whole
// test binary, driven by chromedp. Without Chromium a test is skipped, except when the
// environment variable CI is set: there a missing browser fails the test, so CI never
// passes by testing nothing (make deps installs Debian's chromium).
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var shared struct {
	once sync.Once
	ctx  context.Context
	err  error
}

// execPath finds Debian's chromium, or the browser named by $CHROMIUM.
func execPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options are the allocator options of a headless Chromium at path as the tests run it:
// chromedp's defaults, no sandbox, no GPU, no QUIC and none of the browser's own
// background traffic, then extra. A test that needs a browser of its own (a profile or
// HOME of its own) starts it with these.
func Options(path string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	return append(opts, extra...)
}

// start launches the shared browser. It lives until the test binary exits: the
// allocator gives Chromium a parent-death signal, so it never outlives the tests.
func start(path string) (context.Context, error) {
	dir, err := os.MkdirTemp("", "onedoor-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browsertest: profile dir: %w", err)
	}
	opts := Options(path,
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1920, 1080),
	)
	actx, _ := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, _ := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil { // starts the browser, with no deadline
		return nil, fmt.Errorf("browsertest: start %s: %w", path, err)
	}
	return bctx, nil
}

// Tab opens a new tab in the shared browser and returns its context, bounded by
// timeout; the tab closes when the test ends.
func Tab(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path := execPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("browsertest: chromium is not installed (make deps installs it); CI is set, so this fails instead of skipping")
		}
		t.Skip("browsertest: chromium is not installed; make deps installs it")
	}
	shared.once.Do(func() { shared.ctx, shared.err = start(path) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	tab, closeTab := chromedp.NewContext(shared.ctx)
	if err := chromedp.Do(tab); err != nil { // opens the tab, with no deadline
		closeTab()
		t.Fatalf("browsertest: new tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(func() { cancel(); closeTab() })
	return ctx
}

// Eval evaluates a JavaScript expression in the tab and returns its value.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// WaitTrue polls a JavaScript expression until it is true, or fails the test after
// within, saying what it waited for.
func WaitTrue(t testing.TB, ctx context.Context, within time.Duration, expr string) {
	t.Helper()
	if err := PollTrue(ctx, within, expr); err != nil {
		t.Fatalf("waited %v for %s: %v", within, expr, err)
	}
}

// PollTrue polls a JavaScript expression every 20 ms until it is true or within passes.
func PollTrue(ctx context.Context, within time.Duration, expr string) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(within)))
	return err
}

// Open navigates the tab to url and waits until the expression ready is true.
func Open(t testing.TB, ctx context.Context, url, ready string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	WaitTrue(t, ctx, 10*time.Second, ready)
}
