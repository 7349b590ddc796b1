package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"onedoor/internal/wire"
)

// The tests in this file each kill a mutant that survived the app tests make mutate runs
// for this package (internal/tools/mutate); the mutant is named above each. The limits
// are written out as numbers, so a changed constant fails here too.

// server.go MaxBody: a body of 65,536 bytes is read, one of 65,537 refused with 413
// (64 → 65 survived).
func TestBodyLimitIs64KiB(t *testing.T) {
	body := func(n int) *http.Request {
		s := `{"item":"x"}`
		return httptest.NewRequest(http.MethodPost, "/", strings.NewReader(s+strings.Repeat(" ", n-len(s))))
	}
	var v struct {
		Item string `json:"item"`
	}
	if err := decode(httptest.NewRecorder(), body(65536), &v, false); err != nil || v.Item != "x" {
		t.Fatalf("a body of 65,536 bytes: %v (item %q)", err, v.Item)
	}
	err := decode(httptest.NewRecorder(), body(65537), &v, false)
	var ae *apiError
	if !errors.As(err, &ae) || ae.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("a body of 65,537 bytes: %v, want 413", err)
	}
}

// limits.go allow: with 100,000 addresses busy a new address is refused and the table
// does not grow (`>=` → `<` let it grow without bound); an idle one is swept to make room.
func TestAddressTableIsBounded(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	a := newAddrLimiter(1, 5)
	// Filled directly, not through allow: a mutant that sweeps on every new address
	// would make 100,000 calls take minutes instead of failing at once.
	for i := range 99_999 {
		a.m[fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255)] = &addrEntry{lim: rate.NewLimiter(a.r, a.burst), seen: now}
	}
	if ok, _ := a.allow("10.255.255.255", now); !ok {
		t.Fatal("the 100,000th address refused before the table was full")
	}
	if ok, _ := a.allow("192.0.2.1", now); ok {
		t.Fatal("a new address admitted to a full table of busy addresses")
	}
	if len(a.m) != 100_000 {
		t.Fatalf("table of %d addresses, want 100,000", len(a.m))
	}
	later := now.Add(6 * time.Second) // every bucket of 5 at 1/s has refilled
	if ok, _ := a.allow("192.0.2.1", later); !ok {
		t.Fatal("a new address refused although every other was idle")
	}
	if len(a.m) != 1 {
		t.Fatalf("after the sweep %d addresses, want 1", len(a.m))
	}
}

// limits.go allow: past its burst an address is refused and told how long to wait (the
// refusal turned into an admission survived).
func TestAddressPastBurstRefused(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	a := newAddrLimiter(1, 2)
	for i := range 2 {
		if ok, _ := a.allow("192.0.2.7", now); !ok {
			t.Fatalf("request %d within the burst refused", i+1)
		}
	}
	ok, wait := a.allow("192.0.2.7", now)
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("third request at once: ok %v, wait %s; want refused with a wait of up to 1s", ok, wait)
	}
	if ok, _ := a.allow("192.0.2.8", now); !ok {
		t.Fatal("another address refused: the limit is per address")
	}
	if ok, _ := a.allow("192.0.2.7", now.Add(time.Second)); !ok {
		t.Fatal("refused again after the token came back")
	}
}

// checks.go checkFinish: a received material code is 1 to 16 printable characters; an
// empty one, one of 17 and one with a control character are refused (an `||` → `&&`
// survived, the queue's own check answering the same status behind it).
func TestFinishMaterialCodes(t *testing.T) {
	for _, tc := range []struct {
		code string
		ok   bool
	}{{"m1", true}, {strings.Repeat("m", 16), true}, {"", false}, {strings.Repeat("m", 17), false}, {"m\x01", false}} {
		err := checkFinish(wire.FinishRequest{Outcome: "accepted", Received: []string{tc.code}})
		if (err == nil) != tc.ok {
			t.Errorf("material code %q: %v, want ok=%v", tc.code, err, tc.ok)
		}
	}
}

// strict.go lowerKey: a JSON key is 1 to 64 lower-case letters, digits or underscores
// (an `||` → `&&` let the empty key and long keys through).
func TestLowerKeyBounds(t *testing.T) {
	for k, want := range map[string]bool{
		"item": true, strings.Repeat("a", 64): true, "": false, strings.Repeat("a", 65): false, "Item": false,
	} {
		if got := lowerKey(k); got != want {
			t.Errorf("lowerKey(%q) = %v, want %v", k, got, want)
		}
	}
}
