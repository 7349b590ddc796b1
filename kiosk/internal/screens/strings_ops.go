package screens

import "onedoor/internal/uikit"

// opsTexts are the texts of the idle countdown, the server-away and paper-out notices
// and 帮办代办 (agent tickets). They join texts at start.
var opsTexts = uikit.Table{
	"idle_countdown": {Zh: "%d 秒后返回首页", En: "Returning to home in %d s"},
	"idle_stay":      {Zh: "继续办理", En: "Stay"},

	"server_away":           {Zh: "服务器连接中断,正在恢复", En: "The server is away; reconnecting"},
	"server_away_detail":    {Zh: "可继续查看事项和所需材料;取号将等待连接恢复", En: "You can still browse services and their materials; a ticket waits for the connection"},
	"server_wait":           {Zh: "正在等待服务器恢复,请稍候…", En: "Waiting for the server, please wait…"},
	"server_wait_detail":    {Zh: "恢复后自动出号,不会重复取号", En: "Your ticket comes as soon as it is back, never twice"},
	"server_gave_up":        {Zh: "服务器暂时无法连接,未能出号", En: "The server cannot be reached: no ticket was issued"},
	"server_gave_up_detail": {Zh: "请稍后再试,或到服务台咨询", En: "Try again in a moment, or ask at the desk"},

	"paper_out":     {Zh: "号票打印机缺纸,暂不能打印号票", En: "The ticket printer is out of paper"},
	"printer_fault": {Zh: "号票打印机故障,暂不能打印号票", En: "The ticket printer is out of order"},
	"use_qr":        {Zh: "仍可取号:请用手机扫描屏幕上的二维码,或拍下号码", En: "You can still take a number: scan the QR code on screen with your phone, or photograph it"},

	"agent_mode":        {Zh: "帮办代办", En: "Staff issuing for a citizen"},
	"agent_mode_detail": {Zh: "工作人员正在为群众代取号", En: "A staff member takes a number on a citizen's behalf"},
	"agent_end":         {Zh: "退出帮办", En: "End staff mode"},
	"staff":             {Zh: "工作人员", En: "Staff"},
	"staff_id":          {Zh: "工号", En: "Staff ID"},
	"staff_pin":         {Zh: "密码", En: "PIN"},
	"staff_hint":        {Zh: "工作人员登录后为群众代取号;办完即自动退出", En: "Staff log in to take a number for a citizen; it ends with the visit"},
	"staff_login":       {Zh: "登录", En: "Log in"},
	"staff_checking":    {Zh: "正在核对…", En: "Checking…"},
	"staff_refused":     {Zh: "工号或密码不正确", En: "Wrong staff ID or PIN"},
	"staff_unavailable": {Zh: "暂时无法登录,请稍后再试", En: "Cannot log in now; try again later"},
}

func init() {
	for key, t := range opsTexts {
		if _, dup := texts[key]; dup {
			panic("screens: text " + key + " is defined twice")
		}
		texts[key] = t
	}
}
