package queue

// A pickup ticket (统一出件) carries the cases whose results its holder comes for: the
// pickup window's clerk calls it and hands each over. Only cases ready for pickup may be
// carried, so nobody queues at the pickup window for a result that is not there.

// MaxPickupCases is how many cases one pickup ticket may carry.
const MaxPickupCases = 20

// checkPickup checks the cases a ticket is to carry: only on an item of the pickup
// category, each an open case ready for pickup, none twice.
func (h *Hall) checkPickup(c IssueCmd, it *Item) error {
	if len(c.Cases) == 0 {
		return nil
	}
	if it.Category != PickupCategory {
		return Errorf(Invalid, "only a pickup ticket (%s) carries cases", PickupCategory)
	}
	if len(c.Cases) > MaxPickupCases {
		return Errorf(Invalid, "a pickup ticket carries at most %d cases", MaxPickupCases)
	}
	seen := map[string]bool{}
	for _, no := range c.Cases {
		cs, ok := h.OpenCases[no]
		switch {
		case seen[no]:
			return Errorf(Invalid, "case %s is named twice", no)
		case !ok:
			return Errorf(NotFound, "no open case %s", no)
		case cs.State != CaseResultReady:
			return Errorf(Conflict, "case %s is not ready for pickup (%s)", no, cs.Stage())
		}
		seen[no] = true
	}
	return nil
}

// PickupItem returns the catalog's item for picking results up (the first of the pickup
// category), false when the catalog has none.
func (c *Catalog) PickupItem() (*Item, bool) {
	for i := range c.Items {
		if c.Items[i].Category == PickupCategory {
			return &c.Items[i], true
		}
	}
	return nil, false
}
