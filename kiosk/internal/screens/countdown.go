package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/uikit"
)

// tapCatcher is a plain rectangle that takes taps: behind a screen it catches every
// tap that lands off the screen's buttons (a finger on a text still means someone is
// there), and as the countdown's dimmed backdrop it keeps the screen beneath from
// being used by accident.
type tapCatcher struct {
	widget.BaseWidget
	rect  *canvas.Rectangle
	onTap func()
}

func newTapCatcher(fill color.Color, onTap func()) *tapCatcher {
	c := &tapCatcher{rect: canvas.NewRectangle(fill), onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped counts the tap.
func (c *tapCatcher) Tapped(*fyne.PointEvent) { c.onTap() }

// CreateRenderer draws the rectangle.
func (c *tapCatcher) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.rect) }

// countdownView is the warning of the last seconds before the idle reset: "10 秒后返回
// 首页" with a button to stay, over the screen. It is built once per kiosk and put
// over every screen shown (frame).
type countdownView struct {
	catcher *tapCatcher // behind the screen
	overlay *fyne.Container
	banner  *uikit.Banner
	stay    *uikit.BigButton
	left    int             // the seconds shown; 0 while hidden
	frame   *fyne.Container // the stack the screen shown is framed in
}

func (k *Kiosk) countdownView() *countdownView {
	if k.cd != nil {
		return k.cd
	}
	v := &countdownView{}
	v.catcher = newTapCatcher(color.Transparent, k.touch)
	v.banner = uikit.NewBanner(uikit.ColorPrimary)
	v.stay = uikit.NewBigButton("", "", k.tap(k.touch))
	v.stay.MinHeight = 120
	dim := newTapCatcher(color.NRGBA{A: 0x99}, k.touch)
	card := container.NewGridWrap(fyne.NewSize(900, 400), container.NewVBox(v.banner, v.stay))
	v.overlay = container.NewStack(dim, container.NewCenter(card))
	v.overlay.Hide()
	k.cd = v
	return v
}

// frame puts a screen's content between the tap catcher and the countdown, and makes
// every scroll in it count as activity.
func (k *Kiosk) frame(content fyne.CanvasObject) fyne.CanvasObject {
	v := k.countdownView()
	k.watchScrolls(content)
	v.frame = container.NewStack(v.catcher, content, v.overlay)
	return v.frame
}

// watchScrolls sets every scroll container's OnScrolled (where a screen set none) to
// count as activity: a citizen reading a long checklist is there.
func (k *Kiosk) watchScrolls(o fyne.CanvasObject) {
	switch v := o.(type) {
	case *container.Scroll:
		if v.OnScrolled == nil {
			v.OnScrolled = func(fyne.Position) { k.touch() }
		}
		k.watchScrolls(v.Content)
	case *fyne.Container:
		for _, c := range v.Objects {
			k.watchScrolls(c)
		}
	}
}

// countsDown says whether the current screen counts down before its idle reset: not
// out of service, nor home at rest (the kiosk's language, no staff logged in), where a
// reset changes nothing a passer-by would see.
func (k *Kiosk) countsDown() bool {
	switch k.current.(type) {
	case *outOfService, nil:
		return false
	case *home:
		return k.tr.Lang() != k.cfg.Lang || k.ops.agent != nil
	}
	return true
}

// showCountdown shows the seconds left before the idle reset.
func (k *Kiosk) showCountdown(left int) {
	v := k.countdownView()
	tr := k.tr
	v.left = left
	v.banner.Set(uikit.ColorPrimary, tr.S("idle_countdown", left), tr.O("idle_countdown", left))
	v.stay.Title, v.stay.Subtitle = tr.S("idle_stay"), tr.O("idle_stay")
	v.stay.Refresh()
	if !v.overlay.Visible() {
		k.log.Info("idle countdown", "screen", k.current.name(), "left_s", left)
		// The stack laid the hidden overlay out at no size, and a container's Show
		// neither lays it out nor repaints the window (Fyne's driver does not know the
		// canvas of an object never drawn): do both, through the window's canvas.
		v.overlay.Move(fyne.NewPos(0, 0))
		v.overlay.Resize(v.frame.Size())
		v.overlay.Show()
		k.win.Canvas().Refresh(v.overlay)
	}
}

// hideCountdown takes the countdown away.
func (k *Kiosk) hideCountdown() {
	if k.cd == nil || k.cd.left == 0 {
		return
	}
	k.cd.left = 0
	k.cd.banner.Set(uikit.ColorPrimary, "", "")
	k.cd.overlay.Hide()
	k.win.Canvas().Refresh(k.cd.frame) // repaint the window without the overlay
}

// countdownLeft is the seconds the countdown shows, 0 when it is hidden (for tests).
func (k *Kiosk) countdownLeft() int {
	if k.cd == nil {
		return 0
	}
	return k.cd.left
}
