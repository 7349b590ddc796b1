package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Choice is one of a few options, each a KeyButton: the chosen one blue with a dot.
// Space picks the focused option; Enter picks it and confirms the dialog.
// It replaces widget.RadioGroup, whose items take every key when focused, so that
// Enter, Escape and the function keys still work with an option focused.
type Choice struct {
	widget.BaseWidget
	box *fyne.Container
	// Options are the labels; Selected is the one chosen, "" for none.
	Options  []string
	Selected string
	// Buttons are the options' buttons, in order.
	Buttons   []*KeyButton
	OnChanged func(string)
}

// newChoice lays the options out in a row (horizontal) or a column.
func newChoice(options []string, horizontal bool, changed func(string), route func(*fyne.KeyEvent)) *Choice {
	c := &Choice{Options: options, OnChanged: changed}
	var objs []fyne.CanvasObject
	for _, o := range options {
		b := newKeyButton(o, widget.MediumImportance, func() { c.SetSelected(o) }, route)
		b.enterPasses = true
		if !horizontal {
			b.Alignment = widget.ButtonAlignLeading // a column reads as a list
		}
		c.Buttons = append(c.Buttons, b)
		objs = append(objs, b)
	}
	if horizontal {
		c.box = container.NewHBox(objs...)
	} else {
		c.box = container.NewVBox(objs...)
	}
	c.ExtendBaseWidget(c)
	c.paint()
	return c
}

// CreateRenderer lays the options out.
func (c *Choice) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.box) }

// SetSelected chooses an option by its label and tells OnChanged when it changed.
func (c *Choice) SetSelected(label string) {
	if label == c.Selected {
		return
	}
	c.Selected = label
	c.paint()
	if c.OnChanged != nil {
		c.OnChanged(label)
	}
}

func (c *Choice) paint() {
	for i, b := range c.Buttons {
		if c.Options[i] == c.Selected {
			b.Text, b.Importance = "● "+c.Options[i], widget.HighImportance
		} else {
			b.Text, b.Importance = "○ "+c.Options[i], widget.MediumImportance
		}
		b.Refresh()
	}
}

// inColumns lays the options out in a grid of n columns instead; it is called before
// the choice is shown.
func (c *Choice) inColumns(n int) *Choice {
	c.box = container.NewGridWithColumns(n, c.box.Objects...)
	return c
}
