// Command kiosksoak drives the real kiosk under Xvfb like a citizen for N visits and
// prints the screen changes' median and p99, the card → ticket time, the kiosk's RSS
// and a PASS/FAIL line against issue 12's targets (see kiosk/internal/soak). It exits 1
// on FAIL or when a visit could not be completed.
//
//	kiosksoak -server bin/server -kiosk bin/kiosk -visits 200
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"onedoor/kiosk/internal/soak"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("kiosksoak", flag.ContinueOnError)
	cfg := soak.Config{Out: os.Stdout}
	fs.StringVar(&cfg.ServerBin, "server", "bin/server", "the built server")
	fs.StringVar(&cfg.KioskBin, "kiosk", "bin/kiosk", "the built kiosk")
	visits, _ := strconv.Atoi(os.Getenv("SOAK_VISITS"))
	fs.IntVar(&cfg.Visits, "visits", max(visits, 0), "citizens to serve (SOAK_VISITS, default 200)")
	fs.StringVar(&cfg.Dir, "dir", "", "keep logs, data and printed tickets here (default: a temporary folder, removed)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	sum, err := soak.Run(ctx, cfg)
	sum.Write(os.Stdout, "kiosk")
	if err != nil {
		fmt.Fprintf(os.Stderr, "kiosksoak: %v\n", err)
		return 1
	}
	if !sum.Pass() {
		return 1
	}
	return 0
}
