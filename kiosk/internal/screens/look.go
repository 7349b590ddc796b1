package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/uikit"
)

// metrics are the numbers of the screens' layouts in one mode: the standard mode
// fits a category's tiles, a checklist or the priority groups on one 1920×1080
// screen; the elderly mode (长辈模式) shows fewer, larger tiles and scrolls the rest.
type metrics struct {
	homeCols, itemCols, groupCols, matCols int
	// tile, itemTile and groupTile are the least heights of home's, the items
	// list's and the priority groups' tiles; they grow with their texts.
	tile, itemTile, groupTile float32
	// action is the height of the buttons that move on (take a ticket, back).
	action float32
	// key is the least side of a keypad key.
	key float32
	// keyboard shows the pinyin keyboard beside the items list.
	keyboard bool
}

var (
	standardMetrics = metrics{homeCols: 4, itemCols: 2, groupCols: 4, matCols: 2,
		tile: 180, itemTile: 120, groupTile: 150, action: 100, key: 80, keyboard: true}
	elderlyMetrics = metrics{homeCols: 2, itemCols: 1, groupCols: 2, matCols: 1,
		tile: uikit.ElderlyTouch * 1.5, itemTile: uikit.ElderlyTouch * 1.5, groupTile: uikit.ElderlyTouch * 1.5,
		action: uikit.ElderlyTouch, key: uikit.ElderlyTouch}
)

// m returns the layout numbers of the current mode.
func (k *Kiosk) m() metrics {
	if k.elderly() {
		return elderlyMetrics
	}
	return standardMetrics
}

// elderly reports whether the elderly mode is on.
func (k *Kiosk) elderly() bool { return k.look.Elderly() }

// setElderly switches the elderly mode; the caller shows or refreshes a screen. The
// mode lasts for one visit: going home after it switches it off.
func (k *Kiosk) setElderly(on bool) {
	if on == k.elderly() {
		return
	}
	k.log.Info("elderly mode", "on", on)
	k.look.SetElderly(on)
	// Set the one theme again: Fyne then drops its parsed fonts, and the mode's font
	// (its lines further apart) is parsed in their place; the other's is freed.
	if a := fyne.CurrentApp(); a != nil {
		a.Settings().SetTheme(k.look)
	}
}

// toggleElderly is home's elderly-mode button.
func (k *Kiosk) toggleElderly() {
	k.setElderly(!k.elderly())
	k.refresh()
	if k.elderly() {
		k.say(clipChoose)
	}
}

// action is a button that moves on, as high as the mode asks.
func (k *Kiosk) action(key string, style uikit.Style, tapped func()) *uikit.BigButton {
	b := uikit.NewBigButton(k.tr.S(key), k.tr.O(key), k.tap(tapped))
	b.Style = style
	b.MinHeight, b.MinWidth = k.m().action, k.m().action
	return b
}

// scrollHint is the line under a list taller than the screen: how many entries it
// has and that there are more below, in both languages, with an arrow.
func (k *Kiosk) scrollHint(key string, n int) fyne.CanvasObject {
	l := widget.NewLabel("▼  " + k.tr.S(key, n) + "   ·   " + k.tr.O(key, n) + "  ▼")
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle.Bold = true
	l.Importance = widget.HighImportance
	return uikit.Panel(uikit.ColorSecondary, container.NewStack(l))
}
