package screens

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"onedoor/internal/queue"
)

// maxCatalogCache bounds the cache file read at start: a catalog is tens of KiB.
const maxCatalogCache = 8 << 20

// fetchCatalog fetches the catalog from the server, checks it, and keeps its bytes in
// Config.CatalogCache for a start while the server is away.
func (k *Kiosk) fetchCatalog(ctx context.Context) (*queue.Catalog, error) {
	raw, err := k.d.API.CatalogJSON(ctx)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	cat, err := parseServedCatalog(raw)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	if k.cfg.CatalogCache != "" {
		if err := writeCatalogCache(k.cfg.CatalogCache, raw); err != nil {
			k.log.Warn("catalog cache", "err", err)
		}
	}
	return cat, nil
}

// cachedCatalog reads the catalog kept on disk; nil when there is none or it is not a
// valid catalog (then the server's is awaited, as with no cache).
func (k *Kiosk) cachedCatalog() *queue.Catalog {
	path := k.cfg.CatalogCache
	if path == "" {
		return nil
	}
	cat, err := readCatalogCache(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			k.log.Warn("catalog cache unusable", "path", path, "err", err)
		}
		return nil
	}
	k.log.Info("catalog from the cache", "path", path, "items", len(cat.Items))
	return cat
}

func readCatalogCache(path string) (*queue.Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog cache: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read catalog cache: %w", err)
	}
	if st.Size() > maxCatalogCache {
		return nil, fmt.Errorf("read catalog cache: %d bytes is more than a catalog", st.Size())
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("read catalog cache: %w", err)
	}
	cat, err := parseServedCatalog(data)
	if err != nil {
		return nil, fmt.Errorf("read catalog cache: %w", err)
	}
	return cat, nil
}

// parseServedCatalog decodes the catalog as GET /api/v1/catalog serves it and
// validates it.
func parseServedCatalog(data []byte) (*queue.Catalog, error) {
	return queue.ParseServedCatalog(data)
}

// writeCatalogCache replaces the cache file atomically (a temporary file, fsynced,
// renamed), so that a power cut leaves the old catalog or the new one, never half.
func writeCatalogCache(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".catalog-*")
	if err != nil {
		return fmt.Errorf("write catalog cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write catalog cache: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write catalog cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write catalog cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write catalog cache: %w", err)
	}
	return nil
}

// setCatalog takes a catalog (from the cache or the server) into use. With goHome a
// kiosk out of service for want of one goes home at once (the cache while the server
// is away); otherwise home comes when the live stream connects (setUp).
func (k *Kiosk) setCatalog(cat *queue.Catalog, idx *searchIndex, goHome bool) {
	k.cat, k.search = cat, idx
	k.updateNotices()
	if _, ok := k.current.(*outOfService); ok && goHome {
		k.goHome()
	}
}
