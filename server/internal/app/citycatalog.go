package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"onedoor/server/internal/store"
)

// cityCatalogVersion is the file in the data folder naming the city's catalog version
// kept in store.CatalogFile.
const cityCatalogVersion = "city-catalog.version"

// cityCatalog keeps the catalog the city publishes for this center: checked and saved
// like one an admin PUTs, for the next start (the running hall keeps the catalog its
// event log was written against), with this center's own "center" block kept.
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
	if err := os.WriteFile(filepath.Join(c.dir, cityCatalogVersion), []byte(version+"\n"), 0o600); err != nil {
		return fmt.Errorf("city catalog %s: %w", version, err)
	}
	return nil
}
