package idcard

import (
	"log/slog"
	"time"

	"onedoor/internal/queue"
)

// Card is what a card holds, decoded. Only the fields of the card's type are set.
// It is personal data: its String and LogValue methods show only the type, so that a
// Card passed to fmt or slog by mistake leaks nothing.
type Card struct {
	Type CardType
	// Name is the Chinese name (中文姓名 on foreign cards, which may leave it blank).
	Name string
	// EnglishName is set on foreign cards; the 2023 edition's two parts are joined.
	EnglishName string
	Gender      Gender
	// Nation is set on resident cards only.
	Nation Nation
	Birth  time.Time
	// Address is set on resident cards and residence permits.
	Address  string
	IDNumber string
	// Authority is the issuing authority (签发机关) on resident cards and permits.
	Authority string
	// AuthorityCode is the accepting authority's code on 2017 foreign cards.
	AuthorityCode string
	ValidFrom     time.Time
	// ValidTo is zero when LongTerm is set (有效期 "长期").
	ValidTo  time.Time
	LongTerm bool
	// PassNumber and IssueCount are set on residence permits (the 通行证 number).
	PassNumber string
	IssueCount string
	// Nationality is the GB/T 2659 alpha-3 code on foreign cards.
	Nationality  string
	CardVersion  string // 2017 foreign cards
	RenewalCount string // 2023 foreign cards (换证次数)
	PrevIDLink   string // 2023 foreign cards (旧证号关联)
	// Photo is the card's WLT photo, kept as opaque bytes: decoding it needs a licensed
	// vendor library, and the kiosk never does.
	Photo []byte
}

// Age returns the holder's age in whole years at the moment at (for the elderly
// priority rule).
func (c Card) Age(at time.Time) int { return queue.AgeAt(c.Birth, at) }

// ExpiredAt reports whether the card's validity ended before the day of at.
func (c Card) ExpiredAt(at time.Time) bool {
	if c.LongTerm {
		return false
	}
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	return c.ValidTo.Before(day)
}

// String hides the personal data; it is what %v and %+v print.
func (c Card) String() string { return "idcard.Card{" + c.Type.String() + ", personal data hidden}" }

// GoString hides the personal data from %#v too.
func (c Card) GoString() string { return c.String() }

// LogValue lets slog log a card as its type only.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", c.Type.String()))
}

// Gender is the GB/T 2261.1 code character the card carries.
type Gender byte

// The codes of GB/T 2261.1.
const (
	GenderUnknown     Gender = '0'
	GenderMale        Gender = '1'
	GenderFemale      Gender = '2'
	GenderUnspecified Gender = '9'
)

var genderNames = map[Gender]string{
	GenderUnknown: "未知", GenderMale: "男", GenderFemale: "女", GenderUnspecified: "未说明",
}

// Valid reports whether g is one of the four codes.
func (g Gender) Valid() bool { _, ok := genderNames[g]; return ok }

// String returns the Chinese name printed on cards: 男, 女, 未知 or 未说明.
func (g Gender) String() string {
	if s, ok := genderNames[g]; ok {
		return s
	}
	return "?"
}
