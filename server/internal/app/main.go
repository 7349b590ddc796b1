package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"onedoor/server/internal/store"
)

// Main runs the server until SIGINT or SIGTERM and returns the exit code; `restore`
// as the first argument runs Restore instead.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "verify" {
		return Verify(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "setup" {
		return Setup(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "reports-rebuild" {
		return RebuildReports(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "restore" {
		return Restore(args[1:], stdout, stderr)
	}
	cfg, err := ParseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := Start(cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 1
	}
	u := srv.URL()
	log.Info("serving", "addr", srv.Addr(), "data", cfg.Data)
	fmt.Fprintf(stdout, "onedoor server on %s\n  board:   %s/board  (window 1: %s/board/window/1)\n  queue:   %s/api/v1/queue\n  catalog: %s/api/v1/catalog\n  stream:  ws%s/api/v1/stream\n  metrics: %s/metrics\n", u, u, u, u, u, u[len("http"):], u)
	if srv.SetupToken != "" {
		fmt.Fprintf(stdout, "first-run setup: no staff yet; setup token (once, valid 24 h, also in %s/%s):\n  %s\n", cfg.Data, store.SetupFile, srv.SetupToken)
	}
	if cfg.Demo {
		fmt.Fprintf(stdout, "demo: windows 1-6 and 9; clerks demo1..demo6, supervisor super, officers scj1 and rsj1, PIN %s\n", DemoPIN)
		fmt.Fprintf(stdout, "demo kiosk token: %s\n", srv.KioskToken)
		if f, err := os.Create(cfg.Data + "/kiosk.token"); err == nil {
			fmt.Fprintln(f, srv.KioskToken)
			f.Close()
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Close(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	return 0
}
