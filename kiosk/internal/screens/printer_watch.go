package screens

import (
	"context"
	"errors"
	"time"

	"onedoor/kiosk/internal/printer"
)

// statusPrinter is a printer that can be asked for its state; *printer.Printer is one.
type statusPrinter interface {
	Status(ctx context.Context) (printer.Status, error)
}

// watchPrinter asks the printer for its state at once and then every
// Config.PrinterPoll, so that home says "out of paper" before a citizen starts and the
// server hears of the fault (and of the paper put back) without a ticket failing first.
func (k *Kiosk) watchPrinter(ctx context.Context) {
	p, ok := k.d.Printer.(statusPrinter)
	if !ok || k.cfg.PrinterPoll < 0 {
		return
	}
	t := time.NewTicker(k.cfg.PrinterPoll)
	defer t.Stop()
	for {
		k.checkPrinter(ctx, p)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkPrinter asks the printer once. A printer that does not answer status requests
// at all tells nothing (some USB printers never do): the last state stays.
func (k *Kiosk) checkPrinter(ctx context.Context, p statusPrinter) {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := p.Status(sctx)
	if ctx.Err() != nil || errors.Is(err, printer.ErrNoStatus) {
		return
	}
	if err == nil {
		err = st.Err()
	}
	k.d.Do(func() { k.reportPrinter(err) })
}
