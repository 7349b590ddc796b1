// Command caller is the clerk's workstation at a comprehensive window: log in, call,
// serve, finish with the outcome and hand out the uniform document (caller -h).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"onedoor/caller/internal/callerapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := callerapp.Main(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}
