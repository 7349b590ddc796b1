// Package store keeps a center's state in one bbolt file: an append-only event log, the
// projections that make reads and restarts fast, and the staff and tokens.
//
// The bucket tree:
//
//	meta/
//	  schema            → uint64, the schema version (see migrations.go)
//	  hall              → JSON: service day, counters per prefix, last position, last seq, service-time means
//	  chain_head        → last seq (8 bytes) ‖ SHA-256 of its record (32 bytes)
//	  master_id         → which master key (the key file) wraps daykeys/
//	  erased_seq        → how far retention has looked through the log
//	events/
//	  <seq uint64 BE>   → JSON {"prev":hex SHA-256 of the record before, queue.Event…}, hashed,
//	                      then "pii" (the applicant sealed under its day's key, a booking's
//	                      ID hash), not hashed: retention cuts it off and the chain holds
//	daykeys/
//	  <YYYY-MM-DD>      → the service day's data key, AES-256-GCM wrapped by the master key
//	digests/
//	  <YYYY-MM-DD>      → JSON: the day's last seq, its hash, counts, Ed25519 signature (sign.key)
//	tickets/
//	  <ticket id>       → JSON: queue.Ticket as after its last event
//	applicants/
//	  <ticket id>       → 0x02 ‖ day ‖ AES-256-GCM sealed JSON of the applicant, under the day's key
//	days/
//	  <YYYY-MM-DD>/     → one bucket per service day
//	    <position BE>   → ticket id, in queue order
//	windows/
//	  <number uint64 BE> → JSON: queue.Window
//	staff/
//	  <staff id>        → JSON: name, role, bcrypt hash of the PIN, failed attempts, lock
//	tokens/
//	  <sha256 of token> → JSON: who, role, window, expiry, agent (a kiosk 帮办代办 login; tokens are never stored in clear)
//	cases/
//	  <case number>     → JSON: queue.Case, the application an accepted visit opened
//	bookings/
//	  <YYYY-MM-DD/code> → JSON: a booking imported from the online system (the ID number
//	                      as a keyed hash), a day's bookings side by side
//
// Every command runs in the single writer goroutine, which takes all commands queued at
// that moment and runs them in one bbolt Update: group commit, so concurrent kiosks share
// an fsync and a lone kiosk pays exactly one. A command decides its events with the
// queue.Hall, appends them to the log, applies them to the in-memory hall and, at the
// end of the batch, writes the changed projections. Answers and stream messages leave
// only after the commit returned: what a citizen was told is on disk. If the commit
// fails (a full disk), the in-memory hall is reloaded from the file and every command of
// the batch fails with an Unavailable error.
//
// Integrity (chain.go, verify.go, digest.go): each record's hash is SHA-256(seq ‖ its
// hashed bytes) and the next record names it; Open checks the newest TailEvents against
// the chain head and refuses a break (ErrDamaged, naming the seq) unless ReadOnly;
// VerifyFile checks the whole chain, the pages and the projections. Personal data
// (keys.go, shred.go): erasure cuts it off the records, deletes the day keys of the days
// past retention and replaces the master key, so copies left in free pages or taken by
// a later backup open with no key that exists.
package store
