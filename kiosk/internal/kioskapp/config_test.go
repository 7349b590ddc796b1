package kioskapp

import (
	"io"
	"strings"
	"testing"
	"time"

	"onedoor/internal/uikit"
)

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want Config
		err  string
	}{
		{name: "defaults", args: []string{"-token", "T"},
			want: Config{Server: "http://localhost:8080", Token: "T", KioskID: "kiosk-1", Lang: uikit.Zh, Idle: time.Minute, Printed: "printed"}},
		{name: "flags", args: []string{"-server", "http://s:1", "-token", "T", "-reader", "/dev/ttyUSB0", "-printer", "tcp:10.0.0.9:9100",
			"-scanner", "/dev/ttyACM0", "-kiosk-id", "k2", "-lang", "en", "-idle", "90"},
			want: Config{Server: "http://s:1", Token: "T", Reader: "/dev/ttyUSB0", Printer: "tcp:10.0.0.9:9100", Scanner: "/dev/ttyACM0",
				KioskID: "k2", Lang: uikit.En, Idle: 90 * time.Second, Printed: "printed"}},
		{name: "environment", env: map[string]string{"ONEDOOR_KIOSK_TOKEN": "E", "ONEDOOR_KIOSK_IDLE": "2m", "ONEDOOR_KIOSK_SIMULATE": "1", "ONEDOOR_KIOSK_LANG": "en_US"},
			want: Config{Server: "http://localhost:8080", Token: "E", KioskID: "kiosk-1", Lang: uikit.En, Idle: 2 * time.Minute, Simulate: true, Printed: "printed"}},
		{name: "flag beats environment", args: []string{"-token", "F"}, env: map[string]string{"ONEDOOR_KIOSK_TOKEN": "E"},
			want: Config{Server: "http://localhost:8080", Token: "F", KioskID: "kiosk-1", Lang: uikit.Zh, Idle: time.Minute, Printed: "printed"}},
		{name: "guide muted", args: []string{"-token", "T", "-guide-mute"},
			want: Config{Server: "http://localhost:8080", Token: "T", KioskID: "kiosk-1", Lang: uikit.Zh, Idle: time.Minute, Printed: "printed", GuideMute: true}},
		{name: "guide muted by environment", args: []string{"-token", "T"}, env: map[string]string{"ONEDOOR_KIOSK_GUIDE_MUTE": "1"},
			want: Config{Server: "http://localhost:8080", Token: "T", KioskID: "kiosk-1", Lang: uikit.Zh, Idle: time.Minute, Printed: "printed", GuideMute: true}},
		{name: "no token", err: "-token is required"},
		{name: "bad lang", args: []string{"-token", "T", "-lang", "fr"}, err: "want zh or en"},
		{name: "short idle", args: []string{"-token", "T", "-idle", "10ms"}, err: "at least 1s"},
		{name: "simulate with devices", args: []string{"-token", "T", "-simulate", "-reader", "/dev/ttyUSB0"}, err: "drop -reader"},
		{name: "catalog cache", args: []string{"-token", "T", "-catalog-cache", "/tmp/onedoor-catalog.json"},
			want: Config{Server: "http://localhost:8080", Token: "T", KioskID: "kiosk-1", Lang: uikit.Zh, Idle: time.Minute, Printed: "printed", CatalogCache: "/tmp/onedoor-catalog.json"}},
		{name: "catalog cache a directory", args: []string{"-token", "T", "-catalog-cache", "/tmp"}, err: "is a directory"},
		{name: "catalog cache nowhere", args: []string{"-token", "T", "-catalog-cache", "/no/such/dir/catalog.json"}, err: "its directory does not exist"},
		{name: "stray argument", args: []string{"-token", "T", "extra"}, err: `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseConfig(tc.args, func(k string) string { return tc.env[k] }, io.Discard)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, tc.want)
			}
		})
	}
}
