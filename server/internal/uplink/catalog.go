package uplink

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// CatalogKeeper keeps the last catalog the city published for this center, so that a
// center cut off keeps serving with it.
type CatalogKeeper interface {
	// Version is the version kept; "" when none.
	Version() string
	// Keep checks and keeps a new version.
	Keep(version string, catalog []byte) error
}

// catalogAnswer is the city's GET /api/v1/catalog.
type catalogAnswer struct {
	Version string          `json:"version"`
	Catalog json.RawMessage `json:"catalog"`
}

// fetchCatalog asks the city for this center's catalog and keeps a newer version. A
// failure is logged and left for the next try: uploads go on.
func (u *Uplink) fetchCatalog(ctx context.Context) {
	if u.cfg.Catalog == nil {
		return
	}
	have := u.cfg.Catalog.Version()
	ans, err := u.getCatalog(ctx, have)
	if err == nil && ans != nil {
		if err = u.cfg.Catalog.Keep(ans.Version, ans.Catalog); err == nil {
			u.cfg.Log.Info("city catalog kept and published", "version", ans.Version, "was", have)
		}
	}
	if err != nil {
		u.cfg.Log.Warn("city catalog", "err", err, "kept", have)
	}
}

// getCatalog returns the city's newer catalog, or nil when have is the newest or the
// city has published none.
func (u *Uplink) getCatalog(ctx context.Context, have string) (*catalogAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.cfg.URL+"/api/v1/catalog?have="+url.QueryEscape(have), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+u.cfg.Token)
	resp, err := u.cfg.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified, http.StatusNotFound:
		return nil, nil
	case http.StatusOK:
	default:
		return nil, fmt.Errorf("city answered %s", resp.Status)
	}
	var ans catalogAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(&ans); err != nil {
		return nil, fmt.Errorf("city's catalog: %w", err)
	}
	if ans.Version == "" || ans.Version == have {
		return nil, nil
	}
	return &ans, nil
}
