// Package uikit is what the hall's Fyne apps (the self-service kiosk and the clerks'
// caller) share: a high-contrast theme that draws every text with the bundled CJK font
// (assets.FontTTF, so a kiosk never shows boxes whatever fonts the machine has), a
// Chinese/English string table, and large touch widgets.
//
// Sizes are in Fyne's device-independent units. Fyne maps one unit to about 1/96 inch
// at scale 1 on a desktop display, so MinTouch (64 units) is about 17 mm there — above
// the 15 mm that touch targets need for a citizen's finger — and grows with the scale
// a kiosk's installer sets through FYNE_SCALE.
package uikit
