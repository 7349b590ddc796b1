package app

import (
	"flag"
	"fmt"

	"onedoor/internal/queue"
)

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
