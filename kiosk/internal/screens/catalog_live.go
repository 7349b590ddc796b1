package screens

import (
	"bytes"
	"context"
	"encoding/json"

	"onedoor/internal/queue"
)

// catalogPublished fetches the catalog a catalog.published event put in force (version
// 0: the check after a reconnection, which changes nothing when it is the same). Home
// shows it at once; a visit under way finishes on the catalog it began with (its
// session keeps the item chosen), and the next home screen takes the new one.
func (k *Kiosk) catalogPublished(ctx context.Context, version int) {
	cat, err := k.fetchCatalog(ctx)
	if err != nil {
		k.log.Warn("catalog published, not fetched", "version", version, "err", err)
		return // the next publish, or the next start, brings it
	}
	idx := newSearchIndex(cat)
	k.d.Do(func() {
		if sameCatalog(cat, k.cat) {
			return // the one in use (a reconnection's check)
		}
		k.next = &nextCatalog{cat: cat, idx: idx, version: version}
		switch k.current.(type) {
		case *home:
			k.takeNextCatalog()
			k.show(&home{k: k})
		case *outOfService:
			k.goHome()
		}
	})
}

// nextCatalog is a published catalog waiting for the visit under way to end.
type nextCatalog struct {
	cat     *queue.Catalog
	idx     *searchIndex
	version int
}

// takeNextCatalog puts a published catalog in use, between visits (goHome).
func (k *Kiosk) takeNextCatalog() {
	if k.next == nil {
		return
	}
	n := k.next
	k.next = nil
	k.setCatalog(n.cat, n.idx, false)
	k.log.Info("catalog in use", "version", n.version)
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
