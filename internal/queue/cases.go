package queue

import (
	"fmt"
	"time"
)

// Case is an accepted application (办件), followed until its result is picked up.
type Case struct {
	No         string    `json:"no"`
	Ticket     string    `json:"ticket"`
	Item       string    `json:"item"`
	Center     string    `json:"center"`
	AcceptedAt time.Time `json:"accepted_at"`
	// Promised is the date the result is promised for, in the center's zone.
	Promised string `json:"promised"`
	Staff    string `json:"staff"`
	Window   int    `json:"window"`
	// CatalogVersion is the catalog version its ticket was issued under.
	CatalogVersion int `json:"catalog_version,omitempty"`
	// Awaiting are the 容缺 materials the case waits for, each with its due date.
	Awaiting []FollowUp `json:"awaiting,omitempty"`
	// State is where the case stands; "" in the acceptance event is CaseAccepted.
	State CaseState `json:"state,omitempty"`
	// Parts are the sub-cases, one per department, from routing on.
	Parts []Part `json:"parts,omitempty"`
	// ReadyAt is when the last sub-case was decided; ClosedAt when the case ended.
	ReadyAt  time.Time `json:"ready_at,omitzero"`
	ClosedAt time.Time `json:"closed_at,omitzero"`
	// Delivery is how the result went out (出件), once closed.
	Delivery *Delivery `json:"delivery,omitempty"`
	// OverdueAt is when the case was found past its promised date with a sub-case
	// undecided (case.overdue: the citizen's apology is sent once).
	OverdueAt time.Time `json:"overdue_at,omitzero"`
	// RelayedFrom is the center (its code at the city tier) a relayed-in case was accepted
	// at (跨层级): decided here, its decision goes back there, where it is handed over.
	RelayedFrom string `json:"relayed_from,omitempty"`
}

// CaseNumber formats the n-th case of a day: center code, date, four-digit sequence,
// e.g. 440199-ZWFW-001-20261125-0007.
func CaseNumber(center string, day string, n int) string {
	d, err := time.Parse(DayLayout, day)
	if err != nil {
		return fmt.Sprintf("%s-%s-%04d", center, day, n)
	}
	return fmt.Sprintf("%s-%s-%04d", center, d.Format("20060102"), n)
}

// PromisedDate returns the day a result is due: days after the acceptance day, counted
// in working days of cal (weekdays, less public holidays, plus the weekend days worked in
// exchange; nil is Monday to Friday) unless natural says calendar days. 0 days is the
// same day (即办).
func PromisedDate(accepted time.Time, days int, natural bool, cal *Calendar) time.Time {
	d := time.Date(accepted.Year(), accepted.Month(), accepted.Day(), 0, 0, 0, 0, accepted.Location())
	if natural {
		return d.AddDate(0, 0, days)
	}
	for days > 0 {
		d = d.AddDate(0, 0, 1)
		if cal.Workday(d) {
			days--
		}
	}
	return d
}
