package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// Store is what the handlers need of the store (*store.Store in the server, a fake in
// the handler tests). A new handler that needs another of the store's methods adds it
// here.
type Store interface {
	// Reads.
	Now() time.Time
	Location() *time.Location
	Catalog() *queue.Catalog
	Read(f func(h *queue.Hall))
	LastSeq() uint64
	StorageFull() bool
	Ticket(id string) (store.TicketView, error)
	Applicant(id string) (*queue.Applicant, error)
	EventsAfter(after uint64, limit int) ([]queue.Event, uint64, error)
	EventHash(seq uint64) (string, error)
	FinishedVisit(seq uint64) (queue.Event, *queue.Applicant, error)
	// StaffName is a staff member's display name (the id when none is set).
	StaffName(id string) string
	Devices() []store.DeviceInfo
	Digests() (store.DigestExport, error)
	Backup(w io.Writer) (int64, error)

	// Accounts.
	Authenticate(token string) (store.Session, error)
	Login(ctx context.Context, staffID, pin string, window int, takeOver, addrLocked bool) (string, store.Session, *store.Staff, error)
	LoginAgent(ctx context.Context, staffID, pin string, addrLocked bool) (string, store.Session, *store.Staff, error)
	Logout(ctx context.Context, token string) error
	Unlock(ctx context.Context, staffID, by string) error
	DisableStaff(ctx context.Context, staffID, by string) error
	SetStaffRole(ctx context.Context, staffID, role, by string) error
	ResetPIN(ctx context.Context, staffID, pin, by string) error
	StaffRole(staffID string) (string, bool)
	RevokeDevice(ctx context.Context, name, by string) (int, error)

	// Tickets.
	Issue(ctx context.Context, c queue.IssueCmd, a *queue.Applicant) (store.TicketView, bool, error)
	Cancel(ctx context.Context, id string) (store.TicketView, error)
	Reinstate(ctx context.Context, id, staff string, why queue.Why) (store.TicketView, error)
	Rate(ctx context.Context, id string, level int, reasons []string, comment string) (store.TicketView, error)

	// Windows.
	Call(ctx context.Context, n int, staff string) (store.TicketView, bool, error)
	CallTicket(ctx context.Context, n int, id, staff string, why queue.Why) (store.TicketView, error)
	Recall(ctx context.Context, n int, staff string) (store.TicketView, error)
	Start(ctx context.Context, n int, staff string) (store.TicketView, error)
	NoShow(ctx context.Context, n int, staff string, why queue.Why) (store.TicketView, error)
	CloseWindow(ctx context.Context, n int, staff string, why queue.Why) (queue.Window, error)
	Transfer(ctx context.Context, n int, staff string, toWindow int, toCategory string, why queue.Why) (store.TicketView, error)
	DecideCaseOnce(ctx context.Context, cmd queue.CaseCmd, key string) (queue.Case, error)
	Case(no string) (queue.Case, error)
	CaseOfTicket(id string) (queue.Case, bool)
	CasesOf(ctx context.Context, idNumber, caseNo string) (store.Holdings, error)
	Inbox(dept string, limit int) ([]queue.InboxLine, int)
	CaseEvents(no string) ([]queue.Event, error)
	RevealCaseApplicant(ctx context.Context, no, staff string) (*queue.Applicant, error)
	CreateDeptToken(ctx context.Context, name, dept, by string) (string, error)
	OfficerDepts(id string) ([]string, bool)
	DeptTokens() []store.DeptTokenInfo
	RevokeDeptToken(ctx context.Context, name, by string) (int, error)
	CaseApplicant(ticket string) (*queue.Applicant, error)
	Calendar() *queue.Calendar
	SetCalendarYear(ctx context.Context, y queue.CalendarYear, staff string) (queue.CalendarYear, error)
	CalendarYearSet(year int) (queue.CalendarYear, bool)
	AddOfficer(ctx context.Context, id, name, pin string, depts []string) error
	EnterApplicant(ctx context.Context, n int, staff string, a *queue.Applicant) (store.TicketView, error)
	CheckPriority(ctx context.Context, n int, staff string, confirm bool, reason string) (store.TicketView, error)
	Finish(ctx context.Context, n int, staff string, f queue.Finishing) (queue.Event, store.TicketView, error)
	WindowCommand(ctx context.Context, n int, staff, action, reason string) (queue.Window, error)
	SetWindowMode(ctx context.Context, n int, auto bool, staff string) (queue.Window, error)
	SetWindowCategories(ctx context.Context, n int, cats []string, staff string) (queue.Window, error)
	MoveWaiting(ctx context.Context, id string, toWindow int, toCategory, staff string) (queue.Ticket, error)
	Report(from, to, by string) ([]store.ReportRow, error)
	WorkOrders() ([]queue.WorkOrder, error)
	WorkOrder(no string) (queue.WorkOrder, error)
	WorkOrderCommand(ctx context.Context, no string, c queue.WorkOrderCmd) (queue.WorkOrder, error)
	Alarms() ([]queue.Alarm, error)
	AckAlarm(ctx context.Context, id, staff string) (queue.Alarm, error)
	RevealApplicant(ctx context.Context, n int, staff string) (*queue.Applicant, error)
	RecordDocument(ctx context.Context, seq uint64, window int, staff string) error

	// The hall's set-up.
	Setup(ctx context.Context, token, id, name, pin string) error
	SaveCatalog(data []byte) (string, error)
	CatalogVersions() ([]store.CatalogVersion, error)
	CatalogVersion(n int) (store.CatalogVersion, error)
	CatalogDiff(from, to int) (queue.CatalogDiff, error)
	SaveDraft(ctx context.Context, data []byte, note, staff string) (store.CatalogVersion, error)
	PublishCatalog(ctx context.Context, n int, note, staff string) (store.CatalogVersion, error)
	RollbackCatalog(ctx context.Context, n int, note, staff string) (store.CatalogVersion, error)
	AddStaff(ctx context.Context, id, name, role, pin string) error
	StaffList() []store.StaffInfo
	CreateDeviceToken(ctx context.Context, name string) (string, error)
	CreateWindow(ctx context.Context, w queue.Window) error
	DeviceStatus(ctx context.Context, d queue.Device) error
	SetNotice(ctx context.Context, text, staff string) error
	Book(ctx context.Context, c queue.BookCmd, idNumber string) (queue.Booking, error)
}

// Hub is what the handlers need of the stream hub: a connection slot, the stream
// itself, and its counts for /healthz and /metrics.
type Hub interface {
	Reserve() *hub.Slot
	Serve(w http.ResponseWriter, r *http.Request, req hub.StreamRequest, replay hub.Replayer, log *slog.Logger)
	Count() int
	Writers() int64
	Panics() uint64
	Busy() uint64
}

var (
	_ Store = (*store.Store)(nil)
	_ Hub   = (*hub.Hub)(nil)
)
