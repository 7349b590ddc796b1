package app

import (
	"errors"
	"flag"
	"time"

	"onedoor/server/internal/uplink"
)

// cityUplink is the running uplink (a name for app.go's field).
type cityUplink = *uplink.Uplink

// CityConfig is the uplink to the city tier: off without a URL.
type CityConfig struct {
	URL   string // the city tier's base URL
	Token string // this center's token there
	// Heartbeat and MaxBackoff are for tests (no flags): how often an idle uplink tells
	// the city it is alive (10 s) and the longest wait after a failure (30 s).
	Heartbeat, MaxBackoff time.Duration
}

func cityFlags(fs *flag.FlagSet, c *CityConfig, env func(k, def string) string) {
	fs.StringVar(&c.URL, "city", env("CITY", ""), "the city tier's URL; this center's events go up to it, without personal data (ONEDOOR_CITY)")
	fs.StringVar(&c.Token, "city-token", env("CITY_TOKEN", ""), "this center's token at the city tier (ONEDOOR_CITY_TOKEN)")
}

func (c CityConfig) check() error {
	if c.URL != "" && c.Token == "" {
		return errors.New("-city needs -city-token (the token the city tier gave this center)")
	}
	return nil
}

// startUplink starts carrying the event log to the city tier, if one is configured, and
// returns what stops it (the city resumes from its mark at the next start), which the
// ticker calls as it ends, before Close closes the store.
func (s *Server) startUplink() (stop func()) {
	if s.cfg.City.URL == "" || s.cfg.ReadOnly {
		return func() {}
	}
	u := uplink.Start(uplink.Config{URL: s.cfg.City.URL, Token: s.cfg.City.Token,
		Center: s.Store.Catalog().Center.Code, Source: s.Store, Log: s.log.With("part", "uplink"),
		Heartbeat: s.cfg.City.Heartbeat, MaxBackoff: s.cfg.City.MaxBackoff,
		Catalog: cityCatalog{dir: s.cfg.Data, store: s.Store}})
	s.uplink = u
	stopPull := s.startRelayPull(s.cfg.City.Heartbeat)
	return func() { stopPull(); u.Close() }
}
