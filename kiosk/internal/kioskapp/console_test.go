package kioskapp

import (
	"context"
	"strings"
	"testing"
)

type fakeSim struct{ got []string }

func (f *fakeSim) Exec(line string) (string, error) {
	f.got = append(f.got, line)
	return "ok " + line, nil
}

// TestConsoleRoutesCommands sends printer commands to the printer simulator and the
// rest to the card reader's.
func TestConsoleRoutesCommands(t *testing.T) {
	cards, printer := &fakeSim{}, &fakeSim{}
	var out strings.Builder
	in := strings.NewReader("place elder\npaper out\nremove\ncover open\npaper ok\nprinted\n")
	if err := console(context.Background(), in, &out, cards, printer); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cards.got, "|"); got != "place elder|remove" {
		t.Errorf("cards got %q", got)
	}
	if got := strings.Join(printer.got, "|"); got != "paper out|cover open|paper ok|printed" {
		t.Errorf("printer got %q", got)
	}
	if !strings.Contains(out.String(), "ok paper out") {
		t.Errorf("replies: %q", out.String())
	}
}
