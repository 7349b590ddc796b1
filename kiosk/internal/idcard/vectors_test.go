package idcard

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedProtocols is the reference folder beside the repository; testdata holds copies.
const sharedProtocols = "../../../../shared/protocols"

// readTSV reads name<TAB>hex lines, skipping comments.
func readTSV(t testing.TB, name string) map[string][]byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]byte{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: bad line %q", name, line)
		}
		out[k] = mustHex(t, v)
	}
	return out
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

func readVector(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(name, ".hex") {
		return mustHex(t, string(b))
	}
	return b
}

// expectedDoc is the part of expected.json the tests use.
type expectedDoc map[string]struct {
	FrameLen int               `json:"frame_len"`
	LenField string            `json:"len_field"`
	Checksum string            `json:"checksum"`
	Detected string            `json:"detected_type"`
	Fields   map[string]string `json:"fields"`
	TextHex  string            `json:"text_hex"`
}

func readExpected(t testing.TB) expectedDoc {
	t.Helper()
	var doc expectedDoc
	b := readVector(t, "expected.json")
	// The "_notes" entry is not a frame; decode frames only.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	doc = expectedDoc{}
	for k, v := range raw {
		if strings.HasPrefix(k, "_") {
			continue
		}
		var e struct {
			FrameLen int               `json:"frame_len"`
			LenField string            `json:"len_field"`
			Checksum string            `json:"checksum"`
			Detected string            `json:"detected_type"`
			Fields   map[string]string `json:"fields"`
			TextHex  string            `json:"text_hex"`
		}
		if err := json.Unmarshal(v, &e); err != nil {
			t.Fatalf("expected.json %s: %v", k, err)
		}
		doc[k] = e
	}
	return doc
}

// TestTestdataMatchesShared guards the copies in testdata against drifting from the
// reference vectors, when the shared folder is there.
func TestTestdataMatchesShared(t *testing.T) {
	if _, err := os.Stat(sharedProtocols); err != nil {
		t.Skipf("no %s beside the repository: %v", sharedProtocols, err)
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, e := range entries {
		shared, err := os.ReadFile(filepath.Join(sharedProtocols, e.Name()))
		if err != nil {
			continue // our own fixture
		}
		local := readVector(t, e.Name())
		if strings.HasSuffix(e.Name(), ".hex") {
			shared = mustHex(t, string(shared))
		}
		if !bytes.Equal(local, shared) {
			t.Errorf("testdata/%s differs from %s", e.Name(), sharedProtocols)
		}
		compared++
	}
	if compared < 7 {
		t.Errorf("compared %d vector files, want at least 7", compared)
	}
}
