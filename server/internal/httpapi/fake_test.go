package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// fakeStore is the store the handler tests drive: it embeds the Store interface
// (nil), so a call a test did not expect panics (and the server answers 500), and
// overrides only what the routes under test reach. Every command returns fail, so a
// test sets fail to the domain error whose status it checks.
type fakeStore struct {
	Store
	fail    error        // returned by every command and failing read
	full    bool         // StorageFull
	noCall  bool         // Call finds nobody waiting
	created bool         // Issue created the ticket (false: an idempotent replay)
	serving bool         // window 1 serves ticket t-1 (Read)
	visit   *queue.Event // FinishedVisit's event; nil: a completed visit of c1 at window 1
}

// The fake's tokens, one per role the API knows (store.Session), and an agent's.
var fakeSessions = map[string]store.Session{
	"clerk-token":      {Staff: "c1", Role: store.RoleClerk, Window: 1},
	"supervisor-token": {Staff: "s1", Role: store.RoleSupervisor},
	"admin-token":      {Staff: "a1", Role: store.RoleAdmin},
	"device-token":     {Staff: "kiosk-1", Role: store.RoleDevice},
	"agent-token":      {Staff: "c2", Role: store.RoleClerk, Agent: true},
	"officer-token":    {Staff: "o1", Role: store.RoleOfficer, Depts: []string{"SCJ"}},
}

var fakeNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func (f *fakeStore) Now() time.Time           { return fakeNow }
func (f *fakeStore) Location() *time.Location { return time.UTC }
func (f *fakeStore) Catalog() *queue.Catalog {
	return &queue.Catalog{Departments: []queue.Department{{Code: "SCJ", NameZh: "市场监督管理局"}},
		Items: []queue.Item{{Code: "R1", Category: queue.PickupCategory}}}
}
func (f *fakeStore) LastSeq() uint64             { return 7 }
func (f *fakeStore) StorageFull() bool           { return f.full }
func (f *fakeStore) Devices() []store.DeviceInfo { return nil }
func (f *fakeStore) StaffList() []store.StaffInfo {
	return nil
}

func (f *fakeStore) Read(fn func(h *queue.Hall)) {
	h := &queue.Hall{Queue: queue.NewQueue(), Windows: map[int]*queue.Window{}, Tickets: map[string]*queue.Ticket{}}
	if f.serving {
		t := view().Ticket
		t.State, t.Window = queue.Serving, 1
		h.Tickets[t.ID] = &t
		h.Windows[1] = &queue.Window{Number: 1, Name: "一号窗口", State: queue.WinOpen, Current: t.ID}
	}
	fn(h)
}

func (f *fakeStore) Authenticate(token string) (store.Session, error) {
	if se, ok := fakeSessions[token]; ok {
		return se, nil
	}
	return store.Session{}, queue.Errorf(queue.Unauthorized, "log in first")
}

// view is the ticket every ticket command answers with.
func view() store.TicketView {
	return store.TicketView{Ticket: queue.Ticket{ID: "t-1", Number: "A001", Category: "A", Prefix: "A",
		State: queue.Waiting, IssuedAt: fakeNow}}
}

func (f *fakeStore) Ticket(string) (store.TicketView, error) { return view(), f.fail }
func (f *fakeStore) Cancel(context.Context, string) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Reinstate(context.Context, string, string, queue.Why) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Rate(context.Context, string, int, []string, string) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Issue(context.Context, queue.IssueCmd, *queue.Applicant) (store.TicketView, bool, error) {
	return view(), f.created, f.fail
}

func (f *fakeStore) EventsAfter(uint64, int) ([]queue.Event, uint64, error) {
	return nil, 7, f.fail
}
func (f *fakeStore) StaffName(id string) string { return id }
func (f *fakeStore) FinishedVisit(seq uint64) (queue.Event, *queue.Applicant, error) {
	if f.visit != nil {
		return *f.visit, nil, f.fail
	}
	t := view().Ticket
	t.State, t.Outcome, t.Window, t.Staff = queue.Done, queue.Completed, 1, "c1"
	return queue.Event{Seq: seq, Staff: "c1", Ticket: &t, At: fakeNow}, nil, f.fail
}
func (f *fakeStore) EventHash(uint64) (string, error) { return "ab12", f.fail }
func (f *fakeStore) RecordDocument(context.Context, uint64, int, string) error {
	return f.fail
}
func (f *fakeStore) Digests() (store.DigestExport, error) { return store.DigestExport{}, f.fail }
func (f *fakeStore) Backup(w io.Writer) (int64, error) {
	n, _ := io.WriteString(w, "bolt")
	return int64(n), f.fail
}

func (f *fakeStore) Login(context.Context, string, string, int, bool, bool) (string, store.Session, *store.Staff, error) {
	return "tok", fakeSessions["clerk-token"], &store.Staff{ID: "c1"}, f.fail
}
func (f *fakeStore) Logout(context.Context, string) error                   { return f.fail }
func (f *fakeStore) Unlock(context.Context, string, string) error           { return f.fail }
func (f *fakeStore) DisableStaff(context.Context, string, string) error     { return f.fail }
func (f *fakeStore) ResetPIN(context.Context, string, string, string) error { return f.fail }
func (f *fakeStore) StaffRole(string) (string, bool)                        { return "", false }
func (f *fakeStore) RevokeDevice(context.Context, string, string) (int, error) {
	return 1, f.fail
}

func (f *fakeStore) Call(context.Context, int, string) (store.TicketView, bool, error) {
	return view(), !f.noCall, f.fail
}
func (f *fakeStore) CallTicket(context.Context, int, string, string, queue.Why) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Recall(context.Context, int, string) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Start(context.Context, int, string) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) NoShow(context.Context, int, string, queue.Why) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Transfer(context.Context, int, string, int, string, queue.Why) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) EnterApplicant(context.Context, int, string, *queue.Applicant) (store.TicketView, error) {
	return view(), f.fail
}

// fakeCase is the case every case call answers with: one sub-case, of SCJ.
func fakeCase() queue.Case {
	return queue.Case{No: "C-1", Ticket: "t-1", Item: "X1", State: queue.CaseInProgress, AcceptedAt: fakeNow,
		Parts: []queue.Part{{Dept: "SCJ", State: queue.PartRefused, Due: "2026-03-09", Officer: "o1", DecidedAt: fakeNow,
			Refusal: &queue.Refusal{Reasons: []string{"不符合条件"}, Basis: "某法第1条"}}}}
}
func (f *fakeStore) DecideCaseOnce(context.Context, queue.CaseCmd, string) (queue.Case, error) {
	return fakeCase(), f.fail
}
func (f *fakeStore) Case(string) (queue.Case, error) { return fakeCase(), f.fail }
func (f *fakeStore) Applicant(string) (*queue.Applicant, error) {
	return &queue.Applicant{IDNumber: "110***********1234", Name: "测试甲"}, f.fail
}
func (f *fakeStore) RevealCaseApplicant(context.Context, string, string) (*queue.Applicant, error) {
	return &queue.Applicant{IDNumber: "110101199001011234", Name: "测试甲"}, f.fail
}
func (f *fakeStore) CreateDeptToken(context.Context, string, string, string) (string, error) {
	return "dept-token", f.fail
}
func (f *fakeStore) DeptTokens() []store.DeptTokenInfo { return nil }
func (f *fakeStore) RevokeDeptToken(context.Context, string, string) (int, error) {
	return 1, f.fail
}
func (f *fakeStore) OfficerDepts(id string) ([]string, bool) {
	return []string{"SCJ"}, id == "o1"
}
func (f *fakeStore) CaseEvents(string) ([]queue.Event, error) {
	c := fakeCase()
	return []queue.Event{{Seq: 5, Type: queue.CaseRefused, Dept: "SCJ", At: fakeNow, Staff: "o1", Case: &c}}, f.fail
}
func (f *fakeStore) CaseOfTicket(string) (queue.Case, bool) { return queue.Case{}, false }
func (f *fakeStore) CasesOf(context.Context, string, string) (store.Holdings, error) {
	c := fakeCase()
	c.State = queue.CaseResultReady
	return store.Holdings{Ready: []queue.Case{c}}, f.fail
}
func (f *fakeStore) Inbox(string, int) ([]queue.InboxLine, int) {
	c := fakeCase()
	return []queue.InboxLine{{Case: &c, Part: &c.Parts[0]}}, 1
}
func (f *fakeStore) CaseApplicant(string) (*queue.Applicant, error) { return nil, nil }
func (f *fakeStore) Calendar() *queue.Calendar                      { return nil }
func (f *fakeStore) AddOfficer(context.Context, string, string, string, []string) error {
	return f.fail
}
func (f *fakeStore) CheckPriority(context.Context, int, string, bool, string) (store.TicketView, error) {
	return view(), f.fail
}
func (f *fakeStore) Finish(context.Context, int, string, queue.Finishing) (queue.Event, store.TicketView, error) {
	v := view()
	t := v.Ticket
	t.State, t.Outcome = queue.Done, queue.Completed
	return queue.Event{Seq: 8, Ticket: &t}, v, f.fail
}
func (f *fakeStore) WindowCommand(_ context.Context, n int, _, _, _ string) (queue.Window, error) {
	return queue.Window{Number: n, State: queue.WinOpen}, f.fail
}
func (f *fakeStore) SetWindowMode(_ context.Context, n int, auto bool, _ string) (queue.Window, error) {
	return queue.Window{Number: n, State: queue.WinOpen, Auto: auto}, f.fail
}
func (f *fakeStore) Report(string, string, string) ([]store.ReportRow, error) { return nil, f.fail }
func (f *fakeStore) WorkOrders() ([]queue.WorkOrder, error)                   { return nil, f.fail }
func (f *fakeStore) WorkOrder(string) (queue.WorkOrder, error)                { return queue.WorkOrder{}, f.fail }
func (f *fakeStore) WorkOrderCommand(context.Context, string, queue.WorkOrderCmd) (queue.WorkOrder, error) {
	return queue.WorkOrder{}, f.fail
}
func (f *fakeStore) Alarms() ([]queue.Alarm, error) { return nil, f.fail }
func (f *fakeStore) AckAlarm(context.Context, string, string) (queue.Alarm, error) {
	return queue.Alarm{}, f.fail
}
func (f *fakeStore) CloseWindow(_ context.Context, n int, _ string, _ queue.Why) (queue.Window, error) {
	return queue.Window{Number: n, State: queue.WinClosed}, f.fail
}
func (f *fakeStore) RevealApplicant(context.Context, int, string) (*queue.Applicant, error) {
	return &queue.Applicant{}, f.fail
}

func (f *fakeStore) Setup(context.Context, string, string, string, string) error { return f.fail }
func (f *fakeStore) SaveCatalog([]byte) (string, error)                          { return "catalog.json", f.fail }
func (f *fakeStore) AddStaff(context.Context, string, string, string, string) error {
	return f.fail
}
func (f *fakeStore) CreateDeviceToken(context.Context, string) (string, error) {
	return "dev-tok", f.fail
}
func (f *fakeStore) CreateWindow(context.Context, queue.Window) error { return f.fail }
func (f *fakeStore) DeviceStatus(context.Context, queue.Device) error { return f.fail }
func (f *fakeStore) SetNotice(context.Context, string, string) error  { return f.fail }
func (f *fakeStore) Book(context.Context, queue.BookCmd, string) (queue.Booking, error) {
	return queue.Booking{}, f.fail
}

// fakeHub stands for the stream hub: it refuses a slot when full, and its Serve
// answers 204 in place of upgrading, so a test sees that the stream was reached.
type fakeHub struct {
	Hub
	full   bool
	served int
}

// slots hands out real slots (a Slot cannot be made outside its package).
var slots = hub.New(1)

func (h *fakeHub) Reserve() *hub.Slot {
	if h.full {
		return nil
	}
	return slots.Reserve()
}

func (h *fakeHub) Serve(w http.ResponseWriter, _ *http.Request, req hub.StreamRequest, _ hub.Replayer, _ *slog.Logger) {
	h.served++
	req.Slot.Release()
	w.WriteHeader(http.StatusNoContent)
}

func (h *fakeHub) Count() int     { return 0 }
func (h *fakeHub) Writers() int64 { return 0 }
func (h *fakeHub) Panics() uint64 { return 0 }
func (h *fakeHub) Busy() uint64   { return 0 }

// errPlain is an error with no domain kind: a fault of ours, 500.
var errPlain = errors.New("disk on fire")
