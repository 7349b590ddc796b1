package httpapi

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// maxReportDays is the longest range a report covers.
const maxReportDays = 366

// reports answers GET /api/v1/reports?from=&to=&by=&format= (supervisor, admin): the
// figures of the service days from … to, grouped by center (the default), day,
// category, item, window or clerk, as JSON, or as a CSV or XLSX file (format=csv|xlsx).
func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.store.Report(q.From, q.To, q.By)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Rows = s.reportRows(q.By, rows)
	switch r.URL.Query().Get("format") {
	case "csv":
		s.reportCSV(w, r, q)
	case "xlsx":
		s.reportXLSX(w, r, q)
	default:
		writeJSON(w, http.StatusOK, q)
	}
}

// reportQuery reads and checks a report's parameters.
func reportQuery(r *http.Request) (wire.Report, error) {
	v := r.URL.Query()
	for k := range v {
		if !slices.Contains([]string{"from", "to", "by", "format"}, k) {
			return wire.Report{}, badRequest("unknown parameter %q: use from, to, by and format", k)
		}
	}
	q := wire.Report{From: v.Get("from"), To: v.Get("to"), By: v.Get("by")}
	if q.By == "" {
		q.By = "center"
	}
	from, err1 := time.Parse(queue.DayLayout, q.From)
	to, err2 := time.Parse(queue.DayLayout, q.To)
	switch {
	case err1 != nil || err2 != nil:
		return q, queue.Errorf(queue.Invalid, "from and to must be dates, YYYY-MM-DD")
	case to.Before(from):
		return q, queue.Errorf(queue.Invalid, "to (%s) is before from (%s)", q.To, q.From)
	case to.Sub(from) >= maxReportDays*24*time.Hour:
		return q, queue.Errorf(queue.Invalid, "a report covers at most %d days", maxReportDays)
	case !slices.Contains(store.ReportBys, q.By):
		return q, queue.Errorf(queue.Invalid, "by must be one of %v, not %q", store.ReportBys, q.By)
	}
	switch f := v.Get("format"); f {
	case "", "json", "csv", "xlsx":
	default:
		return q, queue.Errorf(queue.Invalid, "format must be json, csv or xlsx, not %q", f)
	}
	return q, nil
}

// reportRows turns the store's rows into the answer's, with each group's name.
func (s *Server) reportRows(by string, rows []store.ReportRow) []wire.ReportRow {
	out := make([]wire.ReportRow, 0, len(rows))
	for _, row := range rows {
		out = append(out, reportRow(row.Key, s.groupName(by, row.Key), &row.Cell))
	}
	return out
}

// groupName names a group: the center, category or item by its Chinese name, a window
// by its name, a clerk by display name.
func (s *Server) groupName(by, key string) string {
	cat := s.store.Catalog()
	switch by {
	case "center":
		return cat.Center.Name
	case "category":
		if c, ok := cat.Category(key); ok && key != "" {
			return c.NameZh
		}
	case "item":
		if it, ok := cat.Item(key); ok {
			return it.NameZh
		}
	case "window":
		n, _ := strconv.Atoi(key)
		var name string
		s.store.Read(func(h *queue.Hall) {
			if w, ok := h.Windows[n]; ok {
				name = w.Name
			}
		})
		return name
	case "clerk":
		if key != "" {
			return s.store.StaffName(key)
		}
	}
	return ""
}

// reportRow is one row's figures from its cell.
func reportRow(key, name string, c *queue.ReportCell) wire.ReportRow {
	row := wire.ReportRow{Key: key, Name: name, Issued: c.Issued, Called: c.Called, Served: c.Served,
		Missed: c.Missed, Cancelled: c.Cancelled, Expired: c.Expired, Transferred: c.Transferred,
		Outcomes: map[string]int64{string(queue.Accepted): c.Accepted, string(queue.Supplement): c.Supplement,
			string(queue.Rejected): c.Rejected, string(queue.Consulted): c.Consulted, string(queue.Completed): c.Completed},
		Wait: c.Wait.Summarize(), Service: c.Service.Summarize(), IdleS: c.IdleS, PausedS: c.PausedS,
		Ratings: map[string]int64{}, Bad: c.Bad, Quoted: c.Quoted}
	for level := 1; level <= queue.MaxRatingLevel; level++ {
		row.Ratings[strconv.Itoa(level)] = c.Ratings[level]
		row.RatingN += c.Ratings[level]
	}
	if row.RatingN > 0 {
		row.BadRate = float64(c.Bad) / float64(row.RatingN)
	}
	if c.Quoted > 0 {
		row.QuoteMAES = float64(c.QuoteErrS) / float64(c.Quoted)
		row.QuoteWithin5 = float64(c.QuoteWithin5) / float64(c.Quoted)
	}
	return row
}
