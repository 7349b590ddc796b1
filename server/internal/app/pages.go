package app

import (
	"net/http"

	"onedoor/display"
)

// pagesOr returns the configured pages handler, or the built-in display pages (hall
// board, window displays, tracking pages) when none is configured.
func pagesOr(h http.Handler) http.Handler {
	if h != nil {
		return h
	}
	d, err := display.New()
	if err != nil {
		// The pages are embedded at build time: failing here is a broken build.
		panic(err)
	}
	return d
}
