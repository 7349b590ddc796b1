// Package kioskapp wires the kiosk: flags with environment fallbacks, the Fyne app and
// its full-screen window, the ID card reader, the ticket printer, the code scanner, the
// server client and, with -simulate, the reader and printer simulators in-process.
// The screens themselves live in kiosk/internal/screens.
package kioskapp

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/uikit"
)

// Config is the kiosk's configuration.
type Config struct {
	Server   string        // the server's base URL
	CA       string        // PEM file of the hall's CA for an https server; "" trusts the system's roots
	Token    string        // the kiosk device token
	Reader   string        // the ID card reader's serial port; "" for none
	Printer  string        // the printer: a serial port, tcp:HOST:PORT or a device file
	Scanner  string        // the code scanner's serial port; "" for none
	KioskID  string        // the tickets' source name
	Lang     uikit.Lang    // the kiosk's language
	Idle     time.Duration // back home after this long without a touch
	Simulate bool          // run the reader and printer simulators in-process
	Printed  string        // with -simulate, where the printer simulator writes PNGs
	Window   bool          // a normal window instead of full screen (maintenance)
	// GuideMute silences the audio guidance, where the hall wants the kiosk quiet.
	GuideMute bool
	// CatalogCache keeps the catalog on disk, so that a kiosk started while the server
	// is away still shows it; "" for none.
	CatalogCache string
	// CPUProfile, when set, is where the kiosk writes Go's CPU profile of its whole
	// run (for measuring screen changes; written when the kiosk stops).
	CPUProfile string
}

// ParseConfig reads flags, falling back to ONEDOOR_KIOSK_* environment variables
// (getenv), then to the defaults.
func ParseConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(name, def string) string {
		if v := getenv("ONEDOOR_KIOSK_" + name); v != "" {
			return v
		}
		return def
	}
	var c Config
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Server, "server", env("SERVER", "http://localhost:8080"), "server base URL (ONEDOOR_KIOSK_SERVER)")
	fs.StringVar(&c.CA, "ca", env("CA", ""), "PEM file of the hall's CA, to trust an https server's certificate; make certs writes data/tls/ca.pem (ONEDOOR_KIOSK_CA)")
	fs.StringVar(&c.Token, "token", env("TOKEN", ""), "kiosk device token (ONEDOOR_KIOSK_TOKEN); make run writes it to data/kiosk.token")
	fs.StringVar(&c.Reader, "reader", env("READER", ""), "ID card reader serial port, e.g. /dev/ttyUSB0 (ONEDOOR_KIOSK_READER)")
	fs.StringVar(&c.Printer, "printer", env("PRINTER", ""), "printer: serial PORT, tcp:HOST:PORT or /dev/usb/lpN (ONEDOOR_KIOSK_PRINTER)")
	fs.StringVar(&c.Scanner, "scanner", env("SCANNER", ""), "QR code scanner serial port (ONEDOOR_KIOSK_SCANNER)")
	fs.StringVar(&c.KioskID, "kiosk-id", env("ID", "kiosk-1"), "this kiosk's name on its tickets (ONEDOOR_KIOSK_ID)")
	lang := fs.String("lang", env("LANG", "zh"), "language: zh or en (ONEDOOR_KIOSK_LANG)")
	idle := fs.String("idle", env("IDLE", "60s"), "back home after this long without a touch (ONEDOOR_KIOSK_IDLE)")
	simulate := fs.Bool("simulate", env("SIMULATE", "") == "1", "run the reader and printer simulators in-process (ONEDOOR_KIOSK_SIMULATE=1)")
	fs.StringVar(&c.Printed, "printed", env("PRINTED", "printed"), "with -simulate: directory for the printed tickets' PNGs (ONEDOOR_KIOSK_PRINTED)")
	fs.StringVar(&c.CatalogCache, "catalog-cache", env("CATALOG_CACHE", ""), "file to keep the catalog in, for a start while the server is away (ONEDOOR_KIOSK_CATALOG_CACHE)")
	fs.StringVar(&c.CPUProfile, "cpuprofile", env("CPUPROFILE", ""), "write a Go CPU profile of the run to this file (ONEDOOR_KIOSK_CPUPROFILE)")
	window := fs.Bool("window", env("WINDOW", "") == "1", "a normal window instead of full screen (ONEDOOR_KIOSK_WINDOW=1)")
	fs.BoolVar(&c.GuideMute, "guide-mute", env("GUIDE_MUTE", "") == "1", "no audio guidance (ONEDOOR_KIOSK_GUIDE_MUTE=1)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if c.Lang, err = uikit.ParseLang(*lang); err != nil {
		return c, fmt.Errorf("-lang: %w", err)
	}
	if c.Idle, err = parseDuration(*idle); err != nil || c.Idle < time.Second {
		return c, fmt.Errorf("-idle %q: want a duration of at least 1s, e.g. 90s", *idle)
	}
	c.Simulate, c.Window = *simulate, *window
	if c.Simulate && (c.Reader != "" || c.Printer != "") {
		return c, fmt.Errorf("-simulate makes its own reader and printer: drop -reader and -printer")
	}
	if c.CatalogCache != "" {
		if st, err := os.Stat(c.CatalogCache); err == nil && st.IsDir() {
			return c, fmt.Errorf("-catalog-cache %q is a directory: give a file", c.CatalogCache)
		}
		if st, err := os.Stat(filepath.Dir(c.CatalogCache)); err != nil || !st.IsDir() {
			return c, fmt.Errorf("-catalog-cache %q: its directory does not exist", c.CatalogCache)
		}
	}
	if err := client.CheckCA(c.Server, c.CA); err != nil {
		return c, err
	}
	if c.Token == "" {
		return c, fmt.Errorf("-token is required (the kiosk device token; the demo server prints it)")
	}
	return c, nil
}

// parseDuration accepts Go durations and plain seconds.
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	return time.ParseDuration(s)
}
