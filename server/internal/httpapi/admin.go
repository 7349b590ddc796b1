package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/feed"
	"onedoor/server/internal/store"
)

// backup answers GET /api/v1/admin/backup for supervisors: a hot copy of the data file.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="onedoor-%s.db"`, s.store.Now().In(s.store.Location()).Format("20060102-150405")))
	if _, err := s.store.Backup(w); err != nil {
		s.log.Error("backup", "err", err) // headers are gone; the client sees a short file
	}
}

// createWindow answers POST /api/v1/admin/windows for admins and supervisors.
func (s *Server) createWindow(w http.ResponseWriter, r *http.Request) {
	var req wire.WindowCreateRequest
	if _, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin); !ok {
		return
	}
	if err := checkTexts("name", req.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Name == "" || utf8.RuneCountInString(req.Name) > 32 {
		s.fail(w, r, queue.Errorf(queue.Invalid, "name must be 1 to 32 characters"))
		return
	}
	win := queue.Window{Number: req.Number, Name: req.Name, Kind: queue.WindowKind(req.Kind), Categories: req.Categories}
	if err := s.store.CreateWindow(r.Context(), win); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, wire.WindowStatus{Number: win.Number, Name: win.Name, Kind: req.Kind, Categories: req.Categories, State: string(queue.WinClosed)})
}

// deviceStatus answers POST /api/v1/devices/status from a kiosk.
func (s *Server) deviceStatus(w http.ResponseWriter, r *http.Request) {
	var req wire.DeviceStatusRequest
	se, ok := s.authorized(w, r, &req, store.RoleDevice)
	if !ok {
		return
	}
	switch req.Kind {
	case "printer", "reader", "scanner", "kiosk", "display":
	default:
		s.fail(w, r, queue.Errorf(queue.Invalid, "kind must be printer, reader, scanner, kiosk or display"))
		return
	}
	switch req.Status {
	case "ok", "warning", "fault":
	default:
		s.fail(w, r, queue.Errorf(queue.Invalid, "status must be ok, warning or fault"))
		return
	}
	req.Detail = strings.TrimSpace(req.Detail)
	if err := checkTexts("detail", req.Detail); err != nil {
		s.fail(w, r, err)
		return
	}
	if utf8.RuneCountInString(req.Detail) > 200 {
		s.fail(w, r, queue.Errorf(queue.Invalid, "detail is longer than 200 characters"))
		return
	}
	d := queue.Device{Name: se.Staff, Kind: req.Kind, Status: req.Status, Detail: req.Detail}
	if err := s.store.DeviceStatus(r.Context(), d); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// notice answers POST /api/v1/admin/notice: supervisors set the boards' scrolling text.
func (s *Server) notice(w http.ResponseWriter, r *http.Request) {
	var req wire.NoticeRequest
	se, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	if err := checkTexts("text", req.Text); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.SetNotice(r.Context(), req.Text, se.Staff); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// book answers POST /api/v1/admin/appointments: a booking made online, imported by a
// supervisor (or the booking platform's account) so that its code can be checked in.
func (s *Server) book(w http.ResponseWriter, r *http.Request) {
	var req wire.BookingRequest
	se, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	cmd, idNumber, err := bookCommand(req, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.store.Book(r.Context(), cmd, idNumber)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, feed.Booking(b, s.store.Location()))
}

// bookCommand checks what the handler can of a booking request (the ID number, the
// item's length) and turns it into the domain's command, which checks the rest; it
// returns the ID number trimmed, for the store to hash.
func bookCommand(req wire.BookingRequest, staff string) (queue.BookCmd, string, error) {
	id := strings.TrimSpace(req.IDNumber)
	if id != "" {
		if err := queue.ValidateIDNumber(id); err != nil {
			return queue.BookCmd{}, "", queue.Errorf(queue.Invalid, "id_number: %v", err)
		}
	}
	if len(req.Item) > 64 || !printable(req.Item) {
		return queue.BookCmd{}, "", queue.Errorf(queue.Invalid, "item: give the code of a catalog item")
	}
	return queue.BookCmd{Code: req.Code, Item: req.Item, Slot: req.Slot, Staff: staff}, id, nil
}
