package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"onedoor/server/internal/store"
)

// cityCatalogVersion is the file in the data folder naming the city's catalog version
// kept in store.CatalogFile.
const cityCatalogVersion = "city-catalog.version"

// cityCatalog keeps the catalog the city publishes for this center, with this center's
// own "center" block kept: checked, saved like one an admin PUTs, and published at once
// as a new catalog version (catalog.published; the running hall switches to it).
type cityCatalog struct {
	dir   string
	store *store.Store
}

func (c cityCatalog) Version() string {
	v, _ := os.ReadFile(filepath.Join(c.dir, cityCatalogVersion))
	return strings.TrimSpace(string(v))
}

func (c cityCatalog) Keep(version string, catalog []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(catalog, &m); err != nil {
		return fmt.Errorf("city catalog %s: %w", version, err)
	}
	own, err := json.Marshal(c.store.Catalog().Center)
	if err != nil {
		return fmt.Errorf("city catalog %s: %w", version, err)
	}
	m["center"] = own
	out, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("city catalog %s: %w", version, err)
	}
	if _, err := c.store.SaveCatalog(out); err != nil {
		return fmt.Errorf("city catalog %s: %w", version, err)
	}
	// Published at once as a version of this center's catalog (事项动态管理): the kiosks,
	// callers and boards take it from the stream.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	note := "市级目录 city catalog " + version
	cv, err := c.store.SaveDraft(ctx, out, note, "city")
	if err == nil {
		_, err = c.store.PublishCatalog(ctx, cv.N, note, "city")
	}
	if err != nil {
		return fmt.Errorf("city catalog %s: publish: %w", version, err)
	}
	if err := store.WriteFileDurable(filepath.Join(c.dir, cityCatalogVersion), []byte(version+"\n"), 0o600); err != nil {
		return fmt.Errorf("city catalog %s: %w", version, err)
	}
	return nil
}
