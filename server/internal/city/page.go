package city

import (
	"fmt"
	"html/template"
	"net/http"
)

// levelNames are the levels in Chinese and English.
var levelNames = map[string]string{"city": "市级 City", "district": "区级 District", "street": "镇街 Street", "community": "村居 Community"}

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"level": func(l string) string { return levelNames[l] },
	"dur":   dur,
	"age":   age,
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="15">
<title>{{.Node.Name}} · 政务服务中心总览 Overview</title>
<style>
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:24px;background:#f4f6f9;color:#1d2733}
h1{margin:0 0 4px;font-size:26px} .sub{color:#5a6776;margin-bottom:16px}
nav a{color:#1f5fbf;text-decoration:none} nav{margin-bottom:12px}
.cards{display:flex;gap:10px;margin:12px 0 20px}
.card{flex:1;background:#fff;border-radius:8px;padding:10px 14px;box-shadow:0 1px 3px #0002}
.card b{display:block;font-size:24px} .card span{color:#5a6776;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 3px #0002}
th,td{padding:9px 12px;text-align:right;border-bottom:1px solid #e3e7ec} th{background:#e9eef5;font-size:13px;white-space:nowrap}
td{white-space:nowrap} td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}
td a{color:#1f5fbf;font-weight:bold;text-decoration:none}
tr.stale td{background:#fff1f0} .mark{color:#c0392b;font-weight:bold}
tr.own td{background:#f7fafc;font-style:italic}
td:last-child{white-space:normal;min-width:200px}
</style></head><body>
<nav>{{range .Path}}<a href="/c/{{.Code}}">{{.Name}}</a> › {{end}}<b>{{.Node.Name}}</b></nav>
<h1>{{.Node.Name}}</h1>
<div class="sub">{{level .Node.Level}} · {{.Node.Code}} · {{.Node.Total.Centers}} 个中心 centers · {{.At.Format "2006-01-02 15:04:05"}}</div>
<div class="cards">
<div class="card"><b id="waiting">{{.Node.Total.Waiting}}</b><span>正在等候<br>Waiting now</span></div>
<div class="card"><b id="longest">{{dur .Node.Total.Longest}}</b><span>当前最长<br>Longest now</span></div>
<div class="card"><b id="today">{{.Node.Total.Today}}</b><span>今日取号<br>Tickets today</span></div>
<div class="card"><b id="served">{{.Node.Total.Served}}</b><span>今日办结<br>Served today</span></div>
<div class="card"><b id="mean">{{dur .Node.Total.MeanS}}</b><span>平均等候<br>Mean wait</span></div>
<div class="card"><b id="good">{{.Node.Total.GoodRate}}</b><span>好评率<br>Good ratings ({{.Node.Total.Rated}})</span></div>
<div class="card"><b id="overdue" {{if .Node.Total.Overdue}}class="mark"{{end}}>{{.Node.Total.Overdue}}</b><span>超期办件<br>Cases overdue</span></div>
<div class="card"><b id="stale" {{if .Node.Total.Stale}}class="mark"{{end}}>{{.Node.Total.Stale}}</b><span>上传中断<br>Uplinks down</span></div>
</div>
<table id="rows"><tr><th>中心<br>Center</th><th>层级<br>Level</th><th>等候<br>Waiting</th><th>当前最长<br>Longest now</th><th>今日取号<br>Today</th><th>办结<br>Served</th><th>平均等候<br>Mean</th><th>好评率<br>Good</th><th>超期<br>Overdue</th><th>最近上传<br>Last upload</th></tr>
<tr class="own{{if .Node.Own.Stale}} stale{{end}}" data-code="{{.Node.Code}}"><td>本中心大厅 This center's hall</td><td>{{level .Node.Level}}</td>
<td>{{.Node.Own.Waiting}}</td><td>{{dur .Node.Own.Longest}}</td><td>{{.Node.Own.Today}}</td><td>{{.Node.Own.Served}}</td><td>{{dur .Node.Own.MeanS}}</td><td>{{.Node.Own.GoodRate}}</td><td>{{.Node.Own.Overdue}}</td>
<td>{{if .Node.Own.Stale}}<span class="mark">⚠ 上传中断 uplink down</span><br>{{end}}{{age .Node.Own.AgeS}}</td></tr>
{{range .Node.Children}}<tr class="{{if .Total.Stale}}stale{{end}}" data-code="{{.Code}}"><td><a href="/c/{{.Code}}">{{.Name}}</a></td><td>{{level .Level}}</td>
<td>{{.Total.Waiting}}</td><td>{{dur .Total.Longest}}</td><td>{{.Total.Today}}</td><td>{{.Total.Served}}</td><td>{{dur .Total.MeanS}}</td><td>{{.Total.GoodRate}}</td><td>{{.Total.Overdue}}</td>
<td>{{if .Total.Stale}}<span class="mark">⚠ {{.Total.Stale}}/{{.Total.Centers}} 上传中断 uplink down</span><br>{{end}}{{age .Total.AgeS}}</td></tr>
{{end}}</table>
</body></html>`))

// age writes how long ago a center was last heard from, both languages.
func age(s int) string {
	switch {
	case s < 0:
		return "从未上传 never"
	case s < 5:
		return "刚刚 just now"
	case s < 60:
		return fmt.Sprintf("%d 秒前 %d s ago", s, s)
	case s < 3600:
		return fmt.Sprintf("%d 分钟前 %d min ago", s/60, s/60)
	}
	return fmt.Sprintf("%d 小时前 %d h ago", s/3600, s/3600)
}

// dur writes seconds as minutes and seconds, both languages.
func dur(s int) string {
	if s < 60 {
		return fmt.Sprintf("%d 秒 s", s)
	}
	if s < 3600 {
		return fmt.Sprintf("%d 分 min", s/60)
	}
	return fmt.Sprintf("%d 小时 %d 分 %dh %dmin", s/3600, s%3600/60, s/3600, s%3600/60)
}

// page serves a center's dashboard: its figures, its own hall, and each child's
// subtree as a row that drills down.
func (h *handler) page(w http.ResponseWriter, r *http.Request) {
	v, ok := h.view(r.Context(), w, r.PathValue("code"))
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pageTmpl.Execute(w, v); err != nil {
		h.o.Log.Warn("dashboard page", "err", err)
	}
}
