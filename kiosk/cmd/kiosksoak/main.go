// Command kiosksoak drives the real kiosk under Xvfb like a citizen for N visits and
// prints the screen changes' median and p99, the card → ticket time, the kiosk's RSS
// and a PASS/FAIL line against issue 12's targets (see kiosk/internal/soak). It exits 1
// on FAIL or when a visit could not be completed.
//
//	kiosksoak -server bin/server -kiosk bin/kiosk -visits 200
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"onedoor/internal/tools/xsoak"
	"onedoor/kiosk/internal/soak"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	return xsoak.Command(ctx, "kiosk", "keep logs, data and printed tickets here (default: a temporary folder, removed)", args, os.Stdout, os.Stderr,
		func(ctx context.Context, a xsoak.Args) (xsoak.Summary, error) {
			cfg := soak.Config{ServerBin: a.ServerBin, KioskBin: a.AppBin, Visits: a.Visits, Dir: a.Dir, Out: os.Stdout, Trace: a.TraceOut}
			return soak.Run(ctx, cfg)
		})
}
