package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/server/internal/store"
)

// TestSetupTokenOnce starts a hall with no staff: the setup token is in a 0600 file,
// refuses a weak PIN without being used up, creates the first admin once, and is
// refused (401) the second time, its file gone.
func TestSetupTokenOnce(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.Demo = false })
	if ts.SetupToken == "" {
		t.Fatal("no setup token on a hall without staff")
	}
	path := filepath.Join(ts.cfg.Data, store.SetupFile)
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("setup token file: %v %v", fi, err)
	}
	body := func(pin string) string {
		return `{"token":"` + ts.SetupToken + `","id":"admin","name":"陈主任","pin":"` + pin + `"}`
	}
	for _, weak := range []string{"123456", "000000", "654321", "121212"} {
		if status, b := ts.raw("POST", "/api/v1/setup", "", body(weak)); status != 422 {
			t.Errorf("weak PIN %s: %d %s", weak, status, b)
		}
	}
	wrong := "x" + ts.SetupToken[1:]
	if wrong == ts.SetupToken { // a token that starts with x: change it another way
		wrong = "y" + ts.SetupToken[1:]
	}
	if status, b := ts.raw("POST", "/api/v1/setup", "", strings.Replace(body("583920"), ts.SetupToken, wrong, 1)); status != 401 {
		t.Errorf("wrong token: %d %s", status, b)
	}
	if status, b := ts.raw("POST", "/api/v1/setup", "", body("583920")); status != 201 || !strings.Contains(b, `"role":"admin"`) {
		t.Fatalf("setup: %d %s", status, b)
	}
	if status, b := ts.raw("POST", "/api/v1/setup", "", body("583921")); status != 401 {
		t.Errorf("second use of the token: %d %s", status, b)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the used token's file is still there: %v", err)
	}
	if status, b := ts.raw("POST", "/api/v1/login", "", `{"staff":"admin","pin":"583920"}`); status != 200 || !strings.Contains(b, "陈主任") {
		t.Errorf("the first admin's login: %d %s", status, b)
	}
}

// TestDemoLoopbackOnly: the demo refuses a non-loopback address unless -demo-public.
func TestDemoLoopbackOnly(t *testing.T) {
	cases := []struct {
		addr   string
		public bool
		ok     bool
	}{
		{"127.0.0.1:8080", false, true},
		{"[::1]:8080", false, true},
		{"localhost:8080", false, true},
		{":8080", false, false},
		{"0.0.0.0:8080", false, false},
		{"192.168.1.10:8080", false, false},
		{":8080", true, true},
	}
	for _, c := range cases {
		err := checkDemoAddr(Config{Addr: c.addr, Demo: true, DemoPublic: c.public})
		if (err == nil) != c.ok {
			t.Errorf("%s public=%v: %v", c.addr, c.public, err)
		}
		if err != nil && !strings.Contains(err.Error(), "-demo-public") {
			t.Errorf("%s: the refusal does not say how: %v", c.addr, err)
		}
	}
}
