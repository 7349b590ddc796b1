package kioskapp

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/certs/certstest"
)

// TestParseConfigCA: -ca and ONEDOOR_KIOSK_CA name the hall's CA for an https server;
// a CA for a plain-HTTP server, or a file without a certificate, is refused at start.
func TestParseConfigCA(t *testing.T) {
	p := certstest.New(t, "localhost")
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	os.WriteFile(notPEM, []byte("hello"), 0o644)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	c, err := ParseConfig([]string{"-token", "T", "-server", "https://hall:8443", "-ca", p.CA}, env(nil), io.Discard)
	if err != nil || c.CA != p.CA {
		t.Fatalf("flag: %+v, %v", c, err)
	}
	c, err = ParseConfig([]string{"-token", "T"}, env(map[string]string{"ONEDOOR_KIOSK_SERVER": "https://hall:8443", "ONEDOOR_KIOSK_CA": p.CA}), io.Discard)
	if err != nil || c.CA != p.CA {
		t.Fatalf("environment: %+v, %v", c, err)
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"plain http":     {[]string{"-token", "T", "-ca", p.CA}, "https"},
		"missing file":   {[]string{"-token", "T", "-server", "https://h", "-ca", p.CA + ".gone"}, "no such file"},
		"no certificate": {[]string{"-token", "T", "-server", "https://h", "-ca", notPEM}, "no PEM certificate"},
	} {
		if _, err := ParseConfig(tc.args, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.want)
		}
	}
}
