package printer

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
)

const sharedProtocols = "../../../../shared/protocols"

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tsv reads label<TAB>hex lines in file order.
func tsv(t *testing.T, name string) (labels []string, values [][]byte) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(readFile(t, name)))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.HasPrefix(k, "#") {
			continue
		}
		labels, values = append(labels, k), append(values, unhex(t, v))
	}
	return labels, values
}

func TestTestdataMatchesShared(t *testing.T) {
	if _, err := os.Stat(sharedProtocols); err != nil {
		t.Skipf("no %s beside the repository", sharedProtocols)
	}
	for _, name := range []string{"escpos-raster-16x4.hex", "escpos-status.tsv", "escpos-ticket.bin", "escpos-ticket.tsv"} {
		shared, err := os.ReadFile(sharedProtocols + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(shared, readFile(t, name)) {
			t.Errorf("testdata/%s differs from the shared vector", name)
		}
	}
}

// TestSampleTicketVector rebuilds the 166-byte text ticket of the protocol notes,
// command by command, and checks each command against its line of the .tsv.
func TestSampleTicketVector(t *testing.T) {
	labels, want := tsv(t, "escpos-ticket.tsv")
	steps := []func(e *Encoder){
		func(e *Encoder) { e.Init() },
		func(e *Encoder) { e.ChineseMode(true) },
		func(e *Encoder) { e.Align(AlignCenter) },
		func(e *Encoder) { e.CharSize(1, 1) },
		func(e *Encoder) { e.Text("示例市政务服务中心"); e.LF() },
		func(e *Encoder) { e.CharSize(3, 3) },
		func(e *Encoder) { e.Text("A023\n") },
		func(e *Encoder) { e.CharSize(1, 1) },
		func(e *Encoder) { e.Text("前面还有 5 人等候\n") },
		nil, nil, nil, nil, nil, // the five QR functions, written by one call below
		func(e *Encoder) { e.Align(AlignLeft) },
		func(e *Encoder) { e.Text("取号时间 2025-01-02 09:30\n") },
		func(e *Encoder) { e.Feed(4) },
		func(e *Encoder) { e.FeedAndCut(true, 0) },
	}
	if len(steps) != len(want) {
		t.Fatalf("%d steps for %d vector lines", len(steps), len(want))
	}
	var all Encoder
	for i := 0; i < len(steps); i++ {
		var e Encoder
		n := 1
		if steps[i] == nil {
			e.QR("https://example.gov.cn/q?t=A023", 6, QRLevelM)
			n = 5
		} else {
			steps[i](&e)
		}
		if err := e.Err(); err != nil {
			t.Fatalf("%s: %v", labels[i], err)
		}
		if w := bytes.Join(want[i:i+n], nil); !bytes.Equal(e.Bytes(), w) {
			t.Errorf("%s: % X\nwant % X", labels[i], e.Bytes(), w)
		}
		all.buf = append(all.buf, e.Bytes()...)
		i += n - 1
	}
	if bin := readFile(t, "escpos-ticket.bin"); !bytes.Equal(all.Bytes(), bin) {
		t.Errorf("whole ticket differs from escpos-ticket.bin (%d vs %d bytes)", len(all.Bytes()), len(bin))
	}
}

func TestRasterVector(t *testing.T) {
	// The vector's rows are AA 55, 55 AA, AA 55, 55 AA.
	b := &Bitmap{Width: 16, Height: 4, Stride: 2, Pix: []byte{0xAA, 0x55, 0x55, 0xAA, 0xAA, 0x55, 0x55, 0xAA}}
	var e Encoder
	e.Raster(b, 0)
	if want := unhex(t, string(readFile(t, "escpos-raster-16x4.hex"))); !bytes.Equal(e.Bytes(), want) {
		t.Errorf("raster % X\nwant   % X", e.Bytes(), want)
	}
	if !b.Black(0, 0) || b.Black(1, 0) || b.Black(0, 1) || !b.Black(15, 0) || b.Black(15, 1) {
		t.Error("MSB is not the leftmost dot")
	}
}

func TestRasterPadsAndBands(t *testing.T) {
	b := NewBitmap(10, 600) // not a multiple of 8: padded, never cut
	b.SetBlack(9, 0)
	b.SetBlack(0, 599)
	if b.Stride != 2 || b.Pix[1] != 0x40 {
		t.Fatalf("stride %d, first row % X", b.Stride, b.Pix[:2])
	}
	var e Encoder
	e.Raster(b, 256)
	out := e.Bytes()
	var rows []int
	for len(out) > 0 {
		if !bytes.HasPrefix(out, []byte{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00}) {
			t.Fatalf("band header % X", out[:min(8, len(out))])
		}
		n := int(out[6]) | int(out[7])<<8
		rows = append(rows, n)
		out = out[8+2*n:]
	}
	if len(rows) != 3 || rows[0] != 256 || rows[1] != 256 || rows[2] != 88 {
		t.Errorf("bands %v, want [256 256 88]", rows)
	}
}

func TestStatusRequestsAndReplies(t *testing.T) {
	labels, vals := tsv(t, "escpos-status.tsv")
	v := map[string][]byte{}
	for i, l := range labels {
		v[l] = vals[i]
	}
	for n, name := range map[byte]string{1: "req_printer", 2: "req_offline_cause", 3: "req_error_cause", 4: "req_paper"} {
		if !bytes.Equal(StatusRequest(n), v[name]) {
			t.Errorf("StatusRequest(%d) = % X, want % X", n, StatusRequest(n), v[name])
		}
	}
	ok := v["rep_printer_online"][0]
	cases := []struct {
		name                    string
		printer, offline, paper byte
		want                    []error
		nearEnd                 bool
	}{
		{"all well", ok, v["rep_offline_none"][0], v["rep_paper_ok"][0], nil, false},
		{"near end prints", ok, v["rep_offline_none"][0], v["rep_paper_near_end"][0], nil, true},
		{"paper out", v["rep_printer_offline"][0], v["rep_offline_paper_end_stop"][0], v["rep_paper_out"][0], []error{ErrPaperOut, ErrOffline}, false},
		{"paper out and near end", v["rep_printer_offline"][0], v["rep_offline_none"][0], v["rep_paper_out_and_near_end"][0], []error{ErrPaperOut}, true},
		{"cover open", v["rep_printer_offline"][0], v["rep_offline_cover_open"][0], v["rep_paper_ok"][0], []error{ErrCoverOpen, ErrOffline}, false},
		{"error", ok, v["rep_offline_error"][0], v["rep_paper_ok"][0], []error{ErrPrinterError}, false},
		{"offline", v["rep_printer_offline"][0], v["rep_offline_none"][0], v["rep_paper_ok"][0], []error{ErrOffline}, false},
	}
	for _, c := range cases {
		s, err := DecodeStatus(c.printer, c.offline, c.paper)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = s.Err()
		if (err == nil) != (len(c.want) == 0) || s.PaperNearEnd != c.nearEnd {
			t.Errorf("%s: err %v, near end %v", c.name, err, s.PaperNearEnd)
		}
		for _, w := range c.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: %v is not %v", c.name, err, w)
			}
		}
		var fe *FaultError
		if len(c.want) > 0 && (!errors.As(err, &fe) || !strings.Contains(err.Error(), strings.TrimPrefix(c.want[0].Error(), "printer: "))) {
			t.Errorf("%s: %v is not a FaultError naming its first fault", c.name, err)
		}
	}
	for _, bad := range []byte{0x00, 0x10, 0x13, 0x92, 0xFF} {
		if _, err := DecodeStatus(bad, 0x12, 0x12); !errors.Is(err, ErrBadStatus) {
			t.Errorf("reply %02X accepted: %v", bad, err)
		}
	}
}

func TestEncoderRejectsBadArguments(t *testing.T) {
	for name, f := range map[string]func(e *Encoder){
		"four-byte GB18030": func(e *Encoder) { e.Text("𠀀") },
		"size 9":            func(e *Encoder) { e.CharSize(9, 1) },
		"align 3":           func(e *Encoder) { e.Align(3) },
		"feed 300":          func(e *Encoder) { e.Feed(300) },
		"QR module 0":       func(e *Encoder) { e.QR("x", 0, QRLevelM) },
		"QR empty":          func(e *Encoder) { e.QR("", 3, QRLevelM) },
	} {
		var e Encoder
		f(&e)
		if !errors.Is(e.Err(), ErrEncode) || len(e.Bytes()) != 0 {
			t.Errorf("%s: err %v, %d bytes", name, e.Err(), len(e.Bytes()))
		}
	}
	var e Encoder
	e.Text("龘") // FD 93 per Python's gb18030 codec
	e.Cut(false)
	e.Bold(true)
	if e.Err() != nil || !bytes.Equal(e.Bytes(), []byte{0xFD, 0x93, 0x1D, 0x56, 0x00, 0x1B, 0x45, 0x01}) {
		t.Errorf("two-byte rare character, cut, bold: % X %v", e.Bytes(), e.Err())
	}
}
