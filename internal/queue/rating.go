package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a rating's free text.
const (
	MaxComment = 500
	maxReasons = 10
)

// Rate decides a citizen's evaluation of a finished visit: once per ticket, at a level of
// the catalog's scale, with at least one reason for a level that needs rectification
// (不满意, 非常不满意). The ticket may be from an earlier day; the caller passes it.
func (h *Hall) Rate(t *Ticket, level int, reasons []string, comment string, now time.Time) ([]Event, error) {
	if t.State != Done {
		return nil, Errorf(Conflict, "ticket %s is %s: only a finished visit can be rated", t.Number, t.State)
	}
	if t.Rated {
		return nil, Errorf(Conflict, "ticket %s has been rated already", t.Number)
	}
	var r *Rating
	for i := range h.Catalog.RatingScale {
		if h.Catalog.RatingScale[i].Level == level {
			r = &h.Catalog.RatingScale[i]
		}
	}
	if r == nil {
		return nil, Errorf(Invalid, "level must be one of the rating scale (1 to 5), got %d", level)
	}
	comment = strings.TrimSpace(comment)
	if !utf8.ValidString(comment) || utf8.RuneCountInString(comment) > MaxComment {
		return nil, Errorf(Invalid, "comment must be valid text of at most %d characters", MaxComment)
	}
	if len(reasons) > maxReasons {
		return nil, Errorf(Invalid, "at most %d reasons", maxReasons)
	}
	var clean []string
	for _, x := range reasons {
		x = strings.TrimSpace(x)
		if x == "" {
			continue
		}
		if !utf8.ValidString(x) || utf8.RuneCountInString(x) > 100 {
			return nil, Errorf(Invalid, "a reason must be valid text of at most 100 characters")
		}
		clean = append(clean, x)
	}
	if r.RequiresRectification && len(clean) == 0 {
		return nil, Errorf(Invalid, "a rating of %s needs a reason", r.NameZh)
	}
	nt := *t
	nt.Rated = true
	ev := h.event(TicketRated, now)
	ev.Ticket = &nt
	ev.Rating = &RatingGiven{Level: level, Code: r.Code, Reasons: clean, Comment: comment, Staff: t.Staff, Window: t.Window}
	return []Event{ev}, nil
}

// SetNotice decides the text the hall boards scroll; empty clears it.
func (h *Hall) SetNotice(text, staff string, now time.Time) ([]Event, error) {
	text = strings.TrimSpace(text)
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxReason {
		return nil, Errorf(Invalid, "the notice must be valid text of at most %d characters", MaxReason)
	}
	ev := h.event(NoticeSet, now)
	ev.Notice, ev.Staff = text, staff
	return []Event{ev}, nil
}
