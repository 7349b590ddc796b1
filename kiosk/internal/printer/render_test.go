package printer

import (
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"onedoor/assets"
)

// sampleTicket is a ticket of a fictional centre.
func sampleTicket() Ticket {
	return Ticket{
		Center:   "示例市政务服务中心",
		Number:   "A023",
		Item:     "社会保障卡补办",
		Ahead:    5,
		Wait:     14*time.Minute + 20*time.Second,
		Issued:   time.Date(2025, 1, 2, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)),
		TrackURL: "https://example.gov.cn/q?t=A023",
		Note:     "请携带：本人身份证原件、社保卡挂失证明。过号请重新取号。",
	}
}

func newRenderer(t testing.TB, width int) *Renderer {
	t.Helper()
	r, err := NewRenderer(width, assets.FontTTF)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// savePNG writes img where the environment variable TICKET_PNG_DIR says, for people
// to look at; without it, nothing is written.
func savePNG(t testing.TB, name string, img image.Image) {
	dir := os.Getenv("TICKET_PNG_DIR")
	if dir == "" {
		return
	}
	f, err := os.Create(dir + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestRenderLooks(t *testing.T) {
	for _, w := range []int{Width80mm, Width58mm} {
		p, err := newRenderer(t, w).Render(sampleTicket())
		if err != nil {
			t.Fatal(err)
		}
		savePNG(t, map[int]string{Width80mm: "ticket-80mm.png", Width58mm: "ticket-58mm.png"}[w], FromGray(p.Image, 128).Gray())
	}
}

// inked counts the black dots of a bitmap inside r.
func inked(b *Bitmap, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if b.Black(x, y) {
				n++
			}
		}
	}
	return n
}

func TestRenderAreas(t *testing.T) {
	for _, w := range []int{Width80mm, Width58mm} {
		p, err := newRenderer(t, w).Render(sampleTicket())
		if err != nil {
			t.Fatal(err)
		}
		if p.Image.Rect.Dx() != w || len(p.Missing) != 0 {
			t.Fatalf("width %d, missing %q", p.Image.Rect.Dx(), p.Missing)
		}
		bm := FromGray(p.Image, 128)
		order := []string{"center", "number", "item", "ahead", "qr", "issued", "note"}
		prev := image.Rectangle{}
		for _, name := range order {
			a, ok := p.Areas[name]
			if !ok {
				t.Fatalf("%d dots: no %s area", w, name)
			}
			if !a.In(p.Image.Rect) || a.Min.Y < prev.Max.Y {
				t.Errorf("%d dots: %s area %v outside the page or above the previous one %v", w, name, a, prev)
			}
			if inked(bm, a) == 0 {
				t.Errorf("%d dots: %s area is blank", w, name)
			}
			prev = a
		}
		if h := p.Areas["number"].Dy(); h < w/5 {
			t.Errorf("%d dots: number only %d dots high", w, h)
		}
		qr := p.Areas["qr"]
		if qr.Dx() != qr.Dy() || inked(bm, image.Rect(qr.Min.X, qr.Min.Y, qr.Max.X, qr.Min.Y+qr.Dy()/12)) != 0 {
			t.Errorf("%d dots: QR %v not square or without its quiet zone", w, qr)
		}
	}
}

func TestRenderFitsLongNumberAndReportsMissingGlyphs(t *testing.T) {
	r := newRenderer(t, Width58mm)
	tk := sampleTicket()
	tk.Number = "VIP-012345"
	tk.Note = "笑脸 😀 不在字库"
	tk.Ahead, tk.Wait, tk.TrackURL, tk.Issued = 0, 0, "", time.Time{}
	p, err := r.Render(tk)
	if err != nil {
		t.Fatal(err)
	}
	if a := p.Areas["number"]; a.Min.X < 0 || a.Max.X > Width58mm {
		t.Errorf("number %v overflows the paper", a)
	}
	if len(p.Missing) != 1 || p.Missing[0] != '😀' {
		t.Errorf("missing %q, want the emoji", p.Missing)
	}
	if _, ok := p.Areas["qr"]; ok {
		t.Error("a QR code without a URL")
	}
	if _, err := r.Render(Ticket{Center: "x"}); err != ErrNoNumber {
		t.Errorf("no number: %v", err)
	}
}

func TestWrap(t *testing.T) {
	r := newRenderer(t, Width58mm)
	face := r.face(24)
	for _, tc := range []struct {
		in  string
		max int
	}{
		{"请携带：本人身份证原件、户口簿、社保卡挂失证明，以及近期一寸免冠照片两张。", 300},
		{"Please bring your ID card and the residence booklet", 200},
		{"一\n二", 300},
	} {
		lines := wrap(face, tc.in, tc.max)
		if strings.Join(lines, "") != strings.NewReplacer(" ", "", "\n", "").Replace(tc.in) &&
			strings.Join(lines, " ") != strings.ReplaceAll(tc.in, "\n", " ") {
			t.Errorf("wrap lost text: %q", lines)
		}
		for _, l := range lines {
			if width(face, l) > tc.max+width(face, "，") {
				t.Errorf("line %q is %d dots, max %d", l, width(face, l), tc.max)
			}
			if l != "" && strings.ContainsRune(noLineStart, []rune(l)[0]) {
				t.Errorf("line %q starts with closing punctuation", l)
			}
		}
		if strings.HasPrefix(tc.in, "Please") {
			for _, l := range lines {
				for _, word := range strings.Fields(l) {
					if !strings.Contains(" "+tc.in+" ", " "+word+" ") {
						t.Errorf("word split: %q", word)
					}
				}
			}
		}
	}
}

func TestAheadLines(t *testing.T) {
	for _, tc := range []struct {
		ahead     int
		wait, max time.Duration
		none      bool
		zh, en    string
	}{
		{0, 0, 0, false, "前面没有人等候，请留意叫号", "You are next"},
		{1, 30 * time.Second, 0, false, "前面还有 1 人等候，预计等待约 1 分钟", "1 person ahead of you · about 1 min"},
		{12, 90 * time.Minute, 0, false, "前面还有 12 人等候，预计等待约 1 小时 30 分钟", "12 people ahead of you · about 1 h 30 min"},
		{40, 2 * time.Hour, 0, false, "前面还有 40 人等候，预计等待约 2 小时", "40 people ahead of you · about 2 h 00 min"},
		{6, 12*time.Minute + 40*time.Second, 19*time.Minute + 10*time.Second, false, "前面还有 6 人等候，预计等待约 12–20 分钟", "6 people ahead of you · about 12–20 min"},
		{1, 4 * time.Minute, 4*time.Minute + 20*time.Second, false, "前面还有 1 人等候，预计等待约 4–5 分钟", "1 person ahead of you · about 4–5 min"},
		{2, 3 * time.Minute, 3 * time.Minute, false, "前面还有 2 人等候，预计等待约 3 分钟", "2 people ahead of you · about 3 min"},
		{3, 0, 0, true, "前面还有 3 人等候，暂无窗口办理此类业务，请留意叫号", "3 people ahead of you · no window serves this now"},
	} {
		zh, en := Ticket{Ahead: tc.ahead, Wait: tc.wait, WaitMax: tc.max, NoWindow: tc.none}.aheadLines()
		if zh != tc.zh || en != tc.en {
			t.Errorf("%d/%v: %q %q", tc.ahead, tc.wait, zh, en)
		}
	}
}
