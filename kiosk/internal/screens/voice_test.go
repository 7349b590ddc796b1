package screens

import (
	"slices"
	"sync"
	"testing"
)

// fakeGuide records the clips the kiosk asks for.
type fakeGuide struct {
	mu    sync.Mutex
	clips []string
}

func (g *fakeGuide) Say(clip, lang string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.clips = append(g.clips, lang+"/"+clip)
}

func (g *fakeGuide) said() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.clips)
}

// TestGuideAtTheRightScreens walks a visit and checks the clip each screen asks for:
// "choose a service" on a category's list, "place your ID card" when the reader waits
// for it, "take your ticket" once it is printed, in the language of the screen; and
// nothing at all when the hall muted the guidance.
func TestGuideAtTheRightScreens(t *testing.T) {
	g := &fakeGuide{}
	r := newRig(t, rigOptions{guide: g})
	s := r.goToItem("C", "440199-C-001")
	if got, want := g.said(), []string{"zh/choose"}; !slices.Equal(got, want) {
		t.Fatalf("after a category: %q, want %q", got, want)
	}
	id := r.takeTicket(s)
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if got, want := g.said(), []string{"zh/choose", "zh/place_card"}; !slices.Equal(got, want) {
		t.Fatalf("on the identity screen: %q, want %q", got, want)
	}
	if err := r.cards.Place("resident"); err != nil {
		t.Fatal(err)
	}
	ts := r.ticket()
	r.waitFor("the print", func() bool { return ts.printed })
	if got, want := g.said(), []string{"zh/choose", "zh/place_card", "zh/take_ticket"}; !slices.Equal(got, want) {
		t.Fatalf("after printing: %q, want %q", got, want)
	}

	muted := &fakeGuide{}
	r = newRig(t, rigOptions{guide: muted, guideMute: true})
	id = r.takeTicket(r.goToItem("C", "440199-C-001"))
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if got := muted.said(); len(got) != 0 {
		t.Errorf("the muted guidance said %q", got)
	}
}
