package display

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestPagesCarryTheVersionAndOnlyLocalFiles(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v := h.Version()
	if len(v) != 12 {
		t.Fatalf("version %q", v)
	}
	for _, p := range []string{"/board", "/board/window/3", "/t/abc123"} {
		res, body := get(t, h, p)
		if res.StatusCode != 200 || res.Header.Get(VersionHeader) != v || !strings.Contains(body, `data-version="`+v+`"`) {
			t.Fatalf("%s: %d %q", p, res.StatusCode, res.Header.Get(VersionHeader))
		}
		if strings.Contains(body, "{{VERSION}}") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Fatalf("%s refers outside the server or lacks its version", p)
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Fatalf("%s: no CSP", p)
		}
	}
	res, body := get(t, h, "/static/fonts.css?v="+v)
	if !strings.Contains(body, "/static/font.ttf?v="+v) || !strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") {
		t.Fatalf("fonts.css: %q %s", res.Header.Get("Cache-Control"), body)
	}
	if res, _ := get(t, h, "/static/board.js?v=old"); res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("an old version is cached: %q", res.Header.Get("Cache-Control"))
	}
	if res, _ := get(t, h, "/voice/qing.ogg?v="+v); res.StatusCode != 200 || res.Header.Get("Content-Type") != "audio/ogg" {
		t.Fatalf("voice clip: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, p := range []string{"/static/board.html", "/board/window/x", "/voice/regen.sh", "/static/nope.js", "/elsewhere"} {
		if res, _ := get(t, h, p); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
	if _, body := get(t, h, "/board/version"); !strings.Contains(body, v) {
		t.Fatalf("version: %s", body)
	}
}

// TestEveryClipTheAnnouncerNamesExists reads voice.js's clip names against the clips.
func TestEveryClipTheAnnouncerNamesExists(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"chime", "qing", "hao", "dao", "chuangkou_banli", "shi", "en_number", "en_please_window"}
	for c := '0'; c <= '9'; c++ {
		names = append(names, "d"+string(c), "en"+string(c))
	}
	for c := 'A'; c <= 'Z'; c++ {
		names = append(names, "l"+string(c))
	}
	for _, n := range names {
		if res, _ := get(t, h, "/voice/"+n+".ogg"); res.StatusCode != 200 {
			t.Errorf("clip %s: %d", n, res.StatusCode)
		}
	}
	// Cantonese (?voice=yue) has its own Chinese words and shares the letters and chime.
	for _, n := range []string{"qing", "hao", "dao", "chuangkou_banli", "shi", "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"} {
		res, body := get(t, h, "/voice/yue/"+n+".ogg?v="+h.Version())
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "audio/ogg" || !strings.HasPrefix(body, "OggS") {
			t.Errorf("Cantonese clip %s: %d %q", n, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if _, zh := get(t, h, "/voice/"+n+".ogg"); zh == body {
			t.Errorf("Cantonese clip %s is the Mandarin one", n)
		}
	}
	for _, p := range []string{"/voice/xx/qing.ogg", "/voice/yue/regen.sh", "/voice/yue/lA.ogg"} {
		if res, _ := get(t, h, p); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}
