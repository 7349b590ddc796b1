package queue

// The stages a citizen follows a case by (the tracking page): fewer than the states,
// and nothing of who handles it.
const (
	StageInReview   = "in_review"  // 审批中
	StageSupplement = "supplement" // 需补正材料
	StageSuspended  = "suspended"  // 特别程序中
	StageReady      = "ready"      // 可领取 (or sent)
	StageDone       = "done"       // 已办结
)

// Stage returns the case's stage for its citizen.
func (c *Case) Stage() string {
	switch c.State {
	case CaseClosed:
		return StageDone
	case CaseResultReady:
		return StageReady
	}
	stage := StageInReview
	for _, p := range c.Parts {
		switch p.State {
		case PartSupplement:
			return StageSupplement // the citizen has something to do: it comes first
		case PartSuspended:
			stage = StageSuspended
		}
	}
	return stage
}

// Due returns the day the case's result is now promised for: the latest due day of its
// sub-cases (moved on by the days their clocks stood still), or the promised date before
// routing.
func (c *Case) Due() string {
	due := c.Promised
	for _, p := range c.Parts {
		if p.Due > due {
			due = p.Due
		}
	}
	return due
}
