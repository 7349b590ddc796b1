package uikit

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// overrides counts the ThemeOverride containers in o's tree, widgets' renderers
// included.
func overrides(o fyne.CanvasObject) int {
	n := 0
	if _, ok := o.(*container.ThemeOverride); ok {
		n++
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			n += overrides(c)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			n += overrides(c)
		}
	}
	return n
}

// TestNoThemeOverridePerWidget: Fyne 2.7 keeps a parsed copy of the 4.6 MB font for
// every ThemeOverride and never frees it, so no widget of the kiosk may make one.
func TestNoThemeOverridePerWidget(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme{})
	disabled := NewBigButton("取号", "Take a number", nil)
	disabled.Disable()
	danger := NewBigButton("故障", "Fault", nil)
	danger.Style = Danger
	banner := NewBanner(ColorPrimary)
	banner.Set(ColorDanger, "读卡器故障", "Reader fault")
	for name, o := range map[string]fyne.CanvasObject{
		"primary":   NewBigButton("取号", "Take a number", nil),
		"list":      NewListButton("C", "户籍业务", "Household registration", nil),
		"disabled":  disabled,
		"danger":    danger,
		"banner":    banner,
		"heading":   Heading("标题", "Title"),
		"panel":     Panel(ColorPrimary, widget.NewLabel("x")),
		"big":       Big("A001", 160, ColorText),
		"caption":   Caption("x"),
		"body text": Body("x"),
	} {
		if n := overrides(o); n != 0 {
			t.Errorf("%s: %d ThemeOverride(s) in its tree; want none", name, n)
		}
	}
}

// TestTextColoursOnButtons: the text of a dark button is white and a disabled one's is
// muted, through the app theme's colour names.
func TestTextColoursOnButtons(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme{})
	check := func(b *BigButton, want color.Color) {
		t.Helper()
		r := test.WidgetRenderer(b).(*bigButtonRenderer)
		got := Theme{}.Color(r.title.seg.Style.ColorName, 0)
		if got != want {
			t.Errorf("title of %q drawn in %v; want %v", b.Title, got, want)
		}
	}
	p := NewBigButton("取号", "", nil)
	check(p, ColorOnPrimary)
	s := NewListButton("C", "户籍", "", nil)
	check(s, ColorText)
	p.Disable()
	check(p, ColorMuted)
	b := NewBanner(ColorPrimary)
	b.Set(ColorDanger, "故障", "Fault")
	if got := (Theme{}).Color(b.main.seg.Style.ColorName, 0); got != ColorOnPrimary {
		t.Errorf("banner text drawn in %v; want white", got)
	}
}

// TestBigButtonPressedState: a button looks pressed while a finger is down on it, and
// not after; a disabled one never does.
func TestBigButtonPressedState(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme{})
	for _, tc := range []struct {
		style      Style
		up, pushed color.Color
	}{
		{Primary, ColorPrimary, ColorPrimaryPressed},
		{Secondary, ColorSecondary, ColorSecondaryPressed},
		{Danger, ColorDanger, ColorDangerPressed},
	} {
		tapped := 0
		b := NewBigButton("取号", "", func() { tapped++ })
		b.Style = tc.style
		r := test.WidgetRenderer(b).(*bigButtonRenderer)
		b.MouseDown(&desktop.MouseEvent{})
		if !b.Pressed() || r.bg.FillColor != tc.pushed {
			t.Errorf("style %d held: pressed %v, drawn %v; want pressed, %v", tc.style, b.Pressed(), r.bg.FillColor, tc.pushed)
		}
		b.MouseUp(&desktop.MouseEvent{})
		test.Tap(b)
		if b.Pressed() || r.bg.FillColor != tc.up || tapped != 1 {
			t.Errorf("style %d released: pressed %v, drawn %v, tapped %d; want %v, tapped once", tc.style, b.Pressed(), r.bg.FillColor, tapped, tc.up)
		}
	}
	b := NewBigButton("取号", "", nil)
	b.Disable()
	b.MouseDown(&desktop.MouseEvent{})
	if b.Pressed() {
		t.Error("a disabled button looks pressed")
	}
}
