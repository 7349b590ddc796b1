package docs

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// Remedies is the sentence every notice of non-acceptance ends with: 60 days for an
// administrative review (行政复议法 2023 Art. 20), six months for a suit (行政诉讼法 Art. 46).
const Remedies = "如不服本决定,可自收到本决定书之日起60日内依法向有管辖权的行政复议机关申请行政复议," +
	"或者在6个月内依法向有管辖权的人民法院提起行政诉讼。"

// Render draws d as a one-page A4 PDF and returns its bytes.
func Render(d Document) ([]byte, error) { return render(d, fontFor(d)) }

// render draws d with the TrueType font file ttf (the bundled font or a cut of it).
func render(d Document, ttf []byte) ([]byte, error) {
	if d.Kind.Title() == "" {
		return nil, fmt.Errorf("render document: unknown kind %q", d.Kind)
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.SetTitle(d.Kind.Title()+" "+d.Number(), true)
	f.SetCreator("onedoor", true)
	f.SetCreationDate(d.IssuedAt)
	f.SetModificationDate(d.IssuedAt)
	f.SetMargins(left, 18, left)
	f.SetAutoPageBreak(false, 0)
	f.AddUTF8FontFromBytes(font, "", ttf)
	f.AddPage()
	p := page{f}
	p.header(d)
	p.fields(d)
	switch d.Kind {
	case AcceptanceReceipt:
		p.acceptance(d)
	case SupplementNotice:
		p.supplement(d)
	case RejectionNotice:
		p.rejection(d)
	case RefusalDecision:
		p.refusal(d)
	}
	if err := p.footer(d); err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	if buf.Len() == 0 {
		return nil, errors.New("render document: empty output")
	}
	return buf.Bytes(), nil
}

// header draws the center, the title and the document number.
func (p page) header(d Document) {
	p.f.SetFont(font, "", 12)
	issuer := d.CenterName
	if d.Kind == RefusalDecision && d.Department != "" {
		issuer = d.Department // the department decides; the center only passes it on
	}
	p.f.CellFormat(width, 7, issuer, "", 1, "C", false, 0, "")
	p.f.Ln(2)
	p.f.SetFont(font, "", titlePt)
	p.f.CellFormat(width, 11, d.Kind.Title(), "", 1, "C", false, 0, "")
	p.f.SetFont(font, "", bodyPt)
	p.f.CellFormat(width, 7, "文书编号:"+d.Number(), "", 1, "R", false, 0, "")
	p.f.SetDrawColor(200, 30, 30)
	p.f.SetLineWidth(0.8)
	p.f.Line(left, p.f.GetY()+1, left+width, p.f.GetY()+1)
	p.f.SetLineWidth(0.2)
	p.f.SetDrawColor(0, 0, 0)
	p.f.Ln(4)
}

// fields draws the table every document shares.
func (p page) fields(d Document) {
	if d.CaseNo != "" {
		p.row("办件编号", d.CaseNo)
	}
	p.row("申请事项", d.ItemName+"(事项编码 "+d.ItemCode+")")
	if d.Department != "" {
		p.row("实施部门", d.Department)
	}
	name, id := d.ApplicantName, d.ApplicantID
	if name == "" {
		name = "(未登记身份信息,凭排队号 " + d.TicketNumber + ")"
	}
	p.row("申请人", name)
	if id != "" {
		label := d.ApplicantType
		if label == "" {
			label = "居民身份证"
		}
		p.row("证件号码", label+" "+id)
	}
	if d.Kind == RefusalDecision { // a decision of the department, not of a window visit
		p.row("决定日期", d.IssuedAt.Format("2006年01月02日"))
		p.f.Ln(3)
		return
	}
	p.row("排队号", d.TicketNumber)
	p.row("收件时间", d.IssuedAt.Format("2006年01月02日 15:04"))
	p.row("承办窗口", d.Window+"  承办人:"+d.Staff)
	p.f.Ln(3)
}

// limits says the statutory and promised time limits.
func limits(d Document) string {
	s := "法定办结时限:"
	if d.LegalDays == nil {
		s += "无法定时限"
	} else {
		s += daysText(*d.LegalDays, d.NaturalDays)
	}
	return s + ";承诺办结时限:" + daysText(d.PromisedDays, d.NaturalDays) +
		"(听证、检验、检测、鉴定、专家评审所需时间不计入,另行书面告知)。"
}

func (p page) acceptance(d Document) {
	p.materials("已接收材料清单", d.Received)
	p.row("办结时限", limits(d))
	p.row("承诺办结日期", d.Promised)
	switch d.Fee {
	case "": // not known: no fee line rather than a guess
	case "free":
		p.row("收费情况", "不收费")
	default:
		p.row("收费情况", d.Fee)
	}
	p.row("法律依据", basis(d))
	p.row("结果领取", "办结后凭本回执及申请人身份证件到统一出件窗口领取,或申请邮寄送达")
	if len(d.Awaiting) > 0 {
		p.materials("容缺后补材料(须在期限内补交)", d.Awaiting)
	}
	p.f.Ln(3)
	if len(d.Awaiting) > 0 {
		p.para("    您(单位)申请的上述事项,经审查,除上表所列容缺材料外,已提交的申请材料符合法定形式,"+
			"按容缺受理决定予以受理。请在上表所列日期前补交容缺材料;逾期未补交的,将依法作出处理。请凭办件编号或扫描下方二维码查询办理进度。", bodyPt)
		return
	}
	p.para("    您(单位)申请的上述事项,经审查,申请材料齐全、符合法定形式,根据《中华人民共和国行政许可法》"+
		"第三十二条的规定,决定予以受理。请凭办件编号或扫描下方二维码查询办理进度。", bodyPt)
}

func (p page) supplement(d Document) {
	p.materials("已接收材料", d.Received)
	p.materials("需补正材料(一次性告知)", d.Missing)
	if len(d.Defective) > 0 {
		p.materials("需更正的材料(已提交但不符合要求)", d.Defective)
	}
	if d.Due != "" {
		p.row("补正期限", "请于"+d.Due+"前补正")
	}
	p.row("法律依据", "《中华人民共和国行政许可法》第三十二条第一款第(四)项;"+basis(d))
	p.f.Ln(3)
	p.para("    您(单位)申请的上述事项,申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》"+
		"第三十二条的规定,现一次性告知需要补正的全部内容如上。请按要求补齐后,持本通知书到任一综合窗口重新提交;"+
		"补正期间,本中心不要求提交与本事项无关的材料。", bodyPt)
}

func (p page) rejection(d Document) {
	p.row("不予受理理由", d.Reason)
	if d.Basis != "" {
		p.row("法律依据", d.Basis)
	} else {
		p.row("法律依据", "《中华人民共和国行政许可法》第三十二条;"+basis(d))
	}
	p.f.Ln(3)
	p.para("    您(单位)申请的上述事项,经审查,不符合受理条件,根据《中华人民共和国行政许可法》第三十二条的规定,"+
		"决定不予受理。如申请事项不属于本机关职权范围,请向有关行政机关申请。", bodyPt)
	p.para("    救济途径:"+remedies(d), bodyPt)
}

// refusal is a department's decision not to grant what a case asked for: the reasons,
// the legal basis this refusal rests on, and the remedies (行政许可法 Art. 38(2)).
func (p page) refusal(d Document) {
	if d.AcceptedOn != "" {
		p.row("受理日期", d.AcceptedOn)
	}
	p.row("不予许可理由", d.Reason)
	if d.Basis != "" {
		p.row("法律依据", d.Basis)
	} else {
		p.row("法律依据", basis(d))
	}
	p.f.Ln(3)
	p.para("    您(单位)申请的上述事项,经审查,不符合法定条件、标准,根据《中华人民共和国行政许可法》"+
		"第三十八条第二款的规定,决定不予行政许可,理由及依据如上。", bodyPt)
	p.para("    救济途径:"+remedies(d), bodyPt)
}

// remedies is the remedy sentence, naming the bodies when the catalog gives them.
func remedies(d Document) string {
	if d.ReviewBody == "" || d.Court == "" {
		return Remedies
	}
	return "如不服本决定,可自收到本决定书之日起60日内依法向" + d.ReviewBody + "申请行政复议," +
		"或者在6个月内依法向" + d.Court + "提起行政诉讼。"
}

func basis(d Document) string {
	if d.LegalBasis == "" {
		return "事项办事指南"
	}
	return d.LegalBasis
}
