package screens

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
)

// pickupCategory is the category of result pickup (统一出件) in the catalog.
const pickupCategory = queue.PickupCategory

// home is the first screen: the centre, the categories with their letters and waiting
// counts, appointment check-in, result pickup, the elderly mode, the language switch
// and the time. Every tile is in one grid: four columns of texts that wrap inside
// their tiles, or two of larger ones in the elderly mode.
type home struct {
	k       *Kiosk
	clock   *widget.Label
	cats    map[string]*uikit.BigButton // by prefix letter
	checkin *uikit.BigButton
	pickup  *uikit.BigButton
	elderly *uikit.BigButton // switches the elderly mode (长辈模式)
	lang    *uikit.BigButton
}

func (h *home) name() string { return "home" }

// build shows home as it was last built for this language, mode and catalog, or
// builds it.
func (h *home) build() fyne.CanvasObject {
	if v := h.k.cachedHome(); v != nil {
		return v.reuse(h)
	}
	c := h.create()
	h.k.keepHome(h, c)
	return c
}

// create builds home's widgets.
func (h *home) create() fyne.CanvasObject {
	k := h.k
	tr, m := k.tr, k.m()
	h.cats = map[string]*uikit.BigButton{}
	grid := container.NewGridWithColumns(m.homeCols)
	for i := range k.cat.Categories {
		c := &k.cat.Categories[i]
		main, other := tr.Pick(c.NameZh, c.NameEn)
		b := uikit.NewListButton(c.PrefixLetter, main, other, k.tap(func() { k.openCategory(c) }))
		b.InfoBelow = true
		b.MinHeight = m.tile
		h.cats[c.PrefixLetter] = b
		grid.Add(b)
	}
	h.updateCounts()
	h.checkin = uikit.NewListButton("", tr.S("checkin"), tr.O("checkin"), k.tap(func() { k.show(&checkin{k: k}) }))
	h.pickup = uikit.NewListButton("", tr.S("pickup"), tr.O("pickup"), k.tap(k.openPickup))
	if _, ok := k.cat.Category(pickupCategory); !ok {
		h.pickup.Disable()
	}
	mode := "elderly_on"
	if k.elderly() {
		mode = "elderly_off"
	}
	h.elderly = uikit.NewListButton("", tr.S(mode), tr.O(mode), k.tap(k.toggleElderly))
	for _, b := range []*uikit.BigButton{h.checkin, h.pickup, h.elderly} {
		b.Style = uikit.Primary
		b.MinHeight = m.tile
		grid.Add(b)
	}
	h.lang = langButton(k)
	h.clock = widget.NewLabel("")
	h.clock.SizeName = "subHeadingText"
	h.clock.TextStyle.Bold = true
	h.tick()
	cn, co := k.centerName()
	top := container.NewBorder(nil, nil, nil, container.NewHBox(k.staffButton(), h.clock, h.lang), uikit.Heading(wrapBeforeBracket(cn), co))
	prompt := widget.NewLabel(tr.S("choose_category") + "   " + tr.O("choose_category"))
	prompt.SizeName = "subHeadingText"
	prompt.Wrapping = fyne.TextWrapWord
	// The elderly mode's larger tiles always run below the fold; the standard ones do
	// when a notice takes their room: the band says so then (fillNotices).
	bottom := k.scrollHint("more_tiles", len(grid.Objects))
	notices := k.homeNotices(bottom, k.elderly())
	return container.NewPadded(container.NewBorder(container.NewVBox(top, widget.NewSeparator(), notices, prompt), bottom, nil, nil,
		container.NewVScroll(grid)))
}

// wrapBeforeBracket puts a space before a bracket that follows a word, so that a title
// too long for its line wraps before "(虚构示例)" rather than inside it: Fyne breaks a
// line without spaces wherever it overflows, which left a lone ")" on a line of its own.
func wrapBeforeBracket(s string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		if (r == '(' || r == '（') && !unicode.IsSpace(prev) {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// tick shows the time in the centre's zone.
func (h *home) tick() {
	h.clock.SetText(h.k.d.Now().In(h.k.cfg.Location).Format("2006-01-02  15:04:05"))
}

// updateCounts writes each category's waiting count from the live stream.
func (h *home) updateCounts() {
	for p, b := range h.cats {
		b.SetInfo(h.k.tr.S("waiting_n", h.k.waiting[p]))
	}
}

// langButton switches between Chinese and English; it is labelled in the language it
// switches to.
func langButton(k *Kiosk) *uikit.BigButton {
	to := k.tr.Lang().Other()
	label := map[uikit.Lang]string{uikit.Zh: "中文", uikit.En: "English"}[to]
	b := uikit.NewBigButton(label, "", k.tap(func() { k.setLang(to) }))
	b.Style = uikit.Secondary
	b.MinWidth, b.MinHeight = k.m().key, k.m().key
	return b
}

// openCategory shows the items of a category.
func (k *Kiosk) openCategory(c *queue.Category) {
	k.sess.category = c
	k.show(&items{k: k, category: c})
}

// openPickup goes to result pickup: its item straight away when there is only one.
func (k *Kiosk) openPickup() {
	c, ok := k.cat.Category(pickupCategory)
	if !ok {
		return
	}
	its := k.itemsOf(c.Code)
	if len(its) == 1 {
		k.sess.category = c
		k.openItem(its[0])
		return
	}
	k.openCategory(c)
}

// itemsOf lists a category's items in catalog order.
func (k *Kiosk) itemsOf(category string) []*queue.Item {
	var out []*queue.Item
	for i := range k.cat.Items {
		if k.cat.Items[i].Category == category {
			out = append(out, &k.cat.Items[i])
		}
	}
	return out
}
