// Command hallsim drives a real onedoor server like a busy hall: kiosks issuing tickets,
// windows calling and finishing them with every outcome, boards and phones on the stream.
// It reports issue throughput and latency, call → stream delivery latency to every
// subscriber, the server's memory and memory per stream connection, and errors by kind,
// as a table and as JSON.
//
//	hallsim -server http://localhost:8080 -token-file data/kiosk.token -duration 30s -rate 200
//	hallsim -server … -max -kiosks 64 -duration 20s     # closed loop: find the ceiling
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"time"

	"onedoor/internal/client"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// Config is a load run's shape.
type Config struct {
	Server    string
	Token     string
	Kiosks    int
	Windows   int
	Boards    int
	Phones    int
	Duration  time.Duration
	Rate      float64
	Max       bool
	Service   time.Duration
	StaffPIN  string
	JSON      bool
	Applicant float64 // share of tickets with an applicant
	// TLS trusts an https server's certificate (-ca); nil uses the system's roots.
	TLS *tls.Config
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hallsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c Config
	var tokenFile string
	fs.StringVar(&c.Server, "server", "http://localhost:8080", "server base URL")
	fs.StringVar(&c.Token, "token", "", "kiosk device token")
	caFile := fs.String("ca", "", "PEM file of the hall's CA, for an https server (make certs writes data/tls/ca.pem)")
	fs.StringVar(&tokenFile, "token-file", "data/kiosk.token", "file holding the kiosk token (make run writes it)")
	fs.IntVar(&c.Kiosks, "kiosks", 8, "concurrent kiosks (closed loop) or in-flight limit (open loop)")
	fs.IntVar(&c.Windows, "windows", 6, "windows calling (demo clerks demo1…demo6)")
	fs.IntVar(&c.Boards, "boards", 50, "board stream subscribers")
	fs.IntVar(&c.Phones, "phones", 50, "tracking-page subscribers (each follows one ticket)")
	fs.DurationVar(&c.Duration, "duration", 20*time.Second, "how long to run")
	fs.Float64Var(&c.Rate, "rate", 50, "open loop: tickets issued per second, on schedule whatever the server does")
	fs.BoolVar(&c.Max, "max", false, "closed loop: each kiosk issues as fast as answers come (finds the ceiling)")
	fs.DurationVar(&c.Service, "service", 300*time.Millisecond, "mean time a window serves a citizen")
	fs.StringVar(&c.StaffPIN, "pin", "123456", "the demo clerks' PIN")
	fs.BoolVar(&c.JSON, "json", false, "print the report as JSON only")
	fs.Float64Var(&c.Applicant, "applicants", 0.2, "share of tickets issued with an applicant (synthetic)")
	cpuProfile := fs.String("cpuprofile", "", "write hallsim's own CPU profile to this file (to see the load tool's share)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "hallsim:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "hallsim: cpu profile:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if err := client.CheckCA(c.Server, *caFile); err != nil {
		fmt.Fprintln(stderr, "hallsim:", err)
		return 2
	}
	if *caFile != "" {
		c.TLS, _ = client.CAConfig(*caFile) // CheckCA read it
	}
	if c.Token == "" {
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			fmt.Fprintf(stderr, "hallsim: no -token and %v\n", err)
			return 2
		}
		c.Token = strings.TrimSpace(string(b))
	}
	if c.Duration <= 0 || c.Duration > 24*time.Hour || c.Kiosks < 1 || c.Windows < 0 || c.Windows > 6 || c.Boards < 0 || c.Phones < 0 {
		fmt.Fprintln(stderr, "hallsim: duration 0-24h, kiosks ≥ 1, windows 0-6, boards and phones ≥ 0")
		return 2
	}
	rep, err := Run(ctx, c)
	if err != nil {
		fmt.Fprintln(stderr, "hallsim:", err)
		return 1
	}
	if c.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		rep.Table(stdout)
	}
	if rep.Errors["lost"] > 0 || rep.Errors["duplicate"] > 0 {
		return 1
	}
	return 0
}
