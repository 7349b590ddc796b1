package sim

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"onedoor/kiosk/internal/idcard"
)

func vectors(t *testing.T) map[string][]byte {
	t.Helper()
	f, err := os.Open("../testdata/sam-responses.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]byte{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.HasPrefix(k, "#") {
			continue
		}
		b, err := hex.DecodeString(strings.ReplaceAll(v, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		out[k] = b
	}
	return out
}

func newSim(t *testing.T) *Sim {
	t.Helper()
	s, err := New(Config{Cards: SampleCards()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ask(s *Sim, cmd idcard.Command) []byte {
	return s.Answer([]byte{cmd.Code(), cmd.Param()})
}

// TestAnswersMatchVectors checks the simulator byte for byte against the reference
// frames, the read-base answers included (the sample cards are the vectors' people).
func TestAnswersMatchVectors(t *testing.T) {
	v := vectors(t)
	s := newSim(t)
	steps := []struct {
		do   func()
		cmd  idcard.Command
		want []byte
	}{
		{nil, idcard.CmdSAMStatus, v["status_ok"]},
		{nil, idcard.CmdSAMID, v["sam_id_synthetic"]},
		{nil, idcard.CmdFindCard, v["find_fail"]},
		{nil, idcard.CmdSelectCard, v["select_fail"]},
		{func() { _ = s.Place("resident") }, idcard.CmdReadBase, v["read_fail"]},
		{nil, idcard.CmdFindCard, v["find_ok"]},
		{nil, idcard.CmdSelectCard, v["select_ok"]},
		{nil, idcard.CmdReadBase, file(t, "../testdata/read-basic-resident.bin")},
		{nil, idcard.CmdReadNewAddress, v["new_address_synthetic"]},
		{nil, idcard.CmdFindCard, v["find_fail"]}, // the card must leave first
		{func() { _ = s.Place("gat") }, idcard.CmdFindCard, v["find_ok"]},
		{nil, idcard.CmdSelectCard, v["select_ok"]},
		{nil, idcard.CmdReadBase, file(t, "../testdata/read-basic-gat_J.bin")},
		{func() { _ = s.Place("foreign") }, idcard.CmdFindCard, v["find_ok"]},
		{nil, idcard.CmdSelectCard, v["select_ok"]},
		{nil, idcard.CmdReadBaseFP, nil}, // length checked here, bytes below
		{func() { s.Inject(FaultSAM) }, idcard.CmdSAMStatus, v["status_selftest_fail"]},
		{nil, idcard.CmdFindCard, v["status_selftest_fail"]},
		{nil, idcard.CmdResetSAM, v["status_ok"]},
		{nil, idcard.NewCommand(0x60, 0x00), v["command_error"]},
	}
	for i, st := range steps {
		if st.do != nil {
			st.do()
		}
		got := ask(s, st.cmd)
		if st.cmd == idcard.CmdReadBaseFP {
			if len(got) != 1297 {
				t.Errorf("step %d: read with fingerprint gave %d bytes, want 1297", i, len(got))
			}
			continue
		}
		if !bytes.Equal(got, st.want) {
			t.Errorf("step %d (%s): % X\nwant % X", i, st.cmd, head(got), head(st.want))
		}
	}
	// A fingerprint read of the vector's resident matches the no-fingerprint vector.
	_ = s.Place("resident")
	ask(s, idcard.CmdFindCard)
	ask(s, idcard.CmdSelectCard)
	if got, want := ask(s, idcard.CmdReadBaseFP), hexFile(t, "../testdata/read-fp-resident-nofp.hex"); !bytes.Equal(got, want) {
		t.Errorf("read with fingerprint differs from read-fp-resident-nofp.hex")
	}
}

func head(b []byte) []byte { return b[:min(len(b), 24)] }

func file(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hexFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(string(file(t, name))), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFaults(t *testing.T) {
	v := vectors(t)
	s := newSim(t)
	s.Inject(FaultNoAnswer)
	if got := ask(s, idcard.CmdSAMStatus); got != nil {
		t.Errorf("no-answer fault answered % X", got)
	}
	s.Inject(FaultChecksum)
	got := ask(s, idcard.CmdSAMStatus)
	if len(got) != len(v["status_ok"]) || got[len(got)-1] == v["status_ok"][len(got)-1] {
		t.Errorf("checksum fault gave % X", got)
	}
	s.Inject(FaultGarbage)
	got = ask(s, idcard.CmdSAMStatus)
	if !bytes.HasSuffix(got, v["status_ok"]) || len(got) < len(v["status_ok"])+20 {
		t.Errorf("garbage fault gave % X", got)
	}
	if !bytes.Equal(ask(s, idcard.CmdSAMStatus), v["status_ok"]) {
		t.Errorf("faults did not clear after one answer")
	}
}

func TestExec(t *testing.T) {
	s := newSim(t)
	for _, tc := range []struct{ in, out, err string }{
		{"cards", "resident elder gat foreign foreign2023 badcheck", ""},
		{"status", "no card", ""},
		{"place gat", "placed gat", ""},
		{"status", "card gat, read: false", ""},
		{"fault garbage", "fault garbage queued", ""},
		{"fault fire", "", "unknown fault"},
		{"place nobody", "", "no card"},
		{"remove", "removed", ""},
		{"dance", "", "unknown command"},
		{"", "", ""},
	} {
		out, err := s.Exec(tc.in)
		if out != tc.out || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Exec(%q) = %q, %v; want %q, %q", tc.in, out, err, tc.out, tc.err)
		}
	}
}

func TestNewRejectsBadCards(t *testing.T) {
	for _, cards := range [][]CardSpec{
		{{Key: "a", Type: "resident"}, {Key: "a", Type: "J"}},
		{{Key: "", Type: "resident"}},
		{{Key: "x", Type: "Q"}},
		{{Key: "x", Type: "I", Fields: map[string]string{"nation": "01"}}},
		{{Key: "x", Type: "resident", PhotoBase64: "!!"}},
	} {
		if _, err := New(Config{Cards: cards}); err == nil {
			t.Errorf("New accepted %+v", cards)
		}
	}
	if _, err := ReadCards(strings.NewReader(`{"cards":[{"key":"a","colour":"red"}]}`)); err == nil {
		t.Error("ReadCards accepted an unknown field")
	}
}
