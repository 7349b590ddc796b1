package app

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// checkDemoAddr refuses to serve the demo, whose accounts all share one known PIN, on
// anything but loopback, unless the operator says -demo-public.
func checkDemoAddr(cfg Config) error {
	if !cfg.Demo || cfg.DemoPublic {
		return nil
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", cfg.Addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("the demo's accounts all have PIN %s, so -demo listens only on loopback (e.g. -addr 127.0.0.1:8080), not %q; "+
		"give -demo-public to serve it on the network anyway (never in a real hall)", DemoPIN, cfg.Addr)
}

// beginSetup makes the first-run setup token when the hall has no staff and is not a
// demo: it is written to the data folder (0600) and returned for Main to print once;
// the log says where, never the token.
func (s *Server) beginSetup() error {
	if s.cfg.Demo || s.cfg.ReadOnly {
		return nil
	}
	token, path, expires, err := s.Store.BeginSetup(context.Background())
	if err != nil {
		return fmt.Errorf("first-run setup: %w", err)
	}
	if token != "" {
		s.SetupToken = token
		s.log.Warn("no staff yet: create the first admin with the setup token (POST /api/v1/setup or `server setup`)",
			"token_file", path, "expires", expires.In(s.Store.Location()).Format(time.RFC3339))
	}
	return nil
}

// Setup is `server setup`: it creates the first admin of a new hall through the
// running server's POST /api/v1/setup, with the setup token read from the data
// folder (or given), and prints the PIN when the server generated it.
func Setup(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("server setup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "the running server's base URL")
	data := fs.String("data", "./data", "the server's data folder, where "+store.SetupFile+" is")
	token := fs.String("token", "", "the setup token; empty reads it from the data folder")
	ca := fs.String("ca", "", "PEM file of the CA that signed the server's certificate (https)")
	req := wire.SetupRequest{}
	fs.StringVar(&req.ID, "id", "admin", "the first admin's staff id")
	fs.StringVar(&req.Name, "name", "", "the first admin's display name (required)")
	fs.StringVar(&req.PIN, "pin", "", "the first admin's PIN (6-12 digits, not easy to guess); empty: generated and printed once")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	req.Token = *token
	if req.Token == "" {
		b, err := os.ReadFile(filepath.Join(*data, store.SetupFile))
		if err != nil {
			fmt.Fprintf(stderr, "server setup: no setup token: %v (start the server on a data folder without staff first)\n", err)
			return 1
		}
		req.Token = strings.TrimSpace(string(b))
	}
	out, err := postSetup(*url, *ca, req)
	if err != nil {
		fmt.Fprintln(stderr, "server setup:", err)
		return 1
	}
	fmt.Fprintf(stdout, "admin %s (%s) created\n", out.ID, out.Name)
	if out.PIN != "" {
		fmt.Fprintf(stdout, "PIN (shown once, write it down): %s\n", out.PIN)
	}
	return 0
}

// postSetup sends req to base's POST /api/v1/setup and returns the answer.
func postSetup(base, caFile string, req wire.SetupRequest) (wire.StaffCreated, error) {
	var out wire.StaffCreated
	client := &http.Client{Timeout: 30 * time.Second}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return out, fmt.Errorf("read CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return out, fmt.Errorf("read CA %s: no certificate in it", caFile)
		}
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	}
	body, _ := json.Marshal(req)
	resp, err := client.Post(strings.TrimRight(base, "/")+"/api/v1/setup", "application/json", bytes.NewReader(body))
	if err != nil {
		return out, fmt.Errorf("post setup: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusCreated {
		return out, fmt.Errorf("the server refused: %s %s", resp.Status, strings.TrimSpace(string(b)))
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return out, fmt.Errorf("read the answer: %w", err)
	}
	return out, nil
}

// fileExists says path names a regular file.
func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
