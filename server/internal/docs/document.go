package docs

import (
	"fmt"
	"time"
)

// Kind names one of the uniform documents.
type Kind string

// The documents a finished visit produces, and the department's decision of refusal
// on a case (不予行政许可决定书).
const (
	AcceptanceReceipt Kind = "acceptance_receipt"
	SupplementNotice  Kind = "supplement_notice"
	RejectionNotice   Kind = "rejection_notice"
	RefusalDecision   Kind = "refusal_decision"
)

// Title returns the document's heading.
func (k Kind) Title() string {
	switch k {
	case AcceptanceReceipt:
		return "受理回执"
	case SupplementNotice:
		return "材料补正通知书"
	case RejectionNotice:
		return "不予受理决定通知书"
	case RefusalDecision:
		return "不予行政许可决定书"
	}
	return ""
}

// abbrev is the kind's character in the document number (受, 补, 不受).
func (k Kind) abbrev() string {
	switch k {
	case AcceptanceReceipt:
		return "受"
	case SupplementNotice:
		return "补"
	case RefusalDecision:
		return "不许"
	}
	return "不受"
}

// Material is one line of a checklist as the document names it.
type Material struct {
	Name   string
	Form   string // original, copy, original_and_copy, electronic
	Copies int
	Note   string
	// Due is when a 容缺 material must follow (YYYY-MM-DD); Problem and Fix say what
	// is wrong with a defective one and how to put it right.
	Due     string
	Problem string
	Fix     string
}

// line is the material as its row names it: the name with its note, problem and fix,
// or due date.
func (m Material) line() string {
	s := m.Name
	switch {
	case m.Problem != "":
		s += "(存在问题:" + m.Problem
		if m.Fix != "" {
			s += ";补正要求:" + m.Fix
		}
		s += ")"
	case m.Due != "":
		s += "(须于" + m.Due + "前补交)"
	case m.Note != "":
		s += "(" + m.Note + ")"
	}
	return s
}

// Document is everything one page shows. The handler fills it; Render draws it.
type Document struct {
	Kind Kind
	// Seq is the finish event that recorded the document; it makes the number unique.
	Seq        uint64
	CenterName string
	CenterCode string
	ItemCode   string
	ItemName   string
	Department string
	LegalBasis string
	// LegalDays is the statutory limit (nil: none); PromisedDays the center's promise.
	LegalDays    *int
	PromisedDays int
	NaturalDays  bool
	// Fee is the catalog's fee: an amount, "free" (不收费), or empty (no fee line).
	Fee string
	// CaseNo and Promised are the case an accepted visit opened and its due date.
	CaseNo   string
	Promised string
	// Applicant is the person's name and ID number; empty when none is on file.
	ApplicantName string
	ApplicantID   string
	// ApplicantType is the label of the applicant's ID document (居民身份证, 护照, …).
	ApplicantType string
	Phone         string
	TicketNumber  string
	Received      []Material
	Missing       []Material
	// Defective were handed in but are not in order; Awaiting are the 容缺 materials an
	// accepted case waits for.
	Defective []Material
	Awaiting  []Material
	// Due is a notice to supplement's deadline (补正期限, YYYY-MM-DD); empty: none given.
	Due    string
	Reason string
	// Basis is the legal basis the rejection rests on (its ground's, or typed).
	Basis string
	// ReviewBody and Court are where a refused applicant may seek review (60 days) or
	// sue (6 months); empty when the catalog names none.
	ReviewBody string
	Court      string
	// AcceptedOn is the day a case was accepted (YYYY-MM-DD), for a decision on it.
	AcceptedOn string
	// Staff is the clerk's (for a decision, the officer's) display name.
	Staff    string
	Window   string
	IssuedAt time.Time // when the visit was finished
	TrackURL string
	// EventHash is the chain hash (hex SHA-256) of the finish event in the log, printed
	// small at the foot so a paper copy can be checked against the record; empty: none.
	EventHash string
}

// Number is the document's number: center code, kind, year and the event's seq, e.g.
// 440199-ZWFW-001受〔2026〕第000123号.
func (d Document) Number() string {
	return fmt.Sprintf("%s%s〔%d〕第%06d号", d.CenterCode, d.Kind.abbrev(), d.IssuedAt.Year(), d.Seq)
}

// formName says a material's form in Chinese.
func formName(f string) string {
	switch f {
	case "original":
		return "原件"
	case "copy":
		return "复印件"
	case "original_and_copy":
		return "原件及复印件"
	case "electronic":
		return "电子材料"
	}
	return f
}

// daysText says a limit in days: 3个工作日, 10日, 即办.
func daysText(n int, natural bool) string {
	switch {
	case n == 0:
		return "即办(当场办结)"
	case natural:
		return fmt.Sprintf("%d日", n)
	}
	return fmt.Sprintf("%d个工作日", n)
}

// chineseDate writes 2026年11月25日.
func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
