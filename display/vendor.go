package display

import (
	"io/fs"
	"net/http"
)

// serveVendor serves the third-party files under static/vendor (the console's chart
// library, uPlot, with its licence), refreshed by `make vendor-uplot`.
func (h *Handler) serveVendor(w http.ResponseWriter, r *http.Request) {
	sub, err := fs.Sub(h.files, "vendor")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h.serveFS(sub)(w, r)
}
