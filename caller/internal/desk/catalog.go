package desk

import (
	"context"
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
