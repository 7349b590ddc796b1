// Command callersoak drives the real caller under Xvfb like a clerk for N visits and
// prints each kind of screen change's median and p99, the caller's RSS and a PASS/FAIL
// line against issue 12's targets (see caller/internal/soak). It exits 1 on FAIL or
// when a visit could not be completed.
//
//	callersoak -server bin/server -caller bin/caller -visits 200
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"onedoor/caller/internal/soak"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("callersoak", flag.ContinueOnError)
	cfg := soak.Config{Out: os.Stdout}
	fs.StringVar(&cfg.ServerBin, "server", "bin/server", "the built server")
	fs.StringVar(&cfg.CallerBin, "caller", "bin/caller", "the built caller")
	visits, _ := strconv.Atoi(os.Getenv("SOAK_VISITS"))
	fs.IntVar(&cfg.Visits, "visits", max(visits, 0), "citizens to serve (SOAK_VISITS, default 200)")
	fs.StringVar(&cfg.Dir, "dir", "", "keep logs, data and documents here (default: a temporary folder, removed)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	sum, err := soak.Run(ctx, cfg)
	sum.Write(os.Stdout, "caller")
	if err != nil {
		fmt.Fprintf(os.Stderr, "callersoak: %v\n", err)
		return 1
	}
	if !sum.Pass() {
		return 1
	}
	return 0
}
