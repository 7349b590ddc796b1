package display

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"onedoor/assets"
)

//go:embed static
var staticFS embed.FS

// zeroTime makes http.ServeContent skip Last-Modified: versioned URLs do the caching.
var zeroTime time.Time

// versionMark in the HTML pages is replaced by the build version, so that every static
// URL changes with the build.
const versionMark = "{{VERSION}}"

// VersionHeader names the response header that carries the build version on every answer.
const VersionHeader = "X-Onedoor-Version"

// csp lets the pages load only from the server itself: the boards never depend on, or
// talk to, anything outside the hall's server.
const csp = "default-src 'self'; connect-src 'self'; img-src 'self' data:; media-src 'self'; " +
	"font-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'"

// Handler serves the display pages and their files.
type Handler struct {
	version string
	pages   map[string][]byte // page name → HTML with the version filled in
	files   fs.FS             // static files
	voice   fs.FS             // voice clips: the Mandarin words, letters, chime, English
	voices  map[string]fs.FS  // another voice's words by its name ("yue": Cantonese)
	font    []byte
	mux     *http.ServeMux
}

// New returns the handler for the embedded pages, with the bundled font and voice clips.
func New() (*Handler, error) {
	files, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("display: static files: %w", err)
	}
	voice, err := fs.Sub(assets.Voice, "voice")
	if err != nil {
		return nil, fmt.Errorf("display: voice clips: %w", err)
	}
	yue, err := fs.Sub(voice, "yue")
	if err != nil {
		return nil, fmt.Errorf("display: Cantonese clips: %w", err)
	}
	v, err := hashFiles(files, voice, assets.FontTTF)
	if err != nil {
		return nil, err
	}
	h := &Handler{version: v, pages: map[string][]byte{}, files: files, voice: voice,
		voices: map[string]fs.FS{"yue": yue}, font: assets.FontTTF, mux: http.NewServeMux()}
	for _, name := range []string{"board.html", "window.html", "track.html", "waits.html", "workbench.html", "phone.html", "console.html", "catalog.html"} {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, fmt.Errorf("display: page %s: %w", name, err)
		}
		h.pages[name] = bytes.ReplaceAll(b, []byte(versionMark), []byte(v))
	}
	h.routes()
	return h, nil
}

// Version returns the build version: the first 12 hex digits of a SHA-256 over every
// embedded file the pages use.
func (h *Handler) Version() string { return h.version }

func (h *Handler) routes() {
	m := h.mux
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/board", http.StatusFound)
	})
	m.HandleFunc("GET /board", h.page("board.html"))
	m.HandleFunc("GET /board/window/{n}", func(w http.ResponseWriter, r *http.Request) {
		if n, err := strconv.Atoi(r.PathValue("n")); err != nil || n < 1 || n > 999 {
			http.Error(w, "no such window", http.StatusNotFound)
			return
		}
		h.page("window.html")(w, r)
	})
	m.HandleFunc("GET /t/{id}", h.page("track.html"))
	m.HandleFunc("GET /waits", h.page("waits.html"))
	m.HandleFunc("GET /workbench", h.page("workbench.html"))
	m.HandleFunc("GET /workbench/case/{no}", h.page("workbench.html"))
	m.HandleFunc("GET /console", h.page("console.html"))
	m.HandleFunc("GET /console/catalog", h.page("catalog.html"))
	m.HandleFunc("GET /phone/{$}", h.page("phone.html"))
	m.HandleFunc("GET /phone", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/phone/", http.StatusFound)
	})
	m.HandleFunc("GET /sw.js", h.serviceWorker)
	m.HandleFunc("GET /board/version", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"version": h.version})
	})
	m.HandleFunc("GET /static/font.ttf", func(w http.ResponseWriter, r *http.Request) {
		h.cache(w, r)
		w.Header().Set("Content-Type", "font/ttf")
		http.ServeContent(w, r, "font.ttf", zeroTime, bytes.NewReader(h.font))
	})
	m.HandleFunc("GET /static/{file}", h.serveFS(h.files))
	m.HandleFunc("GET /static/vendor/{file}", h.serveVendor)
	m.HandleFunc("GET /voice/{file}", h.serveFS(h.voice))
	m.HandleFunc("GET /voice/{lang}/{file}", func(w http.ResponseWriter, r *http.Request) {
		sub, ok := h.voices[r.PathValue("lang")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h.serveFS(sub)(w, r)
	})
}

// ServeHTTP answers the pages, their files, and 404 for anything else.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(VersionHeader, h.version)
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Type", "text/html; charset=utf-8")
		hd.Set("Cache-Control", "no-cache")
		hd.Set("Content-Security-Policy", csp)
		hd.Set("Referrer-Policy", "no-referrer") // a tracking URL holds the ticket's key
		w.Write(h.pages[name])
	}
}

// serveFS serves one file of fsys by its base name; HTML pages only through their routes.
func (h *Handler) serveFS(fsys fs.FS) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if name != path.Base(name) || strings.HasSuffix(name, ".html") || strings.HasPrefix(name, ".") {
			http.NotFound(w, r)
			return
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if path.Ext(name) == ".css" {
			b = bytes.ReplaceAll(b, []byte(versionMark), []byte(h.version)) // the font's versioned URL
		}
		h.cache(w, r)
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		http.ServeContent(w, r, name, zeroTime, bytes.NewReader(b))
	}
}

// cache lets a browser keep a file for a year when its URL names the current version,
// and makes it ask again otherwise.
func (h *Handler) cache(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("v") == h.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
}

// hashFiles is the build version: a hash over the names and bytes of every file.
func hashFiles(files, voice fs.FS, font []byte) (string, error) {
	sum := sha256.New()
	for _, fsys := range []fs.FS{files, voice} {
		var names []string
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, p)
			}
			return err
		})
		if err != nil {
			return "", fmt.Errorf("display: list files: %w", err)
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				return "", fmt.Errorf("display: read %s: %w", n, err)
			}
			fmt.Fprintf(sum, "%s %d\n", n, len(b))
			sum.Write(b)
		}
	}
	sum.Write(font)
	return hex.EncodeToString(sum.Sum(nil))[:12], nil
}

// serviceWorker serves the Web Push service worker at the root, so that its scope covers
// the tracking pages.
func (h *Handler) serviceWorker(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(h.files, "sw.js")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}
