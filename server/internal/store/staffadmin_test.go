package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestDisableAndResetPIN: disabling ends the account's sessions and refuses its logins,
// also with the right PIN and after a reopen; a PIN reset ends the sessions, makes the
// old PIN fail and the new one work, and lifts a lock; each is an event by the
// supervisor; the refusals are table-tested.
func TestDisableAndResetPIN(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	dir := t.TempDir()
	s := openStore(t, dir, clk)
	ctx := context.Background()
	for _, id := range []string{"c1", "c2"} {
		if err := s.CreateStaff(ctx, id, "测试", RoleSupervisor, "2468"); err != nil {
			t.Fatal(err)
		}
	}
	tok1, _, _, err := s.Login(ctx, "c1", "2468", 0, false, false)
	if err != nil {
		t.Fatal(err)
	}
	tok2, _, _, err := s.Login(ctx, "c2", "2468", 0, false, false)
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, id, by string
		kind         queue.Code
	}{
		{"unknown", "nobody", "super", queue.NotFound},
		{"oneself", "super", "super", queue.Invalid},
	} {
		if err := s.DisableStaff(ctx, tc.id, tc.by); queue.ErrorCode(err) != tc.kind {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
		}
	}
	if err := s.DisableStaff(ctx, "c1", "super"); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableStaff(ctx, "c1", "super"); queue.ErrorCode(err) != queue.Conflict {
		t.Fatalf("disabled twice: %v", err)
	}
	if _, err := s.Authenticate(tok1); queue.ErrorCode(err) != queue.Unauthorized {
		t.Fatalf("the disabled clerk's session: %v", err)
	}
	if _, _, _, err := s.Login(ctx, "c1", "2468", 0, false, false); !errors.Is(err, ErrLoginRefused) {
		t.Fatalf("a disabled clerk's login with the right PIN: %v", err)
	}

	if err := s.ResetPIN(ctx, "nobody", "97531", "super"); queue.ErrorCode(err) != queue.NotFound {
		t.Fatalf("reset an unknown PIN: %v", err)
	}
	if err := s.ResetPIN(ctx, "c2", "97531", "super"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(tok2); err == nil {
		t.Fatal("a session outlived its PIN reset")
	}
	if _, _, _, err := s.Login(ctx, "c2", "2468", 0, false, false); !errors.Is(err, ErrLoginRefused) {
		t.Fatalf("the old PIN after a reset: %v", err)
	}
	if _, _, _, err := s.Login(ctx, "c2", "97531", 0, false, false); err != nil {
		t.Fatalf("the new PIN: %v", err)
	}
	evs, _, err := s.EventsAfter(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	got := map[queue.EventType]string{}
	for _, ev := range evs {
		if ev.Type == StaffDisabled || ev.Type == StaffPINReset {
			got[ev.Type] = ev.Staff + " " + ev.Reason
		}
	}
	if got[StaffDisabled] != "super c1" || got[StaffPINReset] != "super c2" {
		t.Fatalf("the events: %v", got)
	}
	s.Close()
	s = openStore(t, dir, clk)
	if _, _, _, err := s.Login(ctx, "c1", "2468", 0, false, false); !errors.Is(err, ErrLoginRefused) {
		t.Fatalf("a disabled clerk's login after a reopen: %v", err)
	}
	if l := s.StaffList(); len(l) == 0 || !func() bool {
		for _, st := range l {
			if st.ID == "c1" {
				return st.Disabled
			}
		}
		return false
	}() {
		t.Fatalf("the list does not show c1 disabled: %+v", l)
	}
}
