package app

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"onedoor/internal/queue"
)

// policyFlags adds the call policy's flags and those of the console's back end: the
// auto-call pause, the work orders and the alarms.
func policyFlags(fs *flag.FlagSet, p *queue.Policy) {
	fs.IntVar(&p.Ratio, "priority-ratio", p.Ratio, "priority calls in a row before an ordinary one (0 = off)")
	fs.DurationVar(&p.MaxWait, "max-wait", p.MaxWait, "wait after which an ordinary ticket goes before priority (0 = off)")
	fs.IntVar(&p.ElderlyAge, "elderly-age", p.ElderlyAge, "age that gives the elderly priority (0 = off)")
	fs.DurationVar(&p.AutoPause, "auto-pause", p.AutoPause, "pause after a visit before the server calls the next ticket for a window in auto mode")
	workOrderFlags(fs, &p.WorkOrders)
	alarmFlags(fs, &p.Alarms)
}

// alarmFlags adds the alarms' thresholds.
func alarmFlags(fs *flag.FlagSet, p *queue.AlarmPolicy) {
	fs.DurationVar(&p.Wait, "alarm-wait", p.Wait, "alarm when a category's longest wait passes this (0 = off)")
	fs.Func("alarm-category-wait", "per category wait limits, CODE=DURATION,… (e.g. SSDJ=20m,BDCDJ=45m)", func(v string) error {
		m, err := parseCategoryWaits(v)
		p.CategoryWait = m
		return err
	})
	fs.IntVar(&p.CrowdWaiting, "alarm-crowd-waiting", p.CrowdWaiting, "alarm when more than this many wait in a category … (0 = off)")
	fs.IntVar(&p.CrowdServing, "alarm-crowd-serving", p.CrowdServing, "… with fewer than this many open windows serving it")
	fs.DurationVar(&p.Pause, "alarm-pause", p.Pause, "alarm when a window stays paused longer than this (0 = off)")
}

// parseCategoryWaits reads CODE=DURATION pairs.
func parseCategoryWaits(v string) (map[string]time.Duration, error) {
	m := map[string]time.Duration{}
	for _, pair := range strings.Split(v, ",") {
		code, d, ok := strings.Cut(strings.TrimSpace(pair), "=")
		dur, err := time.ParseDuration(d)
		if !ok || code == "" || err != nil || dur < 0 {
			return nil, fmt.Errorf("%q is not CODE=DURATION, e.g. SSDJ=20m", pair)
		}
		m[code] = dur
	}
	return m, nil
}

// workOrderFlags adds the 差评 work orders' flags.
func workOrderFlags(fs *flag.FlagSet, p *queue.WorkOrderPolicy) {
	fs.IntVar(&p.CallbackDays, "workorder-callback-days", p.CallbackDays, "working days to call back a citizen who rated a visit badly")
	fs.IntVar(&p.ResolveDays, "workorder-resolve-days", p.ResolveDays, "working days to resolve a bad rating's work order")
	fs.IntVar(&p.DefaultLevel, "default-rating-level", p.DefaultLevel, "the level (1-5) an unrated visit takes; 0 = none")
	fs.IntVar(&p.DefaultAfterDays, "default-rating-days", p.DefaultAfterDays, "days after a visit that it takes the default rating")
}

// checkWorkOrderFlags refuses work order settings that make no sense.
func checkWorkOrderFlags(p queue.WorkOrderPolicy) error {
	switch {
	case p.CallbackDays < 1 || p.ResolveDays < p.CallbackDays:
		return fmt.Errorf("-workorder-callback-days must be 1 or more and -workorder-resolve-days at least as many (got %d and %d)", p.CallbackDays, p.ResolveDays)
	case p.DefaultLevel < 0 || p.DefaultLevel > queue.MaxRatingLevel:
		return fmt.Errorf("-default-rating-level must be 0 to %d, got %d", queue.MaxRatingLevel, p.DefaultLevel)
	case p.DefaultAfterDays < 1:
		return fmt.Errorf("-default-rating-days must be 1 or more, got %d", p.DefaultAfterDays)
	}
	return nil
}
