package screens

import (
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/kiosk/internal/idcard"
)

// session is one citizen's visit to the kiosk. It holds the only copy of the
// applicant's data the kiosk keeps; wipe drops it.
type session struct {
	category *queue.Category
	item     *queue.Item
	card     *cardData // the card read, if any
	cardAt   time.Time // when the reader handed the card over
	group    string    // a priority group chosen by the citizen
	ticket   *wire.Ticket
	key      string // the idempotency key of this visit's ticket
}

// wipe forgets the visit, clearing what can be cleared in place first.
func (s *session) wipe() {
	if s.card != nil {
		s.card.wipe()
	}
	*s = session{}
}

// cardData is what the kiosk keeps of a card: the applicant the server needs and the
// age. The photo is never kept.
type cardData struct {
	applicant queue.Applicant
	age       int
}

// newCardData takes the applicant's fields from a card and zeroes the card's photo.
func newCardData(c *idcard.Card, age int) *cardData {
	cd := &cardData{age: age, applicant: queue.Applicant{
		CardType:  cardType(c.Type),
		IDNumber:  c.IDNumber,
		Name:      c.Name,
		Gender:    c.Gender.String(),
		BirthDate: birthDate(c),
		Address:   c.Address,
	}}
	if c.Type == idcard.Resident {
		cd.applicant.Nation = c.Nation.Name()
	}
	if cd.applicant.Name == "" {
		cd.applicant.Name = c.EnglishName
	}
	clear(c.Photo)
	*c = idcard.Card{}
	return cd
}

// wipe replaces the applicant with nothing; Go strings cannot be zeroed in place, so
// dropping every reference is what lets the collector reclaim them.
func (c *cardData) wipe() { *c = cardData{} }

func cardType(t idcard.CardType) string {
	switch t {
	case idcard.GAT:
		return queue.CardHMT
	case idcard.Foreign, idcard.Foreign23:
		return queue.CardForeign
	}
	return queue.CardResident
}

func birthDate(c *idcard.Card) string {
	if c.Birth.IsZero() {
		return ""
	}
	return c.Birth.Format("2006-01-02")
}
