package screens

import (
	"context"
	"log/slog"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
	"onedoor/kiosk/internal/idcard"
	"onedoor/kiosk/internal/printer"
)

// API is what the kiosk needs from the server; *client.Client implements it.
type API interface {
	CatalogJSON(ctx context.Context) ([]byte, error)
	Queue(ctx context.Context) (wire.Queue, error)
	Issue(ctx context.Context, req wire.IssueRequest, key string) (wire.Ticket, error)
	Pickup(ctx context.Context, req wire.PickupRequest, key string) (wire.Pickup, error)
	CheckInPhone(ctx context.Context, digits, last4 string) (wire.Ticket, error)
	DeviceStatus(ctx context.Context, req wire.DeviceStatusRequest) error
	Subscribe(ctx context.Context, opt client.StreamOptions, handle func(wire.Event)) error
}

var _ API = (*client.Client)(nil)

// CardReader waits for ID cards; *idcard.Reader implements it.
type CardReader interface {
	Next(ctx context.Context) (*idcard.Card, error)
}

// TicketPrinter prints tickets; *printer.Printer implements it.
type TicketPrinter interface {
	Print(ctx context.Context, t printer.Ticket) error
}

// Config is the kiosk's behaviour.
type Config struct {
	// KioskID names this kiosk as the tickets' source (e.g. "kiosk-1").
	KioskID string
	// Idle is how long a screen waits for a touch before it wipes the session and goes
	// home (default 60 s).
	Idle time.Duration
	// TicketHold is how long the ticket screen stays (default Idle); FaultHold replaces
	// it when the ticket could not be printed (default 3 × TicketHold), so that the
	// citizen has time to photograph the QR code.
	TicketHold, FaultHold time.Duration
	// ElderlyAge is the age from which the server gives the elderly priority (65, as
	// the server's -elderly-age), used to tell the citizen.
	ElderlyAge int
	// Lang is the language the kiosk starts in and returns to after the idle time.
	Lang uikit.Lang
	// Location is the centre's time zone for the clock (default Asia/Shanghai).
	Location *time.Location
	// MaxBackoff bounds the wait between reconnects to the server (default 5 s).
	MaxBackoff time.Duration
	// GuideMute silences the audio guidance (the hall's choice: -guide-mute).
	GuideMute bool
	// TapGuard is how long after a screen is shown its buttons ignore taps, so that a
	// double tap does not choose on the next screen (default 400 ms; negative: none).
	TapGuard time.Duration
	// Countdown is how long before the idle reset a countdown is shown, with a button
	// to stay (default 10 s; negative: none). Home at rest shows none.
	Countdown time.Duration
	// CatalogCache is a file the catalog is kept in, so that a kiosk started while the
	// server is away still shows it ("" for none).
	CatalogCache string
	// IssueWait bounds how long taking a ticket waits for an unreachable server,
	// retrying with the same idempotency key (default 60 s).
	IssueWait time.Duration
	// PrinterPoll is how often the printer's status is asked while nothing prints
	// (default 10 s; negative: never).
	PrinterPoll time.Duration
}

// Deps are the kiosk's connections to the world.
type Deps struct {
	API API
	// Reader is the ID card reader; nil means the kiosk has none (a card cannot be
	// read, the citizen is offered the way on without one).
	Reader CardReader
	// Printer prints tickets; nil means none (the ticket stays on screen longer).
	Printer TicketPrinter
	// Do runs f on Fyne's goroutine: fyne.Do in the app, a serial loop in tests.
	Do func(f func())
	// Now is the clock (time.Now by default).
	Now func() time.Time
	// AfterFunc runs f after d and returns its cancel (time.AfterFunc by default); the
	// idle timer runs on it, so tests drive it with a fake clock.
	AfterFunc func(d time.Duration, f func()) (stop func() bool)
	// Log receives events without personal data (slog.Default by default).
	Log *slog.Logger
	// Look is the app's one theme, switched in place for the elderly mode; New makes
	// one and sets it on the current app when it is nil.
	Look *uikit.Look
	// Guide speaks the audio guidance (nil: silent, as when the hall mutes it).
	Guide Guide
}

func (c *Config) defaults() {
	if c.Idle <= 0 {
		c.Idle = 60 * time.Second
	}
	if c.TicketHold <= 0 {
		c.TicketHold = c.Idle
	}
	if c.FaultHold <= 0 {
		c.FaultHold = 3 * c.TicketHold
	}
	if c.ElderlyAge <= 0 {
		c.ElderlyAge = 65
	}
	if c.Lang == "" {
		c.Lang = uikit.Zh
	}
	if c.Location == nil {
		if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
			c.Location = loc
		} else {
			c.Location = time.FixedZone("CST", 8*3600)
		}
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Second
	}
	if c.TapGuard == 0 {
		c.TapGuard = 400 * time.Millisecond
	}
	if c.Countdown == 0 {
		c.Countdown = 10 * time.Second
	}
	if c.IssueWait <= 0 {
		c.IssueWait = 60 * time.Second
	}
	if c.PrinterPoll == 0 {
		c.PrinterPoll = 10 * time.Second
	}
	if c.KioskID == "" {
		c.KioskID = "kiosk"
	}
}
