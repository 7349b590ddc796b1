// Package callerapp wires the caller: flags with environment fallbacks, the Fyne app
// and window, and the screens. It is the only caller package that imports fyne/v2/app.
package callerapp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"onedoor/caller/internal/desk"
	"onedoor/caller/internal/screens"
	"onedoor/internal/client"
)

// Config is the caller's configuration.
type Config struct {
	Server  string
	CA      string // PEM file of the hall's CA for an https server
	Staff   string
	Window  int
	Lang    string
	SaveDir string
	Full    bool
	// CPUProfile is a file to write a CPU profile of the whole run to ("" for none).
	CPUProfile string
}

// ParseConfig reads flags, each with an ONEDOOR_CALLER_* environment fallback.
func ParseConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(k, def string) string {
		if v := getenv("ONEDOOR_CALLER_" + k); v != "" {
			return v
		}
		return def
	}
	home, _ := os.UserHomeDir()
	var c Config
	fs := flag.NewFlagSet("caller", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Server, "server", env("SERVER", "http://localhost:8080"), "server URL (ONEDOOR_CALLER_SERVER)")
	fs.StringVar(&c.CA, "ca", env("CA", ""), "PEM file of the hall's CA, to trust an https server's certificate; make certs writes data/tls/ca.pem (ONEDOOR_CALLER_CA)")
	fs.StringVar(&c.Staff, "staff", env("STAFF", ""), "staff id to prefill (ONEDOOR_CALLER_STAFF)")
	fs.IntVar(&c.Window, "window", 1, "window number to prefill")
	fs.StringVar(&c.Lang, "lang", env("LANG_UI", "zh"), "zh or en (ONEDOOR_CALLER_LANG_UI)")
	fs.StringVar(&c.SaveDir, "save-dir", env("SAVE_DIR", filepath.Join(home, "onedoor-documents")), "folder documents are saved to without a printer (ONEDOOR_CALLER_SAVE_DIR)")
	fs.BoolVar(&c.Full, "fullscreen", false, "run full screen")
	fs.StringVar(&c.CPUProfile, "cpuprofile", env("CPUPROFILE", ""), "write a CPU profile of the run to this file, for go tool pprof (ONEDOOR_CALLER_CPUPROFILE)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.Lang != "zh" && c.Lang != "en" {
		return c, fmt.Errorf("-lang must be zh or en, got %q", c.Lang)
	}
	if err := client.CheckCA(c.Server, c.CA); err != nil {
		return c, err
	}
	return c, nil
}

// Main parses args and runs the caller until ctx ends or its window closes; it returns
// the exit code.
func Main(ctx context.Context, args []string, stderr io.Writer) int {
	cfg, err := ParseConfig(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "caller: %v\n", err)
		return 2
	}
	trust, err := client.CAOption(cfg.CA)
	if err != nil {
		fmt.Fprintf(stderr, "caller: %v\n", err)
		return 2
	}
	tuneGC(os.Getenv)
	stop, err := startProfile(cfg.CPUProfile)
	if err != nil {
		fmt.Fprintf(stderr, "caller: %v\n", err)
		return 2
	}
	defer stop()
	Run(ctx, cfg, trust, slog.New(slog.NewTextHandler(stderr, nil)))
	return 0
}

// Run opens the caller's window and runs it until ctx ends or the window closes; trust
// is how its client checks an https server's certificate (-ca).
func Run(ctx context.Context, cfg Config, trust []client.Option, log *slog.Logger) {
	a := app.NewWithID("cn.gov.onedoor.caller")
	a.Settings().SetTheme(screens.Theme{})
	w := a.NewWindow("onedoor 综合窗口叫号 Window caller")
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(cfg.Full)
	c := screens.NewApp(w, screens.Options{Lang: screens.Lang(cfg.Lang), SaveDir: cfg.SaveDir, Logger: log,
		Defaults: desk.Credentials{Server: cfg.Server, Staff: cfg.Staff, Window: cfg.Window, Client: trust}})
	c.Start()
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	w.ShowAndRun()
	c.Close()
}
