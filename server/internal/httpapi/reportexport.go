package httpapi

import (
	"encoding/csv"
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"onedoor/internal/wire"
)

// reportColumn is one column of an exported report: its heading, Chinese then English,
// and its value in a row.
type reportColumn struct {
	head  string
	value func(r *wire.ReportRow) any
}

// reportColumns are the exported report's columns, in order.
var reportColumns = []reportColumn{
	{"分组 Key", func(r *wire.ReportRow) any { return r.Key }},
	{"名称 Name", func(r *wire.ReportRow) any { return r.Name }},
	{"取号 Issued", func(r *wire.ReportRow) any { return r.Issued }},
	{"叫号 Called", func(r *wire.ReportRow) any { return r.Called }},
	{"办结 Served", func(r *wire.ReportRow) any { return r.Served }},
	{"过号 Missed", func(r *wire.ReportRow) any { return r.Missed }},
	{"取消 Cancelled", func(r *wire.ReportRow) any { return r.Cancelled }},
	{"作废 Expired", func(r *wire.ReportRow) any { return r.Expired }},
	{"转移 Transferred", func(r *wire.ReportRow) any { return r.Transferred }},
	{"受理 Accepted", func(r *wire.ReportRow) any { return r.Outcomes["accepted"] }},
	{"补正 Supplement", func(r *wire.ReportRow) any { return r.Outcomes["supplement"] }},
	{"不予受理 Rejected", func(r *wire.ReportRow) any { return r.Outcomes["rejected"] }},
	{"咨询 Consulted", func(r *wire.ReportRow) any { return r.Outcomes["consulted"] }},
	{"即办 Completed", func(r *wire.ReportRow) any { return r.Outcomes["completed"] }},
	{"等候均值(秒) Wait mean s", func(r *wire.ReportRow) any { return r.Wait.MeanS }},
	{"等候P50(秒) Wait p50 s", func(r *wire.ReportRow) any { return r.Wait.P50S }},
	{"等候P90(秒) Wait p90 s", func(r *wire.ReportRow) any { return r.Wait.P90S }},
	{"等候最长(秒) Wait max s", func(r *wire.ReportRow) any { return r.Wait.MaxS }},
	{"办理均值(秒) Service mean s", func(r *wire.ReportRow) any { return r.Service.MeanS }},
	{"办理P50(秒) Service p50 s", func(r *wire.ReportRow) any { return r.Service.P50S }},
	{"办理P90(秒) Service p90 s", func(r *wire.ReportRow) any { return r.Service.P90S }},
	{"办理最长(秒) Service max s", func(r *wire.ReportRow) any { return r.Service.MaxS }},
	{"空闲(秒) Idle s", func(r *wire.ReportRow) any { return r.IdleS }},
	{"暂停(秒) Paused s", func(r *wire.ReportRow) any { return r.PausedS }},
	{"非常满意 Rating 5", func(r *wire.ReportRow) any { return r.Ratings["5"] }},
	{"满意 Rating 4", func(r *wire.ReportRow) any { return r.Ratings["4"] }},
	{"基本满意 Rating 3", func(r *wire.ReportRow) any { return r.Ratings["3"] }},
	{"不满意 Rating 2", func(r *wire.ReportRow) any { return r.Ratings["2"] }},
	{"非常不满意 Rating 1", func(r *wire.ReportRow) any { return r.Ratings["1"] }},
	{"评价数 Ratings", func(r *wire.ReportRow) any { return r.RatingN }},
	{"差评 Bad", func(r *wire.ReportRow) any { return r.Bad }},
	{"差评率 Bad rate", func(r *wire.ReportRow) any { return r.BadRate }},
	{"预计等候样本 Quoted", func(r *wire.ReportRow) any { return r.Quoted }},
	{"预计误差均值(秒) Quote MAE s", func(r *wire.ReportRow) any { return r.QuoteMAES }},
	{"误差5分钟内占比 Within 5 min", func(r *wire.ReportRow) any { return r.QuoteWithin5 }},
}

// reportFile names an exported report.
func reportFile(q wire.Report, ext string) string {
	return fmt.Sprintf("report-%s-%s-by-%s.%s", q.From, q.To, q.By, ext)
}

// reportCSV writes the report as CSV (UTF-8 with a byte-order mark, which Excel needs
// to read Chinese).
func (s *Server) reportCSV(w http.ResponseWriter, _ *http.Request, q wire.Report) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFile(q, "csv")+`"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	head := make([]string, len(reportColumns))
	for i, c := range reportColumns {
		head[i] = c.head
	}
	cw.Write(head)
	for i := range q.Rows {
		rec := make([]string, len(reportColumns))
		for j, c := range reportColumns {
			rec[j] = fmt.Sprint(c.value(&q.Rows[i]))
		}
		cw.Write(rec)
	}
	cw.Flush()
}

// reportXLSX writes the report as an Excel workbook of one sheet.
func (s *Server) reportXLSX(w http.ResponseWriter, r *http.Request, q wire.Report) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "报表 Report"
	put := func(col, row int, v any) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		return f.SetCellValue(sheet, cell, v)
	}
	err := f.SetSheetName(f.GetSheetName(0), sheet)
	for i, c := range reportColumns {
		if err == nil {
			err = put(i+1, 1, c.head)
		}
	}
	for i := range q.Rows {
		for j, c := range reportColumns {
			if err == nil {
				err = put(j+1, i+2, c.value(&q.Rows[i]))
			}
		}
	}
	if err != nil {
		s.fail(w, r, fmt.Errorf("write the report workbook: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFile(q, "xlsx")+`"`)
	if err := f.Write(w); err != nil {
		s.log.Warn("write the report workbook", "err", err)
	}
}
