package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Colour names that Theme resolves beside Fyne's own, so that text on a coloured band
// or button is drawn in its colour through the one app theme. (A
// container.ThemeOverride per widget would do the same, but Fyne 2.7 keeps a parsed
// copy of the 4.6 MB font for every override and never frees it.)
const (
	// ColorNameOnPrimary is ColorOnPrimary: white text on blue, red or green.
	ColorNameOnPrimary fyne.ThemeColorName = "onedoor-on-primary"
	// ColorNameMuted is ColorMuted: the text of a disabled button.
	ColorNameMuted fyne.ThemeColorName = "onedoor-muted"
)

// colourText is a one-segment RichText drawn like a widget.Label (same padding, size
// and wrapping) whose colour is a theme colour name.
type colourText struct {
	*widget.RichText
	seg *widget.TextSegment
	// more is a second paragraph in the same text (a tile's waiting count under its
	// subtitle), which saves the padding of a text of its own.
	more *widget.TextSegment
}

// newColourText returns empty text of size name size, bold or not, wrapping or not.
func newColourText(size fyne.ThemeSizeName, bold bool, wrap fyne.TextWrap, align fyne.TextAlign) colourText {
	seg := &widget.TextSegment{Style: widget.RichTextStyle{
		Alignment: align,
		ColorName: theme.ColorNameForeground,
		Inline:    true,
		SizeName:  size,
		TextStyle: fyne.TextStyle{Bold: bold},
	}}
	rt := widget.NewRichText(seg)
	rt.Wrapping = wrap
	return colourText{RichText: rt, seg: seg}
}

// addParagraph gives the text a second paragraph of size name size, bold or not.
func (t *colourText) addParagraph(size fyne.ThemeSizeName, bold bool) {
	t.more = &widget.TextSegment{Style: t.seg.Style}
	t.more.Style.SizeName = size
	t.more.Style.TextStyle.Bold = bold
	t.seg.Style.Inline = false
	t.more.Style.Inline = false
	t.Segments = append(t.Segments, t.more)
}

// setMore changes the second paragraph and its colour; the caller refreshes.
func (t colourText) setMore(s string, c fyne.ThemeColorName) {
	t.more.Text = s
	t.more.Style.ColorName = c
}

// set changes the text and its colour; the caller refreshes.
func (t colourText) set(s string, c fyne.ThemeColorName) {
	t.seg.Text = s
	t.seg.Style.ColorName = c
}

// text returns the text.
func (t colourText) text() string { return t.seg.Text }
