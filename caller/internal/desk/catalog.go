package desk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"onedoor/internal/queue"
)

// FetchCatalog fetches the catalog in force (after a catalog.published event); Adopt
// puts it in use.
func (d *Desk) FetchCatalog(ctx context.Context) (*queue.Catalog, error) {
	cat, err := d.C.Catalog(ctx)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return cat, nil
}

// Adopt puts a newly published catalog in use. The ones before it are kept for Item,
// so that a ticket issued under an earlier version, whose item is gone now, is still
// served with its item's materials.
func (d *Desk) Adopt(cat *queue.Catalog) {
	if sameCatalog(cat, d.Catalog) {
		return // the one in use: a reconnection's check
	}
	if d.Catalog != nil {
		d.older = append([]*queue.Catalog{d.Catalog}, d.older...)
	}
	d.Catalog = cat
}

// Item returns the catalog item of a code: the catalog in use first, then the earlier
// ones this session saw.
func (d *Desk) Item(code string) (*queue.Item, bool) {
	if it, ok := d.Catalog.Item(code); ok {
		return it, true
	}
	for _, c := range d.older {
		if it, ok := c.Item(code); ok {
			return it, true
		}
	}
	return nil, false
}

// sameCatalog reports whether two catalogs have the same content.
func sameCatalog(a, b *queue.Catalog) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, errX := json.Marshal(a)
	y, errY := json.Marshal(b)
	return errX == nil && errY == nil && bytes.Equal(x, y)
}
