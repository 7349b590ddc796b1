package docs

// footer draws the lower part of the page: the QR code of the tracking page, the
// applicant's signature line, the seal area and the date.
// It sits at the foot of the page, or lower when the content runs long, and on a
// second page when it would not fit.
func (p page) footer(d Document) error {
	top := 222.0
	if y := p.f.GetY() + 6; y > top {
		top = y
	}
	if top+42 > 280 {
		p.f.AddPage()
		top = 30
	}
	p.f.SetDrawColor(160, 160, 160)
	p.f.Line(left, top-3, left+width, top-3)
	p.f.SetDrawColor(0, 0, 0)
	if d.TrackURL != "" {
		if err := p.qrCode(d.TrackURL, left, top, 30); err != nil {
			return err
		}
		p.f.SetFont(font, "", 8)
		p.f.SetXY(left, top+30.5)
		p.f.CellFormat(30, 4, "扫码查询办理进度", "", 0, "C", false, 0, "")
	}
	p.f.SetFont(font, "", bodyPt)
	p.f.SetXY(left+38, top+4)
	p.f.CellFormat(70, 7, "申请人(签收):______________", "", 2, "L", false, 0, "")
	p.f.CellFormat(70, 7, "签收日期:______年____月____日", "", 2, "L", false, 0, "")
	p.f.CellFormat(70, 7, "承办人:"+d.Staff, "", 2, "L", false, 0, "")
	seal, use := d.CenterName, "受理专用章"
	switch {
	case d.Kind == SupplementNotice:
		use = "业务专用章"
	case d.Kind == RefusalDecision && d.Department != "":
		seal, use = d.Department, "行政许可专用章" // the department decides, and seals
	}
	p.stamp(left+width-24, top+14, seal, use)
	p.f.SetFont(font, "", bodyPt)
	p.f.SetXY(left+width-60, top+32)
	p.f.CellFormat(60, 7, chineseDate(d.IssuedAt), "", 0, "R", false, 0, "")
	p.f.SetFont(font, "", 7.5)
	p.f.SetTextColor(110, 110, 110)
	p.f.SetXY(left, 284)
	p.f.CellFormat(width, 4, "本文书一式两联:申请人联、存档联。文书编号 "+d.Number()+" 可在中心核验。", "", 0, "C", false, 0, "")
	if d.EventHash != "" {
		p.f.SetFont(font, "", 6)
		p.f.SetXY(left, 288)
		p.f.CellFormat(width, 3, "记录哈希 record SHA-256: "+d.EventHash, "", 0, "C", false, 0, "")
	}
	p.f.SetTextColor(0, 0, 0)
	return nil
}
