package kioskapp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"onedoor/assets"
	"onedoor/internal/client"
	"onedoor/internal/uikit"
	"onedoor/kiosk/internal/guide"
	"onedoor/kiosk/internal/idcard"
	"onedoor/kiosk/internal/screens"
)

// Stdio is where the app reads its console and writes its messages.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Main parses args (flags with environment fallbacks) and runs the kiosk until ctx
// ends or its window closes. It returns the exit code: 0, 1 on a fault, 2 on bad usage.
func Main(ctx context.Context, args []string, stdio Stdio) int {
	cfg, err := ParseConfig(args, os.Getenv, stdio.Err)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "kiosk: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stdio.Err, nil))
	tuneGC(os.Getenv)
	if cfg.CPUProfile != "" {
		stopProfile, err := startCPUProfile(cfg.CPUProfile)
		if err != nil {
			fmt.Fprintf(stdio.Err, "kiosk: %v\n", err)
			return 1
		}
		defer stopProfile()
	}
	if err := Run(ctx, cfg, log, stdio); err != nil {
		fmt.Fprintf(stdio.Err, "kiosk: %v\n", err)
		return 1
	}
	return 0
}

// Run opens the kiosk's window and runs it until ctx ends or the window closes.
func Run(ctx context.Context, cfg Config, log *slog.Logger, stdio Stdio) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.Simulate {
		dir, err := os.MkdirTemp("", "onedoor-kiosk-sim-")
		if err != nil {
			return fmt.Errorf("simulators: %w", err)
		}
		defer os.RemoveAll(dir)
		sims, err := StartSimulators(ctx, dir, cfg.Printed, log.With("sim", true))
		if err != nil {
			return err
		}
		defer sims.Close()
		cfg.Reader, cfg.Printer = sims.ReaderPort, sims.PrinterPort
		fmt.Fprintf(stdio.Out, "simulated reader on %s, printer on %s (tickets as PNG in %s)\n", cfg.Reader, cfg.Printer, cfg.Printed)
		fmt.Fprintf(stdio.Out, "reader commands: place KEY (%v) | remove | fault checksum|noanswer|sam|readfail|garbage | status\n", sims.Cards.Keys())
		fmt.Fprintf(stdio.Out, "printer commands: paper out|low|ok | cover open|close | offline | online | printed\n")
		if stdio.In != nil {
			go func() { _ = console(ctx, stdio.In, stdio.Out, sims.Cards, sims.Printer) }()
		}
	}

	a := app.NewWithID("cn.gov.onedoor.kiosk")
	look := uikit.NewLook() // the one theme: the elderly mode switches it in place
	a.Settings().SetTheme(look)
	w := a.NewWindow("onedoor 自助取号 Self-service kiosk")
	if cfg.Window {
		w.Resize(fyne.NewSize(1920, 1080))
	} else {
		w.SetFullScreen(true)
	}
	trust, err := client.CAOption(cfg.CA)
	if err != nil {
		return err
	}
	deps := screens.Deps{API: client.New(cfg.Server, cfg.Token, trust...), Log: log, Look: look}
	if !cfg.GuideMute {
		clips, err := fs.Sub(assets.Guide, "guide")
		if err != nil {
			return err
		}
		g, err := guide.New(clips, nil, log)
		if err != nil {
			return err
		}
		defer g.Close()
		deps.Guide = g
	}
	if cfg.Printer != "" {
		p, err := openPrinter(cfg.Printer, log)
		if err != nil {
			return err
		}
		defer p.Close()
		deps.Printer = p
	}
	k := screens.New(w, screens.Config{KioskID: cfg.KioskID, Idle: cfg.Idle, Lang: cfg.Lang, GuideMute: cfg.GuideMute,
		CatalogCache: cfg.CatalogCache}, deps)
	if cfg.Reader != "" {
		r := idcard.NewReader(idcard.Config{Port: cfg.Reader, OnHealth: k.ReaderHealth, Logger: log})
		defer r.Close()
		k.SetReader(r)
	}
	if cfg.Scanner != "" {
		go readScanner(ctx, cfg.Scanner, log, k.Scanned)
	}
	a.Lifecycle().SetOnStarted(func() { k.Start(ctx) })
	context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	log.Info("kiosk starting", "server", cfg.Server, "kiosk", cfg.KioskID, "reader", cfg.Reader != "", "printer", cfg.Printer != "", "simulate", cfg.Simulate)
	w.ShowAndRun()
	return nil
}
