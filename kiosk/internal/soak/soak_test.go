package soak

import (
	"context"
	"strings"
	"testing"
	"time"

	"onedoor/internal/tools/xsoak"
)

// TestKioskSoakSmoke runs the real-window soak for two visits (one with the ID card,
// one without) and checks that they completed and produced every figure. It does not
// judge the targets: on a shared machine they are for make soak-kiosk-xvfb.
func TestKioskSoakSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real kiosk under Xvfb")
	}
	if missing := xsoak.Tools(); len(missing) > 0 {
		t.Skipf("needs %v", missing)
	}
	bins, err := xsoak.Build(t.TempDir(), "onedoor/server", "onedoor/kiosk")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out strings.Builder
	sum, err := Run(ctx, Config{ServerBin: bins[0], KioskBin: bins[1], Visits: 2, Dir: t.TempDir(), Out: &out})
	sum.Write(&out, "kiosk")
	t.Log(out.String())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Visits != 2 || sum.RSSFirst <= 0 {
		t.Fatalf("%d visits, RSS %.1f MiB: want 2 visits with their RSS", sum.Visits, sum.RSSFirst)
	}
	kinds := map[string]int{}
	for _, k := range sum.Kinds {
		kinds[k.Kind] = k.N
		if k.Median <= 0 || k.P99 < k.Median {
			t.Errorf("%s: median %v, p99 %v", k.Kind, k.Median, k.P99)
		}
	}
	for _, k := range []string{"home→items", "items→item", "item→identity", "identity→ticket", "card→ticket", "ticket→home"} {
		if kinds[k] == 0 {
			t.Errorf("no %s measured (have %v)", k, kinds)
		}
	}
	if !strings.Contains(out.String(), "kiosk soak") || !(strings.Contains(out.String(), "PASS") || strings.Contains(out.String(), "FAIL")) {
		t.Errorf("no verdict in:\n%s", out.String())
	}
}
