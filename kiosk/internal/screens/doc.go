// Package screens is the self-service kiosk's touch interface: one file per screen, each
// a small struct with a build method, and the Kiosk that moves between them.
//
// The network (API, normally *client.Client), the ID card reader (CardReader, normally
// *idcard.Reader) and the ticket printer (TicketPrinter, normally *printer.Printer) are
// passed in as interfaces, and the package never imports fyne.io/fyne/v2/app, so that
// its tests run headless with fyne.io/fyne/v2/test against a real server and the device
// simulators.
//
// The flow: home (categories with their waiting counts, appointment check-in, result
// pickup, the language switch, the clock) → the items of a category, with a search by
// characters or pinyin initials → one item with its full checklist → identity (the ID
// card, priority groups, or a way on without a card) → the ticket (number, people
// ahead, wait, window hint, QR of the tracking page; printed in the background).
//
// Every screen but the out-of-service one returns home after the idle time and wipes
// the applicant's data (the session). When the live stream from the server is down the
// kiosk shows "out of service" until it is back. All widget changes happen on Fyne's
// goroutine: background work comes back through Deps.Do (fyne.Do in the app).
//
// Personal data never reaches a log line: the kiosk logs screen changes, ticket numbers,
// durations and device states only.
package screens
