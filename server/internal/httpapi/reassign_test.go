package httpapi

import (
	"strings"
	"testing"
)

// TestReassignOnlyWithinTheDepartment: a supervisor reassigns a sub-case to an officer
// of its department; an unknown id, or a member of staff who is no officer of it, is 422
// and the store is not asked.
func TestReassignOnlyWithinTheDepartment(t *testing.T) {
	for _, tc := range []struct {
		officer string
		status  int
		acted   int
	}{
		{"o1", 200, 1},
		{"o2", 422, 0},
		{"s1", 422, 0},
	} {
		f := &webFake{fakeStore: &fakeStore{}}
		s := newWebFake(f)
		w := do(t, s, "POST", "/api/v1/cases/C-1/reassign", "supervisor-token", strings.NewReader(`{"officer":"`+tc.officer+`","reason":"人手调配"}`))
		if w.Code != tc.status || f.acted != tc.acted {
			t.Errorf("reassign to %s: %d %s, store asked %d times; want %d, %d", tc.officer, w.Code, w.Body, f.acted, tc.status, tc.acted)
		}
	}
}
