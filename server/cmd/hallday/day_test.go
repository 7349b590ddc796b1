package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"onedoor/assets"
	"onedoor/internal/queue"
)

// TestDayRunsOutAndIsMeasured: a simulated day ends with nobody left waiting or at a
// window, every ticket quoted at issue, and the report holds each hour of the day and a
// forecast that beats the old estimate over it.
func TestDayRunsOutAndIsMeasured(t *testing.T) {
	r, err := Measure(2, 3, 1, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tickets < 500 || len(r.ByHour) != 8 || r.Overall.N < r.Tickets*8/10 {
		t.Fatalf("report %d tickets, %d hours, %d measured", r.Tickets, len(r.ByHour), r.Overall.N)
	}
	if r.Overall.MAES >= r.Overall.NaiveMAES || r.Overall.InRange <= 0 {
		t.Fatalf("forecast error %.0f s, old %.0f s, in range %.2f", r.Overall.MAES, r.Overall.NaiveMAES, r.Overall.InRange)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{"09:00", "16:00", "forecast MAE", "SSDJ"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestDaysKeepTheHallsStatistics: a day starts with the service times and the calls'
// ends the day before measured, as a server's hall keeps them; the days themselves (who
// comes, who is called when) are the same whether or not, only the quotes differ.
func TestDaysKeepTheHallsStatistics(t *testing.T) {
	cat := mustCatalog(t)
	before, err := Run(cat, shanghai(t), Day{Seed: 4, Scale: 1, Date: day(t).AddDate(0, 0, -1)})
	if err != nil {
		t.Fatal(err)
	}
	warm, err := Run(cat, shanghai(t), Day{Seed: 9, Scale: 1, Date: day(t), Before: before})
	if err != nil {
		t.Fatal(err)
	}
	cold, err := Run(cat, shanghai(t), Day{Seed: 9, Scale: 1, Date: day(t)})
	if err != nil {
		t.Fatal(err)
	}
	if before.Visits.N == 0 || warm.Visits.N <= before.Visits.N || warm.Stats["SSDJ"].N <= before.Stats["SSDJ"].N {
		t.Fatalf("visits %d then %d, SSDJ timed %d then %d: the day did not go on from the day before",
			before.Visits.N, warm.Visits.N, before.Stats["SSDJ"].N, warm.Stats["SSDJ"].N)
	}
	same := 0
	for id, w := range warm.Tickets {
		c := cold.Tickets[id]
		if c == nil || !c.CalledAt.Equal(w.CalledAt) || c.Window != w.Window {
			t.Fatalf("ticket %s was called differently: the statistics changed the day", id)
		}
		if *c.Quote == *w.Quote {
			same++
		}
	}
	if same == len(warm.Tickets) {
		t.Fatalf("%d of %d quotes the same: the day before's statistics were not used", same, len(warm.Tickets))
	}
}

func TestEveryTicketEnds(t *testing.T) {
	cat := mustCatalog(t)
	h, err := Run(cat, shanghai(t), Day{Seed: 9, Scale: 1, Date: day(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range h.Tickets {
		if tk.State != queue.Done && tk.State != queue.Missed {
			t.Fatalf("ticket %s ended the day %s", tk.Number, tk.State)
		}
		if tk.Quote == nil {
			t.Fatalf("ticket %s was issued without a quote", tk.Number)
		}
	}
	if h.Queue.Len() != 0 {
		t.Fatalf("%d still waiting at the end of the day", h.Queue.Len())
	}
}

func mustCatalog(t *testing.T) *queue.Catalog {
	t.Helper()
	c, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func day(t *testing.T) time.Time { return time.Date(2026, 11, 24, 0, 0, 0, 0, shanghai(t)) }
