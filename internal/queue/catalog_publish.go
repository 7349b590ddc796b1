package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// PublishCatalog decides the catalog.published event that puts catalog version n in
// force, with the note of who published it. The store swaps the hall's catalog in the
// same commit; tickets already issued keep the version they carry (Ticket.CatalogVersion)
// and are served as they are, even when their item is gone from the new version.
func (h *Hall) PublishCatalog(n int, note, staff string, now time.Time) ([]Event, error) {
	note = strings.TrimSpace(note)
	if n <= 0 {
		return nil, Errorf(Invalid, "catalog version: give a version number")
	}
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > MaxReason {
		return nil, Errorf(Invalid, "note: at most %d characters of text", MaxReason)
	}
	ev := h.event(CatalogPublished, now)
	ev.CatalogVersion, ev.Reason, ev.Staff = n, note, staff
	return []Event{ev}, nil
}

// applyCatalog notes the version a catalog.published event puts in force.
func (h *Hall) applyCatalog(ev Event) {
	if ev.Type == CatalogPublished {
		h.CatalogVersion = ev.CatalogVersion
	}
}

// SwitchCatalog puts next in force; the catalog before it is kept in Retired.
func (h *Hall) SwitchCatalog(next *Catalog) {
	if h.Catalog != nil && h.Catalog != next {
		h.Retired = append([]*Catalog{h.Catalog}, h.Retired...)
	}
	h.Catalog = next
}

// ItemOf finds the item of a ticket or case: in the catalog in force, else in the
// latest earlier catalog that has it (an item removed since it was issued).
func (h *Hall) ItemOf(code string) (*Item, bool) { return h.itemOf(code) }

func (h *Hall) itemOf(code string) (*Item, bool) {
	if h.Catalog == nil {
		return nil, false
	}
	if it, ok := h.Catalog.Item(code); ok {
		return it, true
	}
	for _, c := range h.Retired {
		if it, ok := c.Item(code); ok {
			return it, true
		}
	}
	return nil, false
}
