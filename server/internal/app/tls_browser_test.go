package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/testkit"
)

// TestBoardOverHTTPSWithTheLocalCATrusted opens the hall board over https in headless
// Chromium that trusts the hall's CA the way a board PC is set up (the CA in the user's
// NSS database, no flag that ignores certificate errors); the board's stream comes up
// over WSS and a call arrives on it.
func TestBoardOverHTTPSWithTheLocalCATrusted(t *testing.T) {
	h := startTLS(t, nil)
	tab := trustingBrowser(t, h.certs.CA)

	browsertest.Open(t, tab, h.URL()+"/board?voice=0", boardReady)
	if proto := browsertest.Eval[string](t, tab, `location.protocol`); proto != "https:" {
		t.Fatalf("board loaded over %s", proto)
	}
	// The page came over HTTP/2; the stream (up, per boardReady) over HTTP/1.1 beside it.
	if proto := browsertest.Eval[string](t, tab, `performance.getEntriesByType('navigation')[0].nextHopProtocol`); proto != "h2" {
		t.Errorf("board page over %q, want h2", proto)
	}
	tk := h.issue(itemA)
	clerk := h.tlsClerk(t, 4)
	if _, _, err := clerk.Call(context.Background(), 4); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitTrue(t, tab, 5*time.Second, boardHas(tk.Number, 4))
}

// trustingBrowser starts a headless Chromium of its own whose HOME holds an NSS
// database trusting caFile, and returns a tab in it, closed with the test.
func trustingBrowser(t *testing.T, caFile string) context.Context {
	t.Helper()
	certutil := testkit.NeedTool(t, "certutil", "libnss3-tools")
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = testkit.NeedTool(t, "chromium", "chromium")
	}
	home := t.TempDir()
	db := filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(db, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-d", "sql:" + db, "-N", "--empty-password"},
		{"-d", "sql:" + db, "-A", "-t", "C,,", "-n", "onedoor", "-i", caFile},
	} {
		if out, err := exec.Command(certutil, args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v\n%s", args, err, out)
		}
	}
	opts := browsertest.Options(chromium,
		chromedp.UserDataDir(filepath.Join(home, "profile")),
		chromedp.Env("HOME="+home),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
