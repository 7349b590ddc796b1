package main

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"onedoor/internal/queue"
)

// Day is the shape of a simulated service day.
type Day struct {
	Seed uint64
	// Scale multiplies every arrival rate (1: about 360 visitors, the peak a little over
	// what the open windows serve, so waits build up to half an hour and drain).
	Scale float64
	Date  time.Time // the day, in the hall's zone
	// Before is the hall at the end of the day before, whose service-time statistics
	// and pauses the day starts with, as a server's hall keeps them; nil: a new hall's.
	Before *queue.Hall
}

// category is one category of the day's mix: its share of arrivals, one of its items,
// and its mean service time.
type category struct {
	code  string
	item  string
	share float64
	mean  time.Duration
}

// mix is the catalog's categories as a comprehensive hall sees them.
var mix = []category{
	{"SSDJ", "440199-A-001", 0.20, 9 * time.Minute},
	{"SCJG", "440199-B-001", 0.08, 7 * time.Minute},
	{"RSSB", "440199-C-001", 0.17, 6 * time.Minute},
	{"YLBZ", "440199-D-001", 0.10, 5 * time.Minute},
	{"HZGA", "440199-E-001", 0.15, 8 * time.Minute},
	{"BDCDJ", "440199-F-001", 0.12, 14 * time.Minute},
	{"ZFGJJ", "440199-G-001", 0.08, 6 * time.Minute},
	{"SWFW", "440199-K-001", 0.10, 10 * time.Minute},
}

// arrivals is the arrival rate per hour by the hour of the day: a morning peak, the
// lunch dip, a smaller afternoon peak, a quiet last hour.
var arrivals = map[int]float64{9: 62, 10: 70, 11: 55, 12: 24, 13: 30, 14: 52, 15: 46, 16: 26}

// windowPlan is a window and the hours it is open: (open, pause at, resume at, close).
type windowPlan struct {
	n          int
	categories []string
	open       [4]float64 // hours of the day; pause == resume: no lunch break
}

var plan = []windowPlan{
	{1, nil, [4]float64{9, 12, 13.5, 17}},
	{2, nil, [4]float64{9, 12, 13.5, 17}},
	{3, nil, [4]float64{9, 12.5, 14, 17}},
	{4, nil, [4]float64{9, 12.5, 14, 17}},
	{5, nil, [4]float64{9, 17, 17, 17}}, // 午间不打烊
	{6, nil, [4]float64{10, 17, 17, 16}},
	{7, []string{"BDCDJ"}, [4]float64{9, 12, 14, 17}},
	{8, []string{"SCJG", "SSDJ"}, [4]float64{9, 12, 13, 17}},
}

// planHours are the day's plan as the center's configured hours: 09:00–17:00 and each
// window's lunch break (the forecast counts on them, as a hall that configured them).
func planHours() *queue.Hours {
	hm := func(h float64) string { return fmt.Sprintf("%02d:%02d", int(h), int(h*60)%60) }
	hs := &queue.Hours{Open: "09:00", Close: "17:00"}
	for _, p := range plan {
		if p.open[1] < p.open[2] {
			hs.Breaks = append(hs.Breaks, queue.Break{From: hm(p.open[1]), To: hm(p.open[2]), Windows: []int{p.n}})
		}
	}
	return hs
}

// event is a moment of the simulation.
type event struct {
	at   time.Time
	kind int // evArrive, evFree, evPlan
	n    int // window
	what string
}

const (
	evPlan = iota
	evFree
	evArrive
)

type events []event

func (e events) Len() int { return len(e) }
func (e events) Less(i, j int) bool {
	if !e[i].at.Equal(e[j].at) {
		return e[i].at.Before(e[j].at)
	}
	return e[i].kind < e[j].kind
}
func (e events) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *events) Push(x any)   { *e = append(*e, x.(event)) }
func (e *events) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}

// sim runs one day through a Hall.
type sim struct {
	h    *queue.Hall
	r    *rand.Rand
	q    events
	busy map[int]bool
	ids  int
}

// Run simulates the day and returns the hall at its end, every ticket in it.
func Run(cat *queue.Catalog, loc *time.Location, d Day) (*queue.Hall, error) {
	s := &sim{h: queue.NewHall(cat, loc, queue.DefaultPolicy()), r: rand.New(rand.NewPCG(d.Seed, 1)), busy: map[int]bool{}}
	if d.Before != nil { // the hall's statistics as the days before left them
		for c, m := range d.Before.Stats {
			cp := *m
			s.h.Stats[c] = &cp
		}
		s.h.Pauses, s.h.Visits = d.Before.Pauses, d.Before.Visits
	}
	day := time.Date(d.Date.Year(), d.Date.Month(), d.Date.Day(), 0, 0, 0, 0, loc)
	at := func(hours float64) time.Time { return day.Add(time.Duration(hours * float64(time.Hour))) }
	s.apply(s.h.Rollover(at(8)))
	for _, p := range plan {
		if _, err := s.decide(s.h.CreateWindow(queue.Window{Number: p.n, Name: fmt.Sprintf("%d号窗口", p.n), Kind: queue.Comprehensive, Categories: p.categories}, at(8))); err != nil {
			return nil, err
		}
		heap.Push(&s.q, event{at: at(p.open[0]), kind: evPlan, n: p.n, what: "open"})
		if p.open[1] < p.open[2] {
			heap.Push(&s.q, event{at: at(p.open[1]), kind: evPlan, n: p.n, what: "pause"})
			heap.Push(&s.q, event{at: at(p.open[2]), kind: evPlan, n: p.n, what: "open"})
		}
		heap.Push(&s.q, event{at: at(p.open[3]), kind: evPlan, n: p.n, what: "close"})
	}
	// arrivals: a Poisson process whose rate changes by the hour, none after 16:30
	for hour := 9; hour < 17; hour++ {
		rate := arrivals[hour] * d.Scale
		for t := at(float64(hour)); ; {
			t = t.Add(time.Duration(s.r.ExpFloat64() / rate * float64(time.Hour)))
			if t.Hour() != hour || !t.Before(at(16.5)) {
				break
			}
			heap.Push(&s.q, event{at: t, kind: evArrive})
		}
	}
	for s.q.Len() > 0 {
		ev := heap.Pop(&s.q).(event)
		if err := s.handle(ev); err != nil {
			return nil, fmt.Errorf("%s at %s: %w", ev.what, ev.at.Format("15:04:05"), err)
		}
	}
	return s.h, nil
}

func (s *sim) handle(ev event) error {
	switch ev.kind {
	case evArrive:
		return s.arrive(ev.at)
	case evFree:
		s.busy[ev.n] = false
		if ev.what == "finish" {
			if _, err := s.decide(s.h.Finish(ev.n, "c", queue.Completed, nil, "", ev.at)); err != nil {
				return err
			}
		}
		return s.callAt(ev.n, ev.at)
	}
	return s.plan(ev)
}

// plan opens, pauses or closes a window as the day's plan says; a window with a visit
// under way finishes it first (its free event comes later and does what is due then).
func (s *sim) plan(ev event) error {
	w := s.h.Windows[ev.n]
	var err error
	switch ev.what {
	case "open":
		_, err = s.decide(s.h.OpenWindow(ev.n, "c", ev.at))
		if err == nil {
			return s.callAt(ev.n, ev.at)
		}
	case "pause":
		_, err = s.decide(s.h.PauseWindow(ev.n, "c", "午休", ev.at))
	case "close":
		if w.Current != "" {
			heap.Push(&s.q, event{at: ev.at.Add(time.Minute), kind: evPlan, n: ev.n, what: "close"})
			return nil
		}
		_, err = s.decide(s.h.CloseWindow(ev.n, "c", ev.at))
	}
	return err
}

// arrive issues a ticket of the day's mix, and wakes idle windows.
func (s *sim) arrive(at time.Time) error {
	c := s.pick()
	prio := ""
	if s.r.Float64() < 0.06 {
		prio = []string{"military", "disabled", "pregnant"}[s.r.IntN(3)]
	}
	s.ids++
	if _, _, err := s.decideIssue(queue.IssueCmd{ID: fmt.Sprintf("t%05d", s.ids), Item: c.item, Priority: prio, Source: "kiosk-1"}, at); err != nil {
		return err
	}
	for _, n := range s.h.WindowNumbers() {
		if !s.busy[n] {
			if err := s.callAt(n, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// callAt has window n call when it is open and free; the visit's length is drawn from a
// lognormal about its category's mean (coefficient of variation 0.6); 4 % do not come.
func (s *sim) callAt(n int, at time.Time) error {
	w := s.h.Windows[n]
	if s.busy[n] || w.State != queue.WinOpen || w.Current != "" {
		return nil
	}
	evs, err := s.decide(s.h.Call(n, "c", at))
	if err != nil || len(evs) == 0 {
		return err
	}
	t := evs[0].Ticket
	s.busy[n] = true
	if s.r.Float64() < 0.04 {
		if _, err := s.decide(s.h.NoShow(n, "c", at.Add(2*time.Minute))); err != nil {
			return err
		}
		heap.Push(&s.q, event{at: at.Add(2 * time.Minute), kind: evFree, n: n, what: "no-show"})
		return nil
	}
	mean := s.meanOf(t.Category)
	const cv = 0.6
	sigma := math.Sqrt(math.Log(1 + cv*cv))
	mu := math.Log(mean.Seconds()) - sigma*sigma/2
	d := time.Duration(math.Exp(mu+sigma*s.r.NormFloat64()) * float64(time.Second))
	d = max(d, 30*time.Second)
	if _, err := s.decide(s.h.Start(n, "c", at.Add(time.Second))); err != nil {
		return err
	}
	heap.Push(&s.q, event{at: at.Add(d), kind: evFree, n: n, what: "finish"})
	return nil
}

func (s *sim) pick() category {
	x := s.r.Float64()
	for _, c := range mix {
		if x < c.share {
			return c
		}
		x -= c.share
	}
	return mix[0]
}

func (s *sim) meanOf(code string) time.Duration {
	for _, c := range mix {
		if c.code == code {
			return c.mean
		}
	}
	return queue.DefaultServiceTime
}

func (s *sim) apply(evs []queue.Event) {
	for _, ev := range evs {
		ev.Seq = s.h.LastSeq + 1
		s.h.Apply(ev)
	}
}

func (s *sim) decide(evs []queue.Event, err error) ([]queue.Event, error) {
	if err != nil {
		return nil, err
	}
	s.apply(evs)
	return evs, nil
}

func (s *sim) decideIssue(c queue.IssueCmd, at time.Time) ([]queue.Event, *queue.Ticket, error) {
	evs, t, err := s.h.Issue(c, at)
	if err != nil {
		return nil, nil, err
	}
	s.apply(evs)
	return evs, t, nil
}
