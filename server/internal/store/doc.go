// Package store keeps a center's state in one bbolt file: an append-only event log, the
// projections that make reads and restarts fast, and the staff and tokens.
//
// The bucket tree:
//
//	meta/
//	  schema            → uint64, the schema version (see migrations.go)
//	  hall              → JSON: service day, counters per prefix, last position, last seq, service-time means
//	events/
//	  <seq uint64 BE>   → JSON: queue.Event (+ the applicant, encrypted, on ticket.issued)
//	tickets/
//	  <ticket id>       → JSON: queue.Ticket as after its last event
//	applicants/
//	  <ticket id>       → AES-256-GCM sealed JSON of the applicant (personal data)
//	days/
//	  <YYYY-MM-DD>/     → one bucket per service day
//	    <position BE>   → ticket id, in queue order
//	windows/
//	  <number uint64 BE> → JSON: queue.Window
//	staff/
//	  <staff id>        → JSON: name, role, bcrypt hash of the PIN, failed attempts, lock
//	tokens/
//	  <sha256 of token> → JSON: who, role, window, expiry (tokens are never stored in clear)
//	cases/
//	  <case number>     → JSON: queue.Case, the application an accepted visit opened
//
// Every command runs in the single writer goroutine, which takes all commands queued at
// that moment and runs them in one bbolt Update: group commit, so concurrent kiosks share
// an fsync and a lone kiosk pays exactly one. A command decides its events with the
// queue.Hall, appends them to the log, applies them to the in-memory hall and, at the
// end of the batch, writes the changed projections. Answers and stream messages leave
// only after the commit returned: what a citizen was told is on disk. If the commit
// fails (a full disk), the in-memory hall is reloaded from the file and every command of
// the batch fails with an Unavailable error.
package store
