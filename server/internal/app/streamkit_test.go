package app

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
)

// newKiosk is a client with the demo kiosk's token.
func newKiosk(srv *Server) *client.Client { return client.New(srv.URL(), srv.KioskToken) }

// getText fetches a page and returns its status and text.
func getText(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// grepLines returns the lines of text that contain s.
func grepLines(text, s string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// percentiles returns the median and the 99th percentile.
func percentiles(lat []time.Duration) (p50, p99 time.Duration) {
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Microsecond), s[len(s)*99/100].Round(time.Microsecond)
}
