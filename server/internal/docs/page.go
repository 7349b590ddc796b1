package docs

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"
)

// The page's geometry in millimetres: A4 with 20 mm margins.
const (
	left    = 20.0
	width   = 170.0
	labelW  = 32.0
	lineH   = 6.5
	font    = "wqy"
	bodyPt  = 10.5
	titlePt = 20
)

// page wraps the PDF with the few drawing steps every document uses.
type page struct {
	f *fpdf.Fpdf
}

// wrap splits text into lines no wider than w at the current font, breaking anywhere
// (Chinese has no spaces) and at newlines. fpdf's SplitText drops the character it
// breaks at when that character is Chinese, so it is not used.
func (p page) wrap(text string, w float64) []string {
	var lines []string
	var cur []rune
	for _, r := range text {
		if r == '\n' {
			lines, cur = append(lines, string(cur)), nil
			continue
		}
		if len(cur) > 0 && p.f.GetStringWidth(string(append(cur, r)))+2 > w {
			lines, cur = append(lines, string(cur)), nil
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// row draws one label/value line of the fields table, the value wrapped.
func (p page) row(label, value string) {
	p.f.SetFont(font, "", bodyPt)
	lines := p.wrap(value, width-labelW)
	h := float64(len(lines)) * lineH
	if h < lineH+1 {
		h = lineH + 1
	}
	x, y := p.f.GetXY()
	p.f.SetFillColor(242, 242, 242)
	p.f.Rect(x, y, labelW, h, "FD")
	p.f.Rect(x+labelW, y, width-labelW, h, "D")
	p.f.SetXY(x, y)
	p.f.CellFormat(labelW, h, label, "", 0, "C", false, 0, "")
	off := (h - float64(len(lines))*lineH) / 2
	for i, l := range lines {
		p.f.SetXY(x+labelW, y+off+float64(i)*lineH)
		p.f.CellFormat(width-labelW, lineH, l, "", 0, "L", false, 0, "")
	}
	p.f.SetXY(x, y+h)
}

// materials draws a numbered table of materials under a heading.
func (p page) materials(heading string, list []Material) {
	p.f.SetFont(font, "", bodyPt)
	p.f.SetFillColor(230, 230, 230)
	x := p.f.GetX()
	p.f.CellFormat(width, lineH+1, heading, "1", 1, "C", true, 0, "")
	cols := []float64{14, 86, 40, 30}
	heads := []string{"序号", "材料名称", "形式", "份数"}
	p.f.SetX(x)
	for i, h := range heads {
		p.f.CellFormat(cols[i], lineH, h, "1", 0, "C", false, 0, "")
	}
	p.f.Ln(lineH)
	if len(list) == 0 {
		p.f.SetX(x)
		p.f.CellFormat(width, lineH, "(无)", "1", 1, "C", false, 0, "")
	}
	const rowH = 5.2 // rows carry the materials' notes: a smaller type keeps one page
	p.f.SetFont(font, "", 9)
	for i, m := range list {
		lines := p.wrap(m.line(), cols[1])
		h := max(float64(len(lines))*rowH, lineH)
		y := p.f.GetY()
		copies := "—"
		if m.Copies > 0 {
			copies = fmt.Sprintf("%d 份", m.Copies)
		}
		p.f.SetX(x)
		p.f.CellFormat(cols[0], h, fmt.Sprint(i+1), "1", 0, "C", false, 0, "")
		p.f.Rect(x+cols[0], y, cols[1], h, "D")
		off := (h - float64(len(lines))*rowH) / 2
		for j, l := range lines {
			p.f.SetXY(x+cols[0], y+off+float64(j)*rowH)
			p.f.CellFormat(cols[1], rowH, l, "", 0, "L", false, 0, "")
		}
		p.f.SetXY(x+cols[0]+cols[1], y)
		p.f.CellFormat(cols[2], h, formName(m.Form), "1", 0, "C", false, 0, "")
		p.f.CellFormat(cols[3], h, copies, "1", 1, "C", false, 0, "")
	}
	p.f.SetFont(font, "", bodyPt)
	p.f.Ln(2)
}

// para draws a paragraph of running text, indented by two characters.
func (p page) para(text string, pt float64) {
	p.f.SetFont(font, "", pt)
	h := pt * 0.55
	for _, l := range p.wrap(text, width) {
		p.f.SetX(left)
		p.f.CellFormat(width, h, l, "", 1, "L", false, 0, "")
	}
	p.f.Ln(1.5)
}

// qrCode draws a QR code of url at (x, y), s millimetres square, with a quiet zone.
func (p page) qrCode(url string, x, y, s float64) error {
	code, err := qr.Encode(url, qr.M, qr.Unicode)
	if err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	n := code.Bounds().Dx()
	scaled, err := barcode.Scale(code, n*8, n*8)
	if err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, scaled); err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	p.f.RegisterImageOptionsReader("qr", opt, &buf)
	p.f.SetFillColor(255, 255, 255)
	p.f.ImageOptions("qr", x, y, s, s, false, opt, 0, "")
	return nil
}

// stamp draws the area of the organ's seal: a red dashed circle with its name inside.
func (p page) stamp(cx, cy float64, center, use string) {
	p.f.SetDrawColor(200, 30, 30)
	p.f.SetLineWidth(0.6)
	p.f.SetDashPattern([]float64{1.5, 1}, 0)
	p.f.Circle(cx, cy, 19, "D")
	p.f.SetDashPattern(nil, 0)
	p.f.SetTextColor(200, 30, 30)
	p.f.SetFont(font, "", 7)
	lines := p.wrap(center, 30)
	for i, l := range lines {
		p.f.SetXY(cx-16, cy-9+float64(i)*3.6)
		p.f.CellFormat(32, 3.6, l, "", 0, "C", false, 0, "")
	}
	p.f.SetFont(font, "", 9)
	p.f.SetXY(cx-16, cy+4)
	p.f.CellFormat(32, 5, "("+use+")", "", 0, "C", false, 0, "")
	p.f.SetTextColor(0, 0, 0)
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.2)
}
