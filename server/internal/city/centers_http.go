package city

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// centerRequest is PUT /api/v1/admin/centers/{code}.
type centerRequest struct {
	Name   string `json:"name"`
	Level  string `json:"level"`
	Parent string `json:"parent,omitempty"`
}

// putCenter adds a center to the tree, or changes one, and answers its new upload token
// once (201 {"code","token"}): a center's token is replaced by putting it again.
func (h *handler) putCenter(w http.ResponseWriter, r *http.Request) {
	if !h.admin(w, r) {
		return
	}
	var req centerRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		h.fail(w, http.StatusBadRequest, "bad_request", "center: "+err.Error())
		return
	}
	c := Center{Code: r.PathValue("code"), Name: req.Name, Level: req.Level, Parent: req.Parent}
	token, err := h.s.PutCenter(r.Context(), c)
	var inv *InvalidError
	switch {
	case errors.As(err, &inv):
		h.fail(w, http.StatusUnprocessableEntity, "invalid", inv.Msg)
	case err != nil:
		h.internal(w, "put center", err)
	default:
		h.o.Log.Info("center put", "code", c.Code, "level", c.Level, "parent", c.Parent)
		var b bytes.Buffer
		_ = json.NewEncoder(&b).Encode(map[string]string{"code": c.Code, "token": token})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(b.Bytes())
	}
}
