package queue

// The case words in Chinese and English, for the API's answers and the pages that show
// them (Chinese first, English beside it).

// label is a word in both languages.
type label struct{ zh, en string }

var caseStateLabels = map[CaseState]label{
	CaseAccepted:    {"已受理", "Accepted"},
	CaseInProgress:  {"审批中", "In progress"},
	CaseResultReady: {"待出件", "Ready for pickup"},
	CaseClosed:      {"已出件", "Handed over"},
}

var partStateLabels = map[PartState]label{
	PartRouted:     {"待认领", "Awaiting an officer"},
	PartClaimed:    {"审批中", "Being decided"},
	PartSupplement: {"补正中", "Awaiting materials"},
	PartSuspended:  {"特别程序中", "Special procedure"},
	PartApproved:   {"准予许可", "Approved"},
	PartRefused:    {"不予许可", "Refused"},
}

var caseActionLabels = map[CaseAction]label{
	CaseRoute:       {"分送部门", "Route"},
	CaseClaim:       {"认领", "Claim"},
	CaseReassign:    {"改派", "Reassign"},
	CaseApprove:     {"准予许可", "Approve"},
	CaseRefuse:      {"不予许可", "Refuse"},
	CaseSupplement:  {"补正告知", "Request materials"},
	CaseSupply:      {"补正材料收件", "Materials received"},
	CaseTransfer:    {"转办", "Transfer"},
	CaseSuspend:     {"特别程序", "Suspend"},
	CaseResume:      {"恢复办理", "Resume"},
	CasePickup:      {"本人领取", "Picked up by the applicant"},
	CaseProxyPickup: {"代领", "Picked up by a proxy"},
	CasePost:        {"邮寄", "Sent by post"},
}

// Hold is a special procedure (特别程序, 行政许可法 Art. 45) a sub-case may be suspended
// for; its time does not count towards the promised date.
type Hold struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// Holds lists the special procedures.
var Holds = []Hold{
	{"hearing", "听证", "Hearing"},
	{"inspection", "检验、检测、检疫、鉴定", "Inspection, testing, quarantine or appraisal"},
	{"expert_review", "专家评审", "Expert review"},
	{"on_site_check", "现场核查", "On-site check"},
}

// holdKnown reports whether code is one of Holds.
func holdKnown(code string) bool {
	for _, h := range Holds {
		if h.Code == code {
			return true
		}
	}
	return false
}

// Label returns the state's name in Chinese and English.
func (s CaseState) Label() (zh, en string) { l := caseStateLabels[s]; return l.zh, l.en }

// Label returns the state's name in Chinese and English.
func (s PartState) Label() (zh, en string) { l := partStateLabels[s]; return l.zh, l.en }

// Label returns the action's name in Chinese and English.
func (a CaseAction) Label() (zh, en string) { l := caseActionLabels[a]; return l.zh, l.en }

func (s PartState) labelZh() string { zh, _ := s.Label(); return zh }
