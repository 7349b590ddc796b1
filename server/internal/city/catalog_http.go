package city

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// maxCatalog is the largest catalog or addition accepted (the center's limit).
const maxCatalog = 4 << 20

// CatalogAnswer is what a center fetches: the catalog that applies to it and its version.
type CatalogAnswer struct {
	Version string          `json:"version"`
	Catalog json.RawMessage `json:"catalog"`
}

// admin checks the city's admin token; without one configured, publishing is off.
func (h *handler) admin(w http.ResponseWriter, r *http.Request) bool {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if h.o.AdminToken == "" || subtle.ConstantTimeCompare(hashToken(token), hashToken(h.o.AdminToken)) != 1 {
		h.fail(w, http.StatusUnauthorized, "unauthorized", "the city's admin token is required")
		return false
	}
	return true
}

// publish takes a new catalog version for a center's scope: the city's whole catalog,
// or a district's {"items":[…]} added to it. 422 names what does not check.
func (h *handler) publish(w http.ResponseWriter, r *http.Request) {
	if !h.admin(w, r) {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCatalog))
	if err != nil {
		h.fail(w, http.StatusRequestEntityTooLarge, "too_large", "the catalog is over 4 MiB")
		return
	}
	code := r.PathValue("code")
	v, err := h.s.Publish(r.Context(), code, body)
	var inv *InvalidError
	switch {
	case errors.Is(err, ErrNotFound):
		h.fail(w, http.StatusNotFound, "not_found", "no such center")
	case errors.As(err, &inv):
		h.fail(w, http.StatusUnprocessableEntity, "invalid", inv.Msg)
	case err != nil:
		h.internal(w, "publish", err)
	default:
		h.o.Log.Info("catalog published", "scope", code, "version", v)
		writeJSON(w, http.StatusCreated, map[string]any{"scope": code, "version": v})
	}
}

// catalog answers a center the catalog that applies to it; ?have=VERSION answers 304
// when that is still the newest.
func (h *handler) catalog(w http.ResponseWriter, r *http.Request) {
	code, ok := h.center(w, r)
	if !ok {
		return
	}
	body, version, err := h.s.CatalogFor(r.Context(), code)
	switch {
	case errors.Is(err, ErrNoCatalog):
		h.fail(w, http.StatusNotFound, "not_found", "the city has published no catalog yet")
		return
	case err != nil:
		h.internal(w, "catalog", err)
		return
	}
	if r.URL.Query().Get("have") == version {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, CatalogAnswer{Version: version, Catalog: body})
}
