package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestTapRightAfterScreenChange: a tap that lands within the tap guard of a screen
// change (the second tap of an impatient finger) goes nowhere; one after it works.
func TestTapRightAfterScreenChange(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	k := offlineKiosk(t, func() time.Time { return now })
	k.show(&home{k: k})
	h := k.current.(*home)
	c := h.cats["C"]
	if c == nil {
		t.Fatal("no category C on home")
	}

	now = now.Add(k.cfg.TapGuard / 2)
	test.Tap(c)
	if got := k.current.name(); got != "home" {
		t.Fatalf("a tap %v after home was shown opened %q; want it ignored", k.cfg.TapGuard/2, got)
	}

	now = now.Add(k.cfg.TapGuard)
	test.Tap(c)
	if got := k.current.name(); got != "items" {
		t.Fatalf("a tap after the guard opened %q; want items", got)
	}
	// The new screen's buttons are guarded in turn: the finger's second tap, landing
	// on an item that now lies under it, chooses nothing.
	its := k.current.(*items)
	for code, b := range its.buttons {
		test.Tap(b)
		if got := k.current.name(); got != "items" {
			t.Fatalf("a tap on item %s at once after items was shown opened %q; want it ignored", code, got)
		}
		break
	}
	if len(its.buttons) == 0 {
		t.Fatal("category C lists no items")
	}
}
