package screens

import "fmt"

// Lang is the language the screens speak: "zh" (default) or "en".
type Lang string

// The languages.
const (
	Zh Lang = "zh"
	En Lang = "en"
)

// texts holds every string the caller shows, in both languages.
var texts = map[string][2]string{
	"title":           {"综合窗口叫号", "Window caller"},
	"server":          {"服务器", "Server"},
	"staff":           {"工号", "Staff ID"},
	"pin":             {"密码", "PIN"},
	"window":          {"窗口号", "Window"},
	"login":           {"登录并开窗", "Log in and open the window"},
	"takeover":        {"接管该窗口", "Take the window over"},
	"taken":           {"该窗口已由其他人员登录。确认接管将结束对方会话。", "Another session holds this window. Taking over ends it."},
	"ended":           {"会话已结束(过期或被接管),请重新登录。", "The session has ended (expired or taken over): log in again."},
	"offline":         {"与服务器的连接中断,正在重连……操作将在恢复后执行", "Connection lost, reconnecting… actions wait until it is back"},
	"online":          {"在线", "Online"},
	"no_ticket":       {"当前无办理号", "No ticket at the window"},
	"waited":          {"已等候 %d 分钟", "waited %d min"},
	"priority":        {"优先", "Priority"},
	"normal":          {"普通", "Normal"},
	"applicant":       {"申请人", "Applicant"},
	"no_applicant":    {"未刷身份证", "No ID card swiped"},
	"reveal":          {"显示证件号", "Show ID number"},
	"checklist":       {"材料清单(勾选已收)", "Checklist (tick what is received)"},
	"required":        {"必需", "required"},
	"queue":           {"排队情况", "Queue"},
	"waiting_n":       {"等候 %d 人", "%d waiting"},
	"longest":         {"最长 %d 分钟", "longest %d min"},
	"tally":           {"本窗口今日", "This window today"},
	"served":          {"已办 %d", "served %d"},
	"no_shows":        {"过号 %d", "no-shows %d"},
	"call":            {"叫号", "Call next"},
	"recall":          {"重呼", "Recall"},
	"start":           {"开始办理", "Start"},
	"no_show":         {"过号", "No-show"},
	"transfer":        {"转移", "Transfer"},
	"finish":          {"办结", "Finish"},
	"pause":           {"暂停", "Pause"},
	"resume":          {"恢复", "Resume"},
	"call_ticket":     {"指定叫号", "Call a ticket"},
	"reinstate":       {"过号恢复", "Reinstate"},
	"lang":            {"English", "中文"},
	"nobody":          {"暂无等候", "Nobody is waiting"},
	"outcome":         {"办理结果", "Outcome"},
	"accepted":        {"受理", "Accepted"},
	"supplement":      {"补正材料", "Supplement"},
	"rejected":        {"不予受理", "Rejected"},
	"completed":       {"办结", "Completed"},
	"consulted":       {"咨询", "Consulted"},
	"missing":         {"需补正的材料(未勾选的必需材料)", "Materials to supplement (required, not ticked)"},
	"received":        {"已收材料", "Materials received"},
	"reason":          {"不予受理理由", "Reason for non-acceptance"},
	"reason_needed":   {"请填写不予受理理由", "Give the reason for non-acceptance"},
	"ok":              {"确定", "OK"},
	"cancel":          {"取消", "Cancel"},
	"confirm_no_show": {"确认%s号未到窗口、标记为过号?过号后可在「过号恢复」中重新排队。", "Mark %s as not come to the window? It can be reinstated later."},
	"no_show_ok":      {"确认过号", "Mark no-show"},
	"confirm_keys":    {"回车 确认 · Esc 取消", "Enter confirms · Esc cancels"},
	"to_window":       {"转到窗口", "To window"},
	"to_category":     {"转到类别", "To category"},
	"pause_reason":    {"暂停原因", "Reason for the pause"},
	"pause_default":   {"临时离开", "Away for a moment"},
	"paused":          {"窗口已暂停:%s", "Window paused: %s"},
	"ticket_id":       {"办理号编号(ID)", "Ticket id"},
	"missed":          {"过号列表", "Missed tickets"},
	"none":            {"(无)", "(none)"},
	"document":        {"文书", "Document"},
	"print":           {"打印", "Print"},
	"save":            {"保存到文件夹", "Save to folder"},
	"folder":          {"文件夹", "Folder"},
	"saved":           {"已保存:%s", "Saved: %s"},
	"printed":         {"已发送打印", "Sent to the printer"},
	"close":           {"关闭", "Close"},
	"no_document":     {"本次办理无需出具文书", "This outcome has no document"},
	"case":            {"办件编号 %s,承诺 %s 办结", "Case %s, promised for %s"},
	"shortcuts":       {"F1 叫号 · F2 重呼 · F3 开始 · F4 过号 · F5 转移 · F6 办结", "F1 call · F2 recall · F3 start · F4 no-show · F5 transfer · F6 finish"},
	"window_n":        {"%d号窗口", "Window %d"},
	"state_open":      {"开放", "open"},
	"state_paused":    {"暂停", "paused"},
	"state_called":    {"已叫号,等候到窗", "called, coming to the window"},
	"state_serving":   {"办理中", "serving"},
	"error":           {"出错:%s", "Error: %s"},
	"loading_doc":     {"正在生成文书……", "Preparing the document…"},
}

// T returns the text of key in l, formatted with args.
func (l Lang) T(key string, args ...any) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	s := t[0]
	if l == En {
		s = t[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
