package queue

// CaseState is where a case (办件) stands as a whole. These are the case words the API,
// the store and the workbench use.
//
// A case is opened by an accepted finish (the ticket.finished event carries it) and is
// then:
//
//   - accepted: opened at a window, not yet sent to any department;
//   - in_progress: routed (action route) to the department of its item, split into one
//     sub-case (Part) per department — one for a plain item, several for a "one thing"
//     bundle (一件事), handled in parallel;
//   - ready: every sub-case is decided (approved or refused); the result or the decision
//     of refusal waits at the unified pickup window (统一窗口出件);
//   - closed: handed over (action pickup: to the applicant; proxy_pickup: to a named proxy
//     with a written authorisation, 代领; post: sent with a tracking number, 邮寄), or,
//     when every sub-case was approved with an electronic result only, delivered
//     electronically at once. A closed case leaves the hall's open cases.
//
// A sub-case (PartState) is:
//
//   - routed: in the department's inbox, nobody holds it;
//   - claimed: an officer of the department holds it (action claim; a supervisor may
//     reassign it to another officer);
//   - supplement: the officer asked for materials after acceptance (补正, action
//     supplement, every missing material listed at once, once per department); the
//     promised-date clock stops until the materials arrive at any window (action supply);
//   - suspended: a special procedure runs (特别程序, action suspend: hearing, inspection,
//     expert review, on-site check, with a reason); the clock stops until action resume;
//   - approved: action approve, with a result to pick up or an electronic result only;
//   - refused: action refuse (不予许可), with the reasons, the legal basis and the remedies
//     (administrative review within 60 days, a lawsuit within six months).
//
// A routed or claimed sub-case may also be transferred (action transfer) to another
// department, where it is routed again. Once an officer holds a sub-case, only they may
// approve, refuse, supplement, transfer, suspend or resume it; a supplement's materials
// may be received by anyone at any window, and a supervisor reassigns.
//
// Deadlines: every sub-case starts with the case's promised date (Part.Due, the item's
// promised working days from acceptance in the center's calendar). The clock keeps
// running over a transfer; while it is stopped, the working days it stood still (from the
// stop day up to but not including the day it resumes) are added to the due date when it
// resumes. Part.Colour and Case.Colour give green, amber (see DeadlinePolicy; by default
// 2 working days or fewer left) or red (past the due date) as pure functions of the case
// and now.
//
// Every action is one event carrying the case as it is after it: route → case.routed,
// claim → case.claimed, reassign → case.reassigned, approve → case.approved, refuse →
// case.refused, supplement → case.supplement_requested, supply → case.supplemented,
// transfer → case.transferred, suspend → case.suspended, resume → case.resumed, pickup and
// proxy_pickup → case.picked_up, post → case.posted. The decision of the last sub-case is
// followed by case.ready, or by case.delivered when every result is electronic. A case
// in progress found past its due date with a sub-case undecided is marked once with
// case.overdue (DecideOverdue; the citizen's apology goes with it). An officer's reveal
// of the applicant is an applicant.revealed event carrying the case, so that it stands
// in the case's timeline.
type CaseState string

// The case states.
const (
	CaseAccepted    CaseState = "accepted"
	CaseInProgress  CaseState = "in_progress"
	CaseResultReady CaseState = "ready"
	CaseClosed      CaseState = "closed"
)

// PartState is where a sub-case stands in its department (see CaseState).
type PartState string

// The sub-case states.
const (
	PartRouted     PartState = "routed"
	PartClaimed    PartState = "claimed"
	PartSupplement PartState = "supplement"
	PartSuspended  PartState = "suspended"
	PartApproved   PartState = "approved"
	PartRefused    PartState = "refused"
)

// Decided reports whether a sub-case in this state is decided.
func (s PartState) Decided() bool { return s == PartApproved || s == PartRefused }

// Stopped reports whether the promised-date clock of a sub-case in this state is stopped.
func (s PartState) Stopped() bool { return s == PartSupplement || s == PartSuspended }

// CaseAction is a command on a case or on one of its sub-cases.
type CaseAction string

// The case actions: route, pickup, proxy_pickup and post act on the whole case, the
// others on one sub-case.
const (
	CaseRoute       CaseAction = "route"
	CaseClaim       CaseAction = "claim"
	CaseReassign    CaseAction = "reassign"
	CaseApprove     CaseAction = "approve"
	CaseRefuse      CaseAction = "refuse"
	CaseSupplement  CaseAction = "supplement"
	CaseSupply      CaseAction = "supply"
	CaseTransfer    CaseAction = "transfer"
	CaseSuspend     CaseAction = "suspend"
	CaseResume      CaseAction = "resume"
	CasePickup      CaseAction = "pickup"
	CaseProxyPickup CaseAction = "proxy_pickup"
	CasePost        CaseAction = "post"
)

// CaseActions lists every case action, case-wide ones first.
var CaseActions = []CaseAction{CaseRoute, CasePickup, CaseProxyPickup, CasePost, CaseClaim, CaseReassign,
	CaseApprove, CaseRefuse, CaseSupplement, CaseSupply, CaseTransfer, CaseSuspend, CaseResume}

// caseMoves lists the case-wide actions and the states they move a case between.
var caseMoves = map[CaseState]map[CaseAction]CaseState{
	CaseAccepted:    {CaseRoute: CaseInProgress},
	CaseResultReady: {CasePickup: CaseClosed, CaseProxyPickup: CaseClosed, CasePost: CaseClosed},
}

// partMoves lists the sub-case actions and the states they move a sub-case between.
var partMoves = map[PartState]map[CaseAction]PartState{
	PartRouted: {CaseClaim: PartClaimed, CaseReassign: PartClaimed, CaseTransfer: PartRouted},
	PartClaimed: {CaseReassign: PartClaimed, CaseApprove: PartApproved, CaseRefuse: PartRefused,
		CaseSupplement: PartSupplement, CaseTransfer: PartRouted, CaseSuspend: PartSuspended},
	PartSupplement: {CaseSupply: PartClaimed},
	PartSuspended:  {CaseResume: PartClaimed},
}

// caseWide reports whether an action acts on the whole case rather than a sub-case.
func caseWide(a CaseAction) bool {
	switch a {
	case CaseRoute, CasePickup, CaseProxyPickup, CasePost:
		return true
	}
	return false
}

// caseEvents names the event of each action.
var caseEvents = map[CaseAction]EventType{
	CaseRoute: CaseRouted, CaseClaim: CaseClaimed, CaseReassign: CaseReassigned, CaseApprove: CaseApproved,
	CaseRefuse: CaseRefused, CaseSupplement: CaseSupplementRequested, CaseSupply: CaseSupplemented,
	CaseTransfer: CaseTransferred, CaseSuspend: CaseSuspended, CaseResume: CaseResumed,
	CasePickup: CasePickedUp, CaseProxyPickup: CasePickedUp, CasePost: CasePosted,
}

// CaseTransition returns the state a case in state from reaches by a case-wide action,
// or a Conflict error that says why the action does not apply.
func CaseTransition(from CaseState, a CaseAction) (CaseState, error) {
	if to, ok := caseMoves[from][a]; ok {
		return to, nil
	}
	switch from {
	case CaseAccepted:
		return "", Errorf(Conflict, "cannot %s a case that is not routed yet (办件尚未分送部门)", a)
	case CaseInProgress:
		return "", Errorf(Conflict, "cannot %s a case still in progress: a sub-case is undecided (办件尚在审批中)", a)
	case CaseResultReady:
		return "", Errorf(Conflict, "cannot %s a case that is ready: every sub-case is decided (办件已办结, 待出件)", a)
	case CaseClosed:
		return "", Errorf(Conflict, "cannot %s a case that is closed: its result was handed over (办件已出件)", a)
	}
	return "", Errorf(Invalid, "unknown case state %q", from)
}

// PartTransition returns the state a sub-case in state from reaches by action a, or a
// Conflict error that says why the action does not apply.
func PartTransition(from PartState, a CaseAction) (PartState, error) {
	if to, ok := partMoves[from][a]; ok {
		return to, nil
	}
	if _, ok := partMoves[from]; !ok && !from.Decided() {
		return "", Errorf(Invalid, "unknown sub-case state %q", from)
	}
	return "", Errorf(Conflict, "cannot %s a sub-case that is %s (%s)", a, from, from.labelZh())
}
