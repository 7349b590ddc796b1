// Command callersoak drives the real caller under Xvfb like a clerk for N visits and
// prints each kind of screen change's median and p99, the caller's RSS and a PASS/FAIL
// line against issue 12's targets (see caller/internal/soak). It exits 1 on FAIL or
// when a visit could not be completed.
//
//	callersoak -server bin/server -caller bin/caller -visits 200
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"onedoor/caller/internal/soak"
	"onedoor/internal/tools/xsoak"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	return xsoak.Command(ctx, "caller", "keep logs, data and documents here (default: a temporary folder, removed)", args, os.Stdout, os.Stderr,
		func(ctx context.Context, a xsoak.Args) (xsoak.Summary, error) {
			return soak.Run(ctx, soak.Config{ServerBin: a.ServerBin, CallerBin: a.AppBin, Visits: a.Visits, Dir: a.Dir, Out: os.Stdout, Trace: a.TraceOut})
		})
}
