// Package queue holds the rules of a service hall and nothing else: the catalog of
// service items, ticket numbering per service day, the ticket state machine, the call
// policy that picks who goes next, wait estimates, and the Hall — the in-memory state of
// one center that events are applied to.
//
// It does no I/O and imports nothing of the project. Commands are decided here: a Hall
// method checks a command against the current state and returns the events it causes,
// without changing anything. The store persists those events and then applies them with
// Hall.Apply, so that replaying the log rebuilds exactly the same state. Every ticket
// event carries the ticket as it is after the event, which makes Apply a plain upsert and
// the log a complete audit trail.
//
// Cases (办件) outlive the service day: an accepted visit opens one, and the Hall keeps
// every open case until its result is handed over. Case commands are decided the same
// way (Hall.DecideCase) into case.* events that carry the case after them; CaseState
// documents the words — states, sub-cases per department, actions, the promised-date
// clock that stops for supplements and special procedures — that the API follows.
//
// Personal data never enters the Hall: an applicant travels beside a command and is
// stored (encrypted) by the store; the Hall only knows whether a ticket has one.
package queue
