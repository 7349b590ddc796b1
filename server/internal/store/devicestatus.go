package store

import (
	"sort"
	"sync"
	"time"

	"onedoor/internal/queue"
)

// DeviceLast is the last status a device reported for one of its parts (printer,
// reader, …) and when.
type DeviceLast struct {
	Kind   string    `json:"kind"`
	Status string    `json:"status"`
	Detail string    `json:"detail,omitempty"`
	At     time.Time `json:"at"`
}

// deviceSeen keeps each device's last reports since the server started (the log keeps
// every report; this is the console's quick view of them).
type deviceSeen struct {
	mu   sync.Mutex
	last map[string]map[string]DeviceLast // device → kind → last report
}

// note records a report committed at at.
func (d *deviceSeen) note(dev queue.Device, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.last == nil {
		d.last = map[string]map[string]DeviceLast{}
	}
	if d.last[dev.Name] == nil {
		d.last[dev.Name] = map[string]DeviceLast{}
	}
	d.last[dev.Name][dev.Kind] = DeviceLast{Kind: dev.Kind, Status: dev.Status, Detail: dev.Detail, At: at}
}

// of returns a device's last reports by kind, and the latest time among them.
func (d *deviceSeen) of(name string) ([]DeviceLast, time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []DeviceLast
	var seen time.Time
	for _, l := range d.last[name] {
		out = append(out, l)
		if l.At.After(seen) {
			seen = l.At
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out, seen
}
