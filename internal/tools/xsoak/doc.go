// Package xsoak drives a real Fyne window under Xvfb the way a person would, and
// measures what that person sees: each screen change from the tap (an xdotool click or
// key) to a still framebuffer, read from the file Xvfb keeps with -fbdir, and the
// application's resident memory between visits.
//
// It knows nothing of the kiosk or the caller. Where to tap comes from the screen
// itself: a "shadow" of the application runs on Fyne's headless test driver at the
// same size, scale and theme, kept on the same screen as the real window, and Find
// returns the on-screen centre of the tappable object whose text matches a label
// (Center, for an object the shadow names directly). So layouts may change without
// the soak's coordinates going stale.
//
// The measurements go to a Recorder, whose Summary gives the median and p99 of each
// kind of change and the RSS after the first visit, at its highest and at the end, and
// judges them against Targets.
package xsoak
