package city

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"onedoor/internal/pgcluster"
)

// Main runs the city tier until SIGINT or SIGTERM and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("city", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(k, def string) string {
		if v, ok := os.LookupEnv("ONEDOOR_CITY_" + k); ok {
			return v
		}
		return def
	}
	var cfg Config
	var pgDir, tz, tokens string
	var demo bool
	fs.StringVar(&cfg.Addr, "addr", env("ADDR", "127.0.0.1:8090"), "listen address (ONEDOOR_CITY_ADDR)")
	fs.StringVar(&cfg.DB, "db", env("DB", ""), "PostgreSQL URL; several hosts with target_session_attrs=read-write follow a failover (ONEDOOR_CITY_DB)")
	fs.StringVar(&pgDir, "pg-dir", "", "start a private PostgreSQL cluster in this folder (made at the first start) instead of -db: for a demo")
	fs.StringVar(&cfg.Root, "root", env("ROOT", "440100"), "the code of the tree's top center, the page / shows (ONEDOOR_CITY_ROOT)")
	fs.StringVar(&tz, "tz", "Asia/Shanghai", "the city's time zone: where today begins")
	fs.DurationVar(&cfg.Stale, "stale", time.Minute, "a center not heard from for longer is marked on the dashboards")
	fs.StringVar(&cfg.AdminToken, "admin-token", env("ADMIN_TOKEN", ""), "the token that publishes catalogs (PUT /api/v1/admin/catalog/{code}); empty: -demo makes one, otherwise publishing is off (ONEDOOR_CITY_ADMIN_TOKEN)")
	fs.BoolVar(&demo, "demo", false, "add the demo tree of centers and write their tokens to -tokens")
	fs.StringVar(&tokens, "tokens", "data/city-tokens.txt", "where -demo writes the centers' tokens (mode 0600)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	loc, err := time.LoadLocation(tz)
	if err != nil {
		fmt.Fprintln(stderr, "city: time zone:", err)
		return 2
	}
	cfg.Loc, cfg.Log = loc, log
	if pgDir != "" {
		pg, err := startCluster(pgDir)
		if err != nil {
			fmt.Fprintln(stderr, "city:", err)
			return 1
		}
		defer pg.Stop("fast")
		cfg.DB = pg.URL("onedoor")
		fmt.Fprintf(stdout, "city: PostgreSQL in %s on 127.0.0.1:%d (psql %s)\n", pg.Dir, pg.Port, cfg.DB)
	}
	if cfg.DB == "" {
		fmt.Fprintln(stderr, "city: -db or -pg-dir is required")
		return 2
	}
	return serve(cfg, demo, tokens, stdout, log)
}

func startCluster(dir string) (*pgcluster.Cluster, error) {
	pg, err := pgcluster.Open(dir)
	if err != nil {
		return nil, err
	}
	_ = pg.Stop("fast") // one left running by a city tier that was killed
	if err := pg.Start(0); err != nil {
		return nil, err
	}
	if err := pg.CreateDB("onedoor"); err != nil {
		pg.Stop("fast")
		return nil, err
	}
	return pg, nil
}

func serve(cfg Config, demo bool, tokens string, stdout io.Writer, log *slog.Logger) int {
	if demo && cfg.AdminToken == "" {
		raw := make([]byte, 24)
		_, _ = rand.Read(raw)
		cfg.AdminToken = hex.EncodeToString(raw)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := Start(ctx, cfg)
	if err != nil {
		log.Error("start", "err", err)
		return 1
	}
	if demo {
		if err := writeDemoTokens(ctx, s.Store, tokens, cfg.AdminToken, s.URL(), stdout); err != nil {
			log.Error("demo", "err", err)
			s.Close(context.Background())
			return 1
		}
	}
	fmt.Fprintf(stdout, "city tier on %s  (dashboard %s/)\n", s.URL(), s.URL())
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Close(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	return 0
}

// writeDemoTokens seeds the demo tree and writes each center's token to path.
func writeDemoTokens(ctx context.Context, s *Store, path, admin, url string, stdout io.Writer) error {
	toks, err := SeedDemo(ctx, s)
	if err != nil {
		return err
	}
	codes := make([]string, 0, len(toks))
	for c := range toks {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := fmt.Appendf(nil, "admin %s\n", admin)
	for _, c := range codes {
		out = fmt.Appendf(out, "%s %s\n", c, toks[c])
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo: %d centers; their tokens (and the admin token that publishes catalogs) are in %s. A center joins with e.g.\n  ./bin/server -demo -addr 127.0.0.1:8081 -data data/c-440104 -center 440104 -city %s -city-token $(awk '$1==\"440104\"{print $2}' %s)\n",
		len(codes), path, url, path)
	return nil
}
