package screens

import "fyne.io/fyne/v2"

// UI moves work between the Fyne goroutine and the background. Tests replace Do with
// a queue they run on their own goroutine, so widgets are only ever touched there.
type UI struct {
	// Do runs f on the UI goroutine.
	Do func(f func())
	// Go runs a task in the background.
	Go func(task func())
}

// DefaultUI uses fyne.Do and goroutines.
func DefaultUI() UI {
	return UI{Do: fyne.Do, Go: func(task func()) { go task() }}
}
