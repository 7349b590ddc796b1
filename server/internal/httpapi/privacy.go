package httpapi

import (
	"encoding/json"
	"strings"

	"onedoor/internal/queue"
	"onedoor/server/internal/hub"
)

// publicSees says whether the anonymous stream carries the event at all. Staff and
// device accounts' events (logins, failed ones above all, logouts, accounts made), a
// clerk's reveal of an applicant and bookings are the staff's business: a hall's public
// screens show nothing of them, and an outsider must not learn from them which accounts
// exist or are being guessed.
func publicSees(ev queue.Event) bool {
	switch ev.Type {
	case queue.ApplicantRevealed, queue.AppointmentBooked, queue.DeviceRegistered:
		return false
	}
	return !strings.HasPrefix(string(ev.Type), "staff.")
}

// replayMessage encodes a replayed event in the one form its subscriber reads; the
// other stays nil, and so does the public form of a staff-only event.
func (s *Server) replayMessage(ev queue.Event, staff bool) *hub.Message {
	m := &hub.Message{Seq: ev.Seq, Type: string(ev.Type), Board: boardSees(ev)}
	if ev.Ticket != nil {
		m.TicketID, m.Category = ev.Ticket.ID, ev.Ticket.Prefix
	}
	switch {
	case staff:
		m.Staff, _ = json.Marshal(s.wireEvent(ev, nil, true))
	case publicSees(ev):
		m.Public, _ = json.Marshal(s.wireEvent(ev, nil, false))
	}
	return m
}
