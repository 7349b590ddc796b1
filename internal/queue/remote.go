package queue

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"
)

// Remote tickets (远程取号): a citizen takes a ticket from a phone after confirming a
// one-time code sent to a mainland mobile number. The rules here are pure: the store keeps
// a CodeState per number (under a keyed hash of it, never the number in clear) and asks
// these functions what may happen.
//
// Arrival, by default: a remote ticket is placed in the queue at issue, like a kiosk
// ticket, and is missed automatically when its turn comes and it has not been checked in
// at the hall (the QR at the door, or the kiosk's scan): see Hall.Call. A hall may choose
// instead (Policy.JoinAtCheckIn) that it joins the call order at the back when checked in.

// Limited classifies a refusal for too many attempts: a rate limit or a locked number. It
// maps to 429.
const Limited Code = "limited"

// RemoteSource is the source of every ticket taken from a phone.
const RemoteSource = "phone"

// RemoteRules are a hall's rules for tickets from a phone.
type RemoteRules struct {
	// PerNumberPerDay is how many remote tickets one number may take a day.
	PerNumberPerDay int
	// CodeTTL is how long a code may be confirmed after it was sent.
	CodeTTL time.Duration
	// MaxTries is how many wrong codes lock the number.
	MaxTries int
	// LockFor is how long a locked number gets no code and confirms none.
	LockFor time.Duration
	// ResendAfter is the least time between two codes to one number.
	ResendAfter time.Duration
	// CodesPerDay is how many codes one number may be sent a day.
	CodesPerDay int
	// NearAhead is how many tickets ahead trigger the "your turn nears" message.
	NearAhead int
}

// DefaultRemoteRules are the rules a hall starts with: 2 tickets per number a day; a code
// lives 5 minutes; 5 wrong codes lock the number for an hour; one code a minute, 6 a day;
// told when 5 are ahead.
func DefaultRemoteRules() RemoteRules {
	return RemoteRules{PerNumberPerDay: 2, CodeTTL: 5 * time.Minute, MaxTries: 5, LockFor: time.Hour,
		ResendAfter: time.Minute, CodesPerDay: 6, NearAhead: 5}
}

// CodeState is what is kept of one number's codes on one service day.
type CodeState struct {
	// Hash is the hash of the code waiting to be confirmed; "" when none waits.
	Hash string `json:"hash,omitempty"`
	// Item is the item the code was asked for.
	Item string `json:"item,omitempty"`
	// Expires is when the waiting code lapses.
	Expires time.Time `json:"expires,omitzero"`
	// Tries counts the wrong codes since the last code was sent or the lock ended.
	Tries int `json:"tries,omitempty"`
	// LockedUntil is when a lock for too many wrong codes ends.
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// Sent counts the codes sent today; Last is when the last was.
	Sent int       `json:"sent,omitempty"`
	Last time.Time `json:"last,omitzero"`
	// Issued counts the remote tickets the number took today.
	Issued int `json:"issued,omitempty"`
}

// NormalizeMobile checks a mainland mobile number and returns it as 11 digits: spaces and
// hyphens are dropped, a leading +86 or 86 is allowed; it must be 1, then 3–9, then 9
// digits.
func NormalizeMobile(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if len(s) == 14 && strings.HasPrefix(s, "+86") {
		s = s[3:]
	} else if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	bad := len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9'
	for i := 0; !bad && i < len(s); i++ {
		bad = s[i] < '0' || s[i] > '9'
	}
	if bad {
		return "", Errorf(Invalid, "请填写11位中国大陆手机号码 (give an 11-digit mainland mobile number)")
	}
	return s, nil
}

// CodeHash is the hash kept of a code, bound to the number's hash so that equal codes
// of two numbers differ.
func CodeHash(numberHash, code string) string {
	h := sha256.Sum256([]byte(numberHash + "/" + code))
	return hex.EncodeToString(h[:])
}

// locked reports the lock in force at now.
func (r RemoteRules) locked(st CodeState, now time.Time) error {
	if now.Before(st.LockedUntil) {
		return Errorf(Limited, "验证码错误次数过多,该号码已锁定,请于%s后再试 (too many wrong codes: this number is locked until %s)",
			st.LockedUntil.Format("15:04"), st.LockedUntil.Format("15:04"))
	}
	return nil
}

// CanIssue refuses a number that has taken its tickets for the day.
func (r RemoteRules) CanIssue(st CodeState) error {
	if r.PerNumberPerDay > 0 && st.Issued >= r.PerNumberPerDay {
		return Errorf(Limited, "该号码今日已远程取号%d次,已达上限 (this number has taken its %d remote tickets today)", st.Issued, r.PerNumberPerDay)
	}
	return nil
}

// SendCode decides sending a new code for item to a number in state st at now, hashed
// by hash; it returns the new state. A lock, a code asked for too soon, too many codes
// today and a number that took its tickets are refused.
func (r RemoteRules) SendCode(st CodeState, item, hash string, now time.Time) (CodeState, error) {
	if err := r.locked(st, now); err != nil {
		return st, err
	}
	if err := r.CanIssue(st); err != nil {
		return st, err
	}
	if !st.Last.IsZero() && now.Before(st.Last.Add(r.ResendAfter)) {
		wait := st.Last.Add(r.ResendAfter).Sub(now).Round(time.Second)
		return st, Errorf(Limited, "验证码发送过于频繁,请%d秒后再试 (a code was just sent; try again in %d s)", int(wait.Seconds()), int(wait.Seconds()))
	}
	if r.CodesPerDay > 0 && st.Sent >= r.CodesPerDay {
		return st, Errorf(Limited, "该号码今日验证码次数已用完 (this number has had its %d codes today)", r.CodesPerDay)
	}
	st.Hash, st.Item, st.Expires = hash, item, now.Add(r.CodeTTL)
	st.Sent++
	st.Last = now
	if !st.LockedUntil.IsZero() { // a lock that ended: a fresh count of tries
		st.Tries, st.LockedUntil = 0, time.Time{}
	}
	return st, nil
}

// Confirm decides a code given for item against st at now; hash is CodeHash of what was
// given. It returns the new state and nil when the code is right (the code is then used
// up), or the state with the wrong try counted and why. The MaxTries-th wrong code locks
// the number for LockFor.
func (r RemoteRules) Confirm(st CodeState, item, hash string, now time.Time) (CodeState, error) {
	if err := r.locked(st, now); err != nil {
		return st, err
	}
	if st.Hash == "" {
		return st, Errorf(Invalid, "请先获取验证码 (ask for a code first)")
	}
	if !now.Before(st.Expires) {
		st.Hash = ""
		return st, Errorf(Invalid, "验证码已过期,请重新获取 (the code has expired; ask for a new one)")
	}
	if subtle.ConstantTimeCompare([]byte(st.Hash), []byte(hash)) != 1 {
		st.Tries++
		if st.Tries >= r.MaxTries {
			st.Hash, st.LockedUntil = "", now.Add(r.LockFor)
			return st, r.locked(st, now)
		}
		left := r.MaxTries - st.Tries
		return st, Errorf(Invalid, "验证码错误,还可再试%d次 (wrong code; %d tries left)", left, left)
	}
	if item != st.Item {
		return st, Errorf(Invalid, "验证码不是为该事项获取的 (the code was sent for another item)")
	}
	if err := r.CanIssue(st); err != nil {
		return st, err
	}
	st.Hash, st.Tries = "", 0
	st.Issued++
	return st, nil
}

// InHours reports whether t falls inside the center's opening hours; a center whose
// hours are not known is taken as open.
func (h *Hours) InHours(t time.Time) bool {
	if h == nil {
		return true
	}
	o, err1 := clockOf(h.Open)
	c, err2 := clockOf(h.Close)
	if err1 != nil || err2 != nil {
		return true
	}
	return !t.Before(at(t, o)) && t.Before(at(t, c))
}

// RemoteOpen refuses a remote ticket outside the center's opening hours (in the hall's
// zone).
func (h *Hall) RemoteOpen(now time.Time) error {
	hr := h.hours()
	if hr.InHours(now.In(h.Loc)) {
		return nil
	}
	return Errorf(Conflict, "现在不是办公时间(%s–%s),请在办公时间内远程取号 (remote tickets are taken in opening hours only, %s–%s)",
		hr.Open, hr.Close, hr.Open, hr.Close)
}

// CheckIn decides the arrival of a remote ticket's citizen at the hall (the QR at the
// door, or the kiosk's scan). Checking in again changes nothing and emits nothing.
func (h *Hall) CheckIn(id string, now time.Time) ([]Event, *Ticket, error) {
	t, ok := h.Tickets[id]
	if !ok {
		return nil, nil, Errorf(NotFound, "今日没有这张票 (no ticket %q today)", id)
	}
	if !t.Remote {
		return nil, nil, Errorf(Conflict, "这不是远程取号的票,无需签到 (ticket %s was not taken from a phone: no check-in needed)", t.Number)
	}
	if !t.CheckedIn.IsZero() {
		return nil, t, nil
	}
	if t.State != Waiting {
		return nil, nil, Errorf(Conflict, "%s号已%s,无法签到 (ticket %s is %s: too late to check in)", t.Number, ticketStateZh(t.State), t.Number, t.State)
	}
	nt := *t
	nt.CheckedIn = now
	if h.Policy.JoinAtCheckIn { // joins the call order now, at the back
		nt.Position = h.LastPosition + 1
	}
	ev := h.event(TicketCheckedIn, now)
	ev.Ticket, ev.Staff = &nt, RemoteSource
	return []Event{ev}, &nt, nil
}

// nextArrived returns the ticket window w calls next, skipping remote tickets whose
// citizen has not checked in: each of those is missed (a ticket.no_show event with
// reason "not_checked_in", which staff may reinstate when the citizen turns up).
func (h *Hall) nextArrived(w *Window, now time.Time) ([]Event, *Ticket, Reason) {
	var missed []Event
	var skipped []*Ticket
	defer func() {
		for _, t := range skipped {
			h.Queue.Add(t)
		}
	}()
	for {
		t, reason := h.Queue.Next(w, now, h.Policy)
		if t == nil || !t.Remote || !t.CheckedIn.IsZero() {
			return missed, t, reason
		}
		h.Queue.Remove(t)
		skipped = append(skipped, t)
		nt := *t
		nt.State = Missed
		ev := h.event(TicketNoShow, now)
		ev.Ticket, ev.Staff, ev.Reason = &nt, RemoteSource, ReasonNotCheckedIn
		missed = append(missed, ev)
	}
}

// ReasonNotCheckedIn is the reason of a remote ticket missed for not checking in.
const ReasonNotCheckedIn = "not_checked_in"

// ticketStateZh names a ticket state in Chinese for messages.
func ticketStateZh(s State) string {
	switch s {
	case Called:
		return "叫号"
	case Serving:
		return "在办理"
	case Done:
		return "办结"
	case Missed:
		return "过号"
	case Cancelled:
		return "取消"
	case Expired:
		return "作废"
	}
	return string(s)
}

// RemoteCheck refuses, before a code is sent, a remote ticket for item that could not be
// issued now: an unknown item, outside opening hours, the item's capacity used up.
func (h *Hall) RemoteCheck(item string, now time.Time) error {
	it, ok := h.Catalog.Item(item)
	if !ok {
		return Errorf(Invalid, "没有这个事项 (unknown item %q)", item)
	}
	if err := h.RemoteOpen(now); err != nil {
		return err
	}
	return h.checkCapacity(it, now)
}

// awayFromQueue reports whether waiting ticket t is kept out of the call order: taken
// from a phone, not checked in, in a hall where such tickets join at check-in.
func (h *Hall) awayFromQueue(t *Ticket) bool {
	return h.Policy.JoinAtCheckIn && t.Remote && t.CheckedIn.IsZero()
}

// Nearing returns, of the waiting tickets named in ids, those the forecast calls with at
// most near ahead of them, and how many are ahead. It is Forecast filtered, but stops as
// soon as no other ticket of ids can qualify: once a ticket of a category is called with
// more than near ahead, every later one of that category has more too.
func (h *Hall) Nearing(ids map[string]bool, near int, now time.Time) map[string]int {
	out := map[string]int{}
	left := map[string]int{} // per category, the tickets of ids the forecast has not reached
	for id := range ids {
		if t, ok := h.Tickets[id]; ok && t.State == Waiting {
			left[t.Category]++
		}
	}
	if len(left) == 0 {
		return out
	}
	h.forecast(h.Queue.clone(), now, 1, func(t *Ticket, p Prediction) bool {
		c := t.Category
		if _, open := left[c]; !open {
			return true
		}
		if ids[t.ID] {
			if p.Ahead <= near {
				out[t.ID] = p.Ahead
			}
			left[c]--
		}
		if p.Ahead > near || left[c] == 0 {
			delete(left, c)
		}
		return len(left) > 0
	})
	return out
}
