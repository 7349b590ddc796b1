package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// cacheRenderer returns a widget's child objects through its renderer.
func cacheRenderer(w fyne.Widget) []fyne.CanvasObject {
	return test.WidgetRenderer(w).Objects()
}
