// Package outbox delivers messages to the outside world (department webhooks, SMS
// gateways) durably: a message is written into the store's bbolt file inside the same
// write transaction as the event that caused it, and sent only after that transaction
// committed. An event rolled back leaves no message; a message committed survives a
// crash and is sent after the restart.
//
// The bucket:
//
//	outbox/
//	  <seq uint64 BE>   → JSON Message: delivery id, destination, ordering key, body,
//	                      attempts, next attempt, time enqueued
//
// # At-least-once, effectively once
//
// A Dispatcher sends each message with the Sender of its destination and deletes it
// only after the Sender reported an acknowledgement (a 2xx answer). A crash between the
// receiver's acknowledgement and the delete, or an answer lost on the way back, means
// the message is sent again: delivery is at-least-once. Every message carries a
// delivery id, drawn at random when it is enqueued and kept with it across retries and
// restarts, sent in the X-Onedoor-Delivery header; a receiver that remembers the ids it
// has processed turns at-least-once into effectively once. The id is random rather than
// the sequence number so that a store restored from a backup, which reuses sequence
// numbers, never gives a new message the id of one a receiver has already seen.
//
// # Order and retries
//
// Messages with the same ordering key (a case number) are delivered strictly in order,
// one at a time: the next is not sent before the one ahead was acknowledged. Messages
// of different keys go independently and in parallel, so one broken receiver or case
// holds up only its own line. A failed attempt is retried after an exponential backoff
// with jitter and a cap (Options); attempts and the next attempt's time are written to
// the message so a restart resumes the schedule. There is no dead letter: a hall wants
// every message retried until it is acknowledged, and Dispatcher.Pending tells metrics
// and alarms how many wait per destination and for how long. Only a message that can
// never be delivered (ErrUndeliverable: the citizen has no phone, or was erased) is
// dropped, and logged without personal data.
//
// # No personal data
//
// Nothing personal is kept in a message. An SMS message names the ticket or case and
// the kind of notice; the SMS sender asks a PhoneResolver for the phone number at send
// time, so the number exists only in the request to the gateway, and logs show it
// masked (MaskPhone).
package outbox
