package screens

import (
	"context"
	"errors"
	"time"

	"onedoor/internal/wire"
	"onedoor/kiosk/internal/printer"
)

// reportPrinter sends the printer's state to the server when it changes: a fault
// (paper out, cover open, …) at once, and ok after the first good print that follows.
func (k *Kiosk) reportPrinter(err error) {
	k.setPrinterNotice(err)
	if (err == nil) == k.printerOK {
		return
	}
	k.printerOK = err == nil
	req := wire.DeviceStatusRequest{Kind: "printer", Status: "ok"}
	if err != nil {
		req.Status, req.Detail = "fault", printerDetail(err)
	}
	go func() {
		ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
		defer cancel()
		if err := k.d.API.DeviceStatus(ctx, req); err != nil {
			k.log.Warn("device status report", "kind", req.Kind, "err", err)
			return
		}
		k.log.Info("device status reported", "kind", req.Kind, "status", req.Status, "detail", req.Detail)
	}()
}

// printerDetail names a printer fault in words for the supervisors.
func printerDetail(err error) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return "paper out"
	case errors.Is(err, printer.ErrCoverOpen):
		return "cover open"
	case errors.Is(err, printer.ErrOffline):
		return "offline"
	case errors.Is(err, printer.ErrPrinterError):
		return "printer error"
	}
	return err.Error()
}
