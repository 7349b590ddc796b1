package queue

import "time"

// DefaultServiceTime is the service time assumed for a category before any visit there
// has been timed.
const DefaultServiceTime = 5 * time.Minute

// meanWindow is how many recent visits the running mean mostly reflects.
const meanWindow = 50

// RunningMean is the running mean of service times: an exact mean over the first
// visits, then an exponential moving average that follows the day's pace.
type RunningMean struct {
	N    int64   `json:"n"`
	Mean float64 `json:"mean_s"`
}

// Add records one service time.
func (m *RunningMean) Add(d time.Duration) {
	if d < 0 {
		return
	}
	m.N++
	w := m.N
	if w > meanWindow {
		w = meanWindow
	}
	m.Mean += (d.Seconds() - m.Mean) / float64(w)
}

// Value returns the mean, or DefaultServiceTime when nothing has been recorded.
func (m *RunningMean) Value() time.Duration {
	if m == nil || m.N == 0 {
		return DefaultServiceTime
	}
	return time.Duration(m.Mean * float64(time.Second))
}

// EstimateWait returns the expected wait of someone with ahead people before them when
// windows open windows serve their category at mean per visit. With no window open it
// assumes one, so the citizen still gets a figure.
func EstimateWait(ahead int, mean time.Duration, windows int) time.Duration {
	if windows < 1 {
		windows = 1
	}
	if ahead <= 0 {
		return 0
	}
	return time.Duration(int64(ahead) * int64(mean) / int64(windows))
}
