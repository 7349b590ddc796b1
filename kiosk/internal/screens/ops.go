package screens

import "sync/atomic"

// opsState is what the kiosk knows of its faults and of an agent's session: whether
// a ticket waits for the server, the printer's last fault, the home screens' notice
// boxes, the staff member issuing for someone.
type opsState struct {
	// awaitServer: a ticket request is being retried while the server is away.
	awaitServer bool
	// printerErr is the printer's fault from its last status or print; nil when it
	// works or nothing is known.
	printerErr error
	// notices are the notice boxes of the home screens built (one per language).
	notices []*noticeBox
	// agent is the staff member issuing tickets for someone (帮办代办), nil normally.
	agent *agentSession
	// visit counts the visits ended; a ticket request started in an earlier visit
	// stops retrying and its answer is not shown to the next citizen. Read off the UI
	// goroutine, hence atomic.
	visit atomic.Uint64
}
