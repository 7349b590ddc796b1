package screens

import (
	"fyne.io/fyne/v2"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
)

// homeView is the home screen built once for a language and a catalog, shown again
// on every return home with only its counts and clock updated: home is shown once per
// citizen, and building it anew each time would leave a screenful of widgets for
// Fyne's caches to hold each visit.
type homeView struct {
	cat         *queue.Catalog
	name, other string // the centre's name as built
	h           home
	content     fyne.CanvasObject
}

// homeKey names a home screen as built: for a language, in a mode.
type homeKey struct {
	lang    uikit.Lang
	elderly bool
}

// cachedHome returns the home screen built for the current language and catalog, or
// nil when it must be built.
func (k *Kiosk) cachedHome() *homeView {
	v := k.homes[homeKey{k.tr.Lang(), k.elderly()}]
	if v == nil || v.cat != k.cat {
		return nil
	}
	if cn, co := k.centerName(); cn != v.name || co != v.other {
		return nil
	}
	return v
}

// keepHome remembers h's widgets and content for the current language.
func (k *Kiosk) keepHome(h *home, content fyne.CanvasObject) {
	if k.homes == nil {
		k.homes = map[homeKey]*homeView{}
	}
	cn, co := k.centerName()
	k.homes[homeKey{k.tr.Lang(), k.elderly()}] = &homeView{cat: k.cat, name: cn, other: co, h: *h, content: content}
}

// reuse takes v's widgets into h and brings them up to date.
func (v *homeView) reuse(h *home) fyne.CanvasObject {
	*h = v.h
	for _, b := range h.buttons() {
		b.Release()
	}
	h.updateCounts()
	h.tick()
	return v.content
}

// buttons lists the screen's buttons.
func (h *home) buttons() []*uikit.BigButton {
	out := []*uikit.BigButton{h.checkin, h.pickup, h.lang, h.elderly}
	for _, b := range h.cats {
		out = append(out, b)
	}
	return out
}
