package soak

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"onedoor/internal/tools/xsoak"
)

// TestCallerSoakSmoke runs the caller's real-window soak for two visits and checks
// that they completed and produced every figure. It does not judge the targets: on a
// shared machine they are for make soak-caller-xvfb.
func TestCallerSoakSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real caller under Xvfb")
	}
	if missing := xsoak.Tools(); len(missing) > 0 {
		t.Skipf("needs %v", missing)
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("needs pdftoppm (poppler-utils) for the documents")
	}
	bins, err := xsoak.Build(t.TempDir(), "onedoor/server", "onedoor/caller")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out strings.Builder
	sum, err := Run(ctx, Config{ServerBin: bins[0], CallerBin: bins[1], Visits: 2, Dir: t.TempDir(), Out: &out})
	sum.Write(&out, "caller")
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
	}
	for _, k := range []string{"login (Enter)", "call (F1)", "start (F3)", "tick a material", "finish dialog (F6)",
		"finish → document dialog", pageKind, "close document"} {
		if kinds[k] == 0 {
			t.Errorf("no %s measured (have %v)", k, kinds)
		}
	}
}
