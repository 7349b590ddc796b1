package queue

import (
	"strings"
	"testing"
)

// acceptanceItem is a checklist with one required material (r), one 容缺 material that
// may follow within 5 working days (f) and one optional material (o).
func acceptanceCatalog(t *testing.T) *Catalog {
	t.Helper()
	h := newTestHall(t, DefaultPolicy())
	it, ok := h.Catalog.Item("440199-A-001")
	if !ok {
		t.Fatal("no item A-001")
	}
	it.Materials = []Material{
		{Code: "r", NameZh: "申请书", NameEn: "Form", Form: FormOriginal, Copies: 1, Required: true, Note: "签名"},
		{Code: "f", NameZh: "场所证明", NameEn: "Premises", Form: FormCopy, Copies: 1, Required: true, FollowDays: 5},
		{Code: "o", NameZh: "委托书", NameEn: "Power of attorney", Form: FormOriginal, Copies: 1},
	}
	it.SupplementDays = 10
	it.Grounds = []Ground{{Code: "g1", TextZh: "不属于本机关职权范围", Basis: "《中华人民共和国行政许可法》第三十二条第一款第(二)项"}}
	return h.Catalog
}

func TestFinishVisitAcceptanceTable(t *testing.T) {
	states := []MaterialState{MatReceived, MatMissing, MatDefective}
	for _, r := range states {
		for _, f := range states {
			for _, o := range states {
				for _, out := range []Outcome{Accepted, Supplement} {
					name := string(r) + "/" + string(f) + "/" + string(o) + "/" + string(out)
					t.Run(name, func(t *testing.T) {
						h := newTestHall(t, DefaultPolicy())
						h.Catalog = acceptanceCatalog(t)
						h.issue("440199-A-001", "")
						h.must(h.Call(1, "c", h.now))
						h.must(h.Start(1, "c", h.now))
						marks := []MaterialMark{mark("r", r), mark("f", f), mark("o", o)}
						evs, err := h.FinishVisit(1, "c", Finishing{Outcome: out, Marks: marks}, h.now)
						wantErr := Code("")
						switch {
						case out == Accepted && r != MatReceived:
							wantErr = Conflict
						case out == Supplement && r == MatReceived && f == MatReceived && o != MatDefective:
							wantErr = Invalid
						}
						if ErrorCode(err) != wantErr {
							t.Fatalf("err %v, want code %q", err, wantErr)
						}
						if err != nil {
							if wantErr == Conflict && !strings.Contains(err.Error(), "r 申请书") {
								t.Errorf("the refusal does not name the missing material: %v", err)
							}
							return
						}
						ev := evs[0]
						if out == Accepted {
							follows := f != MatReceived
							if got := len(ev.Case.Awaiting) == 1; got != follows {
								t.Fatalf("awaiting %v, want the 容缺 material: %v", ev.Case.Awaiting, follows)
							}
							if follows && (ev.Case.Awaiting[0].Code != "f" || ev.Case.Awaiting[0].Due == "") {
								t.Errorf("awaiting %+v", ev.Case.Awaiting)
							}
						}
						if out == Supplement && ev.Due == "" {
							t.Error("a notice to supplement without its deadline")
						}
						for _, d := range ev.Defective {
							if d.Problem == "" {
								t.Errorf("defective %s without its problem", d.Code)
							}
							if d.Code == "r" && d.Fix != "签名" {
								t.Errorf("defective r fix %q, want the checklist's note", d.Fix)
							}
						}
					})
				}
			}
		}
	}
}

func mark(code string, s MaterialState) MaterialMark {
	m := MaterialMark{Code: code, State: s}
	if s == MatDefective {
		m.Problem = "复印件不清晰"
	}
	return m
}

func TestFinishVisitRejectionBasis(t *testing.T) {
	cases := []struct {
		f         Finishing
		wantErr   Code
		wantBasis string
	}{
		{Finishing{Outcome: Rejected, Ground: "g1"}, "", "《中华人民共和国行政许可法》第三十二条第一款第(二)项"},
		{Finishing{Outcome: Rejected, Reason: "已过申请期限", Basis: "《某条例》第五条"}, "", "《某条例》第五条"},
		{Finishing{Outcome: Rejected, Reason: "理由"}, Invalid, ""},
		{Finishing{Outcome: Rejected, Ground: "nope"}, Invalid, ""},
		{Finishing{Outcome: Rejected, Basis: "《某条例》"}, Invalid, ""},
		{Finishing{Outcome: Accepted, Marks: []MaterialMark{{Code: "r", State: MatDefective}}}, Invalid, ""},
		{Finishing{Outcome: Accepted, Marks: []MaterialMark{{Code: "r", State: "lost"}}}, Invalid, ""},
		{Finishing{Outcome: Accepted, Received: []string{"r"}, Marks: []MaterialMark{{Code: "r", State: MatReceived}}}, Invalid, ""},
	}
	for i, c := range cases {
		h := newTestHall(t, DefaultPolicy())
		h.Catalog = acceptanceCatalog(t)
		h.issue("440199-A-001", "")
		h.must(h.Call(1, "c", h.now))
		h.must(h.Start(1, "c", h.now))
		evs, err := h.FinishVisit(1, "c", c.f, h.now)
		if ErrorCode(err) != c.wantErr {
			t.Fatalf("case %d: %v, want %q", i, err, c.wantErr)
		}
		if err == nil && c.f.Outcome == Rejected && (evs[0].Basis != c.wantBasis || evs[0].Reason == "") {
			t.Errorf("case %d: basis %q reason %q", i, evs[0].Basis, evs[0].Reason)
		}
	}
}
