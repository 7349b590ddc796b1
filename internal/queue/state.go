package queue

// State is where a ticket stands.
type State string

// The ticket states of the design.
const (
	Waiting   State = "waiting"
	Called    State = "called"
	Serving   State = "serving"
	Done      State = "done"
	Missed    State = "missed"
	Cancelled State = "cancelled"
	Expired   State = "expired"
)

// Open reports whether a ticket in this state still belongs to the day's work: it is not
// done, cancelled or expired. A missed ticket is open, since it may be reinstated.
func (s State) Open() bool {
	switch s {
	case Waiting, Called, Serving, Missed:
		return true
	}
	return false
}

// Valid reports whether s is one of the states.
func (s State) Valid() bool {
	switch s {
	case Waiting, Called, Serving, Done, Missed, Cancelled, Expired:
		return true
	}
	return false
}

// Action is a command that moves a ticket from one state to another.
type Action string

// The actions on a ticket.
const (
	ActCall      Action = "call"
	ActRecall    Action = "recall"
	ActStart     Action = "start"
	ActNoShow    Action = "no-show"
	ActTransfer  Action = "transfer"
	ActFinish    Action = "finish"
	ActCancel    Action = "cancel"
	ActReinstate Action = "reinstate"
	ActExpire    Action = "expire"
)

// transitions lists every allowed move; anything else is refused.
var transitions = map[State]map[Action]State{
	Waiting: {ActCall: Called, ActCancel: Cancelled, ActExpire: Expired},
	Called:  {ActRecall: Called, ActStart: Serving, ActNoShow: Missed, ActExpire: Expired},
	Serving: {ActTransfer: Waiting, ActFinish: Done, ActExpire: Expired},
	Missed:  {ActReinstate: Waiting, ActExpire: Expired},
}

// Transition returns the state a ticket in state from reaches by action a, or a Conflict
// error that says why the action does not apply.
func Transition(from State, a Action) (State, error) {
	if to, ok := transitions[from][a]; ok {
		return to, nil
	}
	if !from.Valid() {
		return "", Errorf(Invalid, "unknown ticket state %q", from)
	}
	return "", Errorf(Conflict, "cannot %s a ticket that is %s", a, from)
}
