package screens

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The caller's focusable widgets are Fyne's, each wrapped so that:
//
//   - a key the widget does not use (Escape, F1–F6, and Enter outside a text area)
//     reaches the window's handler, App.routeKey. Fyne gives every key to the
//     focused widget and none to the window, so without this one Tab onto a button
//     would leave the function keys and a dialog's Enter and Escape dead;
//   - focus is drawn as a ring just outside the widget, in colorFocusRing, which stands
//     out at ≥ 3:1 from the surface around it whatever the widget's own colour
//     (Fyne only tints a focused button, invisibly on a blue one).

// ringGap is how far outside its widget the focus ring is drawn.
const ringGap = 3

// isEnter reports whether k is either Enter key.
func isEnter(k fyne.KeyName) bool { return k == fyne.KeyReturn || k == fyne.KeyEnter }

// isFnKey reports whether k is one of the workstation's function keys.
func isFnKey(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5, fyne.KeyF6:
		return true
	}
	return false
}

// ringRenderer draws a widget's own renderer and, while it has the focus, the ring.
type ringRenderer struct {
	fyne.WidgetRenderer
	ring    *canvas.Rectangle
	focused *bool
	// inner and all are the widget's objects last seen and them with the ring, kept
	// so that painting each frame allocates nothing.
	inner, all []fyne.CanvasObject
}

func newRing(inner fyne.WidgetRenderer, focused *bool) *ringRenderer {
	ring := canvas.NewRectangle(nil)
	ring.StrokeWidth = 2
	ring.CornerRadius = 6
	r := &ringRenderer{WidgetRenderer: inner, ring: ring, focused: focused}
	r.paint()
	return r
}

func (r *ringRenderer) paint() {
	th := fyne.CurrentApp().Settings().Theme()
	r.ring.StrokeColor = th.Color(colorNameFocusRing, fyne.CurrentApp().Settings().ThemeVariant())
	r.ring.Hidden = !*r.focused
}

// Layout lays the widget out and puts the ring around it.
func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Move(fyne.NewPos(-ringGap, -ringGap))
	r.ring.Resize(size.AddWidthHeight(2*ringGap, 2*ringGap))
}

// Objects are the widget's, then the ring over them.
func (r *ringRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	if !slices.Equal(inner, r.inner) {
		r.inner = inner
		r.all = slices.Concat(inner, []fyne.CanvasObject{r.ring})
	}
	return r.all
}

// Refresh repaints the widget and shows or hides the ring.
func (r *ringRenderer) Refresh() {
	r.paint()
	r.WidgetRenderer.Refresh()
	r.ring.Refresh()
}

// KeyButton is a widget.Button that Enter taps as Space does, that passes the keys
// it does not use to the window, and that shows its focus as a ring.
type KeyButton struct {
	widget.Button
	route   func(*fyne.KeyEvent)
	focused bool
	// enterPasses makes Enter tap the button and then go on to the window, as for an
	// option of a Choice: Enter picks it and confirms the dialog.
	enterPasses bool
}

// newKeyButton returns a button whose unused keys go to route.
func newKeyButton(label string, imp widget.Importance, tapped func(), route func(*fyne.KeyEvent)) *KeyButton {
	b := &KeyButton{route: route}
	b.Text, b.Importance, b.OnTapped = label, imp, tapped
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer is the button's with the focus ring.
func (b *KeyButton) CreateRenderer() fyne.WidgetRenderer {
	return newRing(b.Button.CreateRenderer(), &b.focused)
}

// FocusGained shows the ring.
func (b *KeyButton) FocusGained() { b.focused = true; b.Button.FocusGained() }

// FocusLost hides the ring.
func (b *KeyButton) FocusLost() { b.focused = false; b.Button.FocusLost() }

// HasFocus reports whether the button has the keyboard focus.
func (b *KeyButton) HasFocus() bool { return b.focused }

// Tapped runs the button's action without Fyne's tap animation. The animation redraws
// the window for 300 ms; on the desk's software-rendered display its frames held up the
// screen the tap opens: the document dialog came ~70 ms later, and closing it took
// 120–170 ms instead of ~20 (the caller soak's trace). What the tap opens is the feedback.
func (b *KeyButton) Tapped(*fyne.PointEvent) {
	if !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
	}
}

// TypedKey taps the button on Enter or Space and passes other keys on.
func (b *KeyButton) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case isEnter(ev.Name) || ev.Name == fyne.KeySpace:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		if isEnter(ev.Name) && b.enterPasses && b.route != nil {
			b.route(ev)
		}
	case b.route != nil:
		b.route(ev)
	}
}

// KeyEntry is a widget.Entry that passes Escape, the function keys and (on one line)
// Enter to the window, and shows its focus as a ring. In a text area Enter is a new
// line and Ctrl+Enter confirms.
type KeyEntry struct {
	widget.Entry
	route   func(*fyne.KeyEvent)
	focused bool
}

func newKeyEntry(route func(*fyne.KeyEvent)) *KeyEntry {
	e := &KeyEntry{route: route}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewEntry
	e.ExtendBaseWidget(e)
	return e
}

func newKeyTextArea(route func(*fyne.KeyEvent)) *KeyEntry {
	e := newKeyEntry(route)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// CreateRenderer is the entry's with the focus ring.
func (e *KeyEntry) CreateRenderer() fyne.WidgetRenderer {
	return newRing(e.Entry.CreateRenderer(), &e.focused)
}

// FocusGained shows the ring.
func (e *KeyEntry) FocusGained() { e.focused = true; e.Entry.FocusGained() }

// FocusLost hides the ring.
func (e *KeyEntry) FocusLost() { e.focused = false; e.Entry.FocusLost() }

// HasFocus reports whether the entry has the keyboard focus.
func (e *KeyEntry) HasFocus() bool { return e.focused }

// AcceptsTab is false even for a text area: Tab moves on, so a keyboard is never
// trapped in a rejection's reason.
func (e *KeyEntry) AcceptsTab() bool { return false }

// TypedKey edits the text, passing the keys that are not editing on.
func (e *KeyEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.route != nil && (ev.Name == fyne.KeyEscape || isFnKey(ev.Name) || (isEnter(ev.Name) && !e.MultiLine)) {
		e.route(ev)
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut confirms on Ctrl+Enter and leaves the rest (copy, paste…) to the entry.
func (e *KeyEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && isEnter(cs.KeyName) && cs.Modifier == fyne.KeyModifierControl && e.route != nil {
		e.route(&fyne.KeyEvent{Name: fyne.KeyReturn})
		return
	}
	e.Entry.TypedShortcut(s)
}

// KeyCheck is a widget.Check that passes the keys it does not use to the window and
// shows its focus as a ring (Space ticks it, as in Fyne).
type KeyCheck struct {
	widget.Check
	route   func(*fyne.KeyEvent)
	focused bool
}

func newKeyCheck(label string, changed func(bool), route func(*fyne.KeyEvent)) *KeyCheck {
	c := &KeyCheck{route: route}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is the check's with the focus ring.
func (c *KeyCheck) CreateRenderer() fyne.WidgetRenderer {
	return newRing(c.Check.CreateRenderer(), &c.focused)
}

// FocusGained shows the ring.
func (c *KeyCheck) FocusGained() { c.focused = true; c.Check.FocusGained() }

// FocusLost hides the ring.
func (c *KeyCheck) FocusLost() { c.focused = false; c.Check.FocusLost() }

// HasFocus reports whether the check has the keyboard focus.
func (c *KeyCheck) HasFocus() bool { return c.focused }

// TypedKey passes every key on: a check uses only Space, which comes as a rune.
func (c *KeyCheck) TypedKey(ev *fyne.KeyEvent) {
	if c.route != nil {
		c.route(ev)
	}
}

// KeySelect is a widget.Select that passes Escape, Enter and the function keys to the
// window and shows its focus as a ring (Space and the arrows open or move the list).
type KeySelect struct {
	widget.Select
	route   func(*fyne.KeyEvent)
	focused bool
}

func newKeySelect(options []string, route func(*fyne.KeyEvent)) *KeySelect {
	s := &KeySelect{route: route}
	s.Options = options
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer is the select's with the focus ring.
func (s *KeySelect) CreateRenderer() fyne.WidgetRenderer {
	return newRing(s.Select.CreateRenderer(), &s.focused)
}

// FocusGained shows the ring.
func (s *KeySelect) FocusGained() { s.focused = true; s.Select.FocusGained() }

// FocusLost hides the ring.
func (s *KeySelect) FocusLost() { s.focused = false; s.Select.FocusLost() }

// HasFocus reports whether the select has the keyboard focus.
func (s *KeySelect) HasFocus() bool { return s.focused }

// TypedKey passes Escape, Enter and the function keys on.
func (s *KeySelect) TypedKey(ev *fyne.KeyEvent) {
	if s.route != nil && (ev.Name == fyne.KeyEscape || isEnter(ev.Name) || isFnKey(ev.Name)) {
		s.route(ev)
		return
	}
	s.Select.TypedKey(ev)
}
