package screens

import (
	"context"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// follow loads the catalog, then follows the live stream until ctx ends. The kiosk is
// up while the stream is connected; each time it connects the hall's state is fetched
// afresh, and ticket events keep the waiting counts current in between.
func (k *Kiosk) follow(ctx context.Context) {
	cat, err := k.fetchCatalog(ctx)
	if err != nil {
		// The server is away at start: serve from the catalog kept on disk meanwhile.
		k.log.Warn("catalog", "err", err)
		if cached := k.cachedCatalog(); cached != nil {
			idx := newSearchIndex(cached)
			k.d.Do(func() { k.setCatalog(cached, idx, true) })
		}
		if cat, err = k.loadCatalog(ctx); err != nil {
			return // ctx ended
		}
	}
	idx := newSearchIndex(cat)
	k.d.Do(func() { k.setCatalog(cat, idx, false) })
	opt := client.StreamOptions{MinBackoff: 100 * time.Millisecond, MaxBackoff: k.cfg.MaxBackoff}
	opt.OnState = func(up bool) {
		if !up {
			k.d.Do(func() { k.setUp(false) })
			return
		}
		go k.catalogPublished(ctx, 0) // one published while the stream was away
		q, err := k.d.API.Queue(ctx)
		if err != nil {
			k.log.Warn("queue state", "err", err)
			return
		}
		k.d.Do(func() {
			k.center = q
			for _, c := range q.Categories {
				k.waiting[c.Prefix] = c.Waiting
			}
			k.setUp(true)
			k.refreshCounts()
		})
	}
	_ = k.d.API.Subscribe(ctx, opt, func(ev wire.Event) {
		if ev.Type == string(queue.CatalogPublished) {
			go k.catalogPublished(ctx, ev.CatalogVersion)
			return
		}
		if len(ev.Waiting) == 0 {
			return
		}
		k.d.Do(func() {
			for p, n := range ev.Waiting {
				k.waiting[p] = n
			}
			k.refreshCounts()
		})
	})
}

// loadCatalog fetches the catalog, retrying with backoff until it comes or ctx ends.
func (k *Kiosk) loadCatalog(ctx context.Context) (*queue.Catalog, error) {
	wait := 100 * time.Millisecond
	for {
		cat, err := k.fetchCatalog(ctx)
		if err == nil {
			return cat, nil
		}
		k.log.Warn("catalog", "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, k.cfg.MaxBackoff)
	}
}

// refreshCounts updates the waiting counts on the home screen.
func (k *Kiosk) refreshCounts() {
	if h, ok := k.current.(*home); ok {
		h.updateCounts()
	}
}

// centerName is the hall's name in the current language.
func (k *Kiosk) centerName() (main, other string) {
	if k.cat == nil {
		return k.center.CenterName, ""
	}
	return k.tr.Pick(k.cat.Center.Name, k.cat.Center.NameEn)
}
