package screens

import (
	"sort"
	"testing"
	"time"
)

// TestCardToTicketLatency measures, with the real server and the simulators, the time
// from the reader handing over a card's data to its ticket on screen (the kiosk's own
// part), and from the card placed on the simulated reader (adding the device's time:
// its poll interval and the serial exchange). It logs the figures; it asserts nothing
// about time, which depends on the machine.
func TestCardToTicketLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("a measurement")
	}
	r := newRig(t, rigOptions{})
	var own, total []time.Duration
	for i := range 5 {
		id := r.takeTicket(r.goToItem("C", "440199-C-001"))
		r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
		// The same card goes down again: wait until the reader has polled the empty field
		// since this screen began reading, as a citizen's lifted hand gives it time to,
		// or it takes the card for the one it read last and never lifted.
		n := r.cards.Served()
		r.waitFor("the reader's poll of the empty field", func() bool { return r.cards.Served() >= n+2 })
		placed := time.Now()
		if err := r.cards.Place("resident"); err != nil {
			t.Fatal(err)
		}
		ts := r.ticket()
		total = append(total, time.Since(placed))
		r.ui.sync(func() { own = append(own, r.k.cardToScreen) })
		r.cards.Remove()
		r.tap(ts.done)
		r.waitScreen("home")
		_ = i
	}
	t.Logf("card data → ticket on screen (kiosk + server): median %v, max %v", median(own), maxOf(own))
	t.Logf("card placed → ticket on screen (with the reader's poll and serial time): median %v, max %v", median(total), maxOf(total))
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func maxOf(d []time.Duration) time.Duration {
	m := d[0]
	for _, x := range d {
		m = max(m, x)
	}
	return m
}
