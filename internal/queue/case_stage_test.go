package queue

import "testing"

func TestCaseStageAndDue(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Case
		stage string
		due   string
	}{
		{"accepted, not routed", Case{State: CaseAccepted, Promised: "2026-12-01"}, StageInReview, "2026-12-01"},
		{"in review", Case{State: CaseInProgress, Promised: "2026-12-01", Parts: []Part{{State: PartClaimed, Due: "2026-12-01"}}}, StageInReview, "2026-12-01"},
		{"one part suspended", Case{State: CaseInProgress, Promised: "2026-12-01", Parts: []Part{{State: PartApproved, Due: "2026-12-01"}, {State: PartSuspended, Due: "2026-12-04"}}}, StageSuspended, "2026-12-04"},
		{"a supplement comes first", Case{State: CaseInProgress, Parts: []Part{{State: PartSuspended, Due: "2026-12-04"}, {State: PartSupplement, Due: "2026-12-03"}}}, StageSupplement, "2026-12-04"},
		{"ready", Case{State: CaseResultReady, Promised: "2026-12-01"}, StageReady, "2026-12-01"},
		{"closed", Case{State: CaseClosed}, StageDone, ""},
	} {
		if got := tc.c.Stage(); got != tc.stage {
			t.Errorf("%s: stage %q, want %q", tc.name, got, tc.stage)
		}
		if got := tc.c.Due(); got != tc.due {
			t.Errorf("%s: due %q, want %q", tc.name, got, tc.due)
		}
	}
}
