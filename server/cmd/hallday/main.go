// Command hallday replays simulated service days through the hall's own rules
// (queue.Hall on a simulated clock: a morning peak, the lunch dip and lunch breaks, the
// catalog's mix, windows limited to categories, priority claims, no-shows, visits of
// random length) and measures the waits tickets were quoted at issue against the waits
// they had: the forecast's mean absolute error and the share called inside the quoted
// range, beside the old lane estimate's error, by hour of issue.
//
//	hallday -days 5 -seed 1
//	hallday -json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"onedoor/assets"
	"onedoor/internal/queue"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hallday", flag.ContinueOnError)
	fs.SetOutput(stderr)
	days := fs.Int("days", 5, "days to simulate (seeds seed … seed+days-1)")
	seed := fs.Uint64("seed", 1, "first seed")
	scale := fs.Float64("scale", 1, "arrival rates times this (1: about 360 visitors a day)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	noHours := fs.Bool("no-hours", false, "run as a hall that configured no opening hours or breaks")
	cold := fs.Bool("cold", false, "start every day as a new hall, no service times measured (default: each day keeps the statistics of the day before, as a server does)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *days < 1 || *scale <= 0 {
		fmt.Fprintln(stderr, "hallday: -days must be at least 1 and -scale above 0")
		return 2
	}
	r, err := Measure(*days, *seed, *scale, !*noHours, *cold)
	if err != nil {
		fmt.Fprintln(stderr, "hallday:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(stderr, "hallday:", err)
			return 1
		}
		return 0
	}
	r.Print(stdout)
	return 0
}

// Report is the measure of the days: by hour of issue over every category, by category
// over the day, and the whole.
type Report struct {
	Days     int              `json:"days"`
	Tickets  int              `json:"tickets"`
	ByHour   []queue.Accuracy `json:"by_hour"`
	ByCat    []queue.Accuracy `json:"by_category"`
	Overall  queue.Accuracy   `json:"overall"`
	Simulate time.Duration    `json:"simulate_ns"`
}

// Measure simulates days and measures their quotes together; withHours gives the
// center the day's opening hours and lunch breaks, as a hall configures them; cold has
// every day start as a new hall, with no service times measured.
func Measure(days int, seed uint64, scale float64, withHours, cold bool) (Report, error) {
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		return Report{}, err
	}
	if withHours {
		cat.Center.Hours = planHours()
		if err := cat.Validate(); err != nil {
			return Report{}, fmt.Errorf("the day's hours: %w", err)
		}
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return Report{}, err
	}
	start := time.Now()
	var all, pooled []*queue.Ticket
	// The hall's statistics carry over from day to day, as a server's do (they are kept
	// with the hall, not reset at the day's start): the first day starts from a day
	// before it that is not measured. cold starts every day as a new hall.
	var before *queue.Hall
	if !cold {
		before, err = Run(cat, loc, Day{Seed: seed + uint64(days), Scale: scale, Date: time.Date(2026, 11, 20, 0, 0, 0, 0, loc)})
		if err != nil {
			return Report{}, fmt.Errorf("the day before: %w", err)
		}
	}
	for i := range days {
		date := time.Date(2026, 11, 23+i%5, 0, 0, 0, 0, loc) // weekdays
		h, err := Run(cat, loc, Day{Seed: seed + uint64(i), Scale: scale, Date: date, Before: before})
		if err != nil {
			return Report{}, fmt.Errorf("day %d: %w", i+1, err)
		}
		if !cold {
			before = h
		}
		for _, t := range h.Tickets {
			all = append(all, t)
			c := *t
			c.Category = "all"
			pooled = append(pooled, &c)
		}
	}
	r := Report{Days: days, Tickets: len(all), Simulate: time.Since(start)}
	for _, a := range queue.MeasureQuotes(pooled, loc) {
		if a.Hour == -1 {
			r.Overall = a
		} else {
			r.ByHour = append(r.ByHour, a)
		}
	}
	for _, a := range queue.MeasureQuotes(all, loc) {
		if a.Hour == -1 {
			r.ByCat = append(r.ByCat, a)
		}
	}
	return r, nil
}

// Print writes the report as tables, waits in minutes.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%d simulated days, %d tickets\n\n", r.Days, r.Tickets)
	fmt.Fprintf(w, "%-8s %6s %10s %13s %12s %10s\n", "hour", "n", "mean wait", "forecast MAE", "old MAE", "in range")
	row := func(name string, a queue.Accuracy) {
		fmt.Fprintf(w, "%-8s %6d %8.1f m %11.1f m %10.1f m %9.0f %%\n", name, a.N, a.MeanWaitS/60, a.MAES/60, a.NaiveMAES/60, 100*a.InRange)
	}
	for _, a := range r.ByHour {
		row(fmt.Sprintf("%02d:00", a.Hour), a)
	}
	row("day", r.Overall)
	fmt.Fprintln(w)
	for _, a := range r.ByCat {
		row(a.Category, a)
	}
}
