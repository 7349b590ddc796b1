package queue

import "time"

// ApplicantEntered is the event of an applicant entered or completed at a window: typed
// from a document the card reader cannot read (a passport, a permit), an organisation by
// its credit code, or a phone number added. The event holds no personal data; the
// applicant is sealed beside it.
const ApplicantEntered EventType = "applicant.entered"

// EnterApplicant decides that the clerk of window n enters (or completes, replacing what
// the kiosk read) the applicant of the window's current ticket. The ticket must have come
// to the window (called or being served).
func (h *Hall) EnterApplicant(n int, staff string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	if t.State != Called && t.State != Serving {
		return nil, Errorf(Conflict, "ticket %s is %s: an applicant is entered for the citizen at the window", t.Number, t.State)
	}
	nt := *t
	nt.Applicant = true
	ev := h.event(ApplicantEntered, now)
	ev.Ticket, ev.Window, ev.Staff = &nt, copyWindow(w), staff
	return []Event{ev}, nil
}
