package xsoak

import (
	"regexp"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestFindReturnsTheButtonOnScreen(t *testing.T) {
	test.NewTempApp(t)
	tapped := ""
	hidden := widget.NewButton("取号", func() { tapped = "hidden" })
	hidden.Hide()
	take := widget.NewButton("取号", func() { tapped = "take" })
	skip := widget.NewButton("不刷证,直接取号", func() { tapped = "skip" })
	w := test.NewWindow(container.NewVBox(widget.NewLabel("12:34:56"), hidden, skip, take))
	w.Resize(fyne.NewSize(400, 300))
	defer w.Close()

	got, err := Find(w.Canvas(), 100, 50, "取号")
	if err != nil {
		t.Fatal(err)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(take)
	if wantX, wantY := 100+int(pos.X+take.Size().Width/2), 50+int(pos.Y+take.Size().Height/2); got.X != wantX || got.Y != wantY {
		t.Fatalf("at (%d,%d), want the take button's centre (%d,%d)", got.X, got.Y, wantX, wantY)
	}
	test.Tap(got.Obj)
	if tapped != "take" {
		t.Fatalf("tapped %q, want the shortest visible match", tapped)
	}
	if _, err := Find(w.Canvas(), 0, 0, "完成"); err == nil {
		t.Fatal("found a button that is not there")
	}
	r, ok := Bounds(w.Canvas(), 0, 0, regexp.MustCompile(`\d\d:\d\d:\d\d`))
	if !ok || r.X1 <= r.X0 || r.Y1 <= r.Y0 {
		t.Fatalf("clock bounds %+v %v", r, ok)
	}
}
