package diag

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"go.bug.st/serial"

	"onedoor/kiosk/internal/diag/vport"
	"onedoor/kiosk/internal/idcard/sim"
)

// SimReader implements `kiosk sim-reader`: a simulated ID card reader on a new
// pseudo-terminal published at -link (or on an existing serial port given by -port),
// driven by commands on standard input (place KEY, remove, fault NAME, cards, status).
// It runs until interrupted.
func SimReader(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlags("sim-reader", "[-link PATH | -port PATH] [-cards FILE] [-place KEY]", stdio.Err)
	link := fs.String("link", "/tmp/onedoor-idcard", "create a pseudo-terminal and link it here")
	port := fs.String("port", "", "serve on this existing serial port instead (e.g. one end of a socat pair)")
	cardsFile := fs.String("cards", "", "JSON card file (default: the built-in synthetic cards)")
	place := fs.String("place", "", "put this card on the reader at start")
	keep := fs.Bool("keep-finding", false, "find a card again after it was read, as some readers do")
	verbose := fs.Bool("v", false, "log every command")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cards := sim.SampleCards()
	if *cardsFile != "" {
		var err error
		if cards, err = sim.LoadCards(*cardsFile); err != nil {
			return usageError(fs, "%v", err)
		}
	}
	s, err := sim.New(sim.Config{Cards: cards, KeepFinding: *keep, Logger: simLogger(stdio.Err, *verbose)})
	if err != nil {
		return usageError(fs, "%v", err)
	}
	if *place != "" {
		if err := s.Place(*place); err != nil {
			return usageError(fs, "%v", err)
		}
	}
	rw, where, closeFn, err := simPort(*link, *port)
	if err != nil {
		fmt.Fprintf(stdio.Err, "sim-reader: %v\n", err)
		return ExitFault
	}
	defer closeFn()
	fmt.Fprintf(stdio.Out, "simulated ID card reader on %s; cards: %v\n", where, s.Keys())
	fmt.Fprintln(stdio.Out, "commands: place KEY | remove | fault checksum|noanswer|sam|readfail|garbage | cards | status")
	return serveUntilDone(ctx, stdio, func(ctx context.Context) error { return s.Serve(ctx, rw) },
		func(ctx context.Context) error { return s.Control(ctx, stdio.In, stdio.Out) })
}

// simPort opens where a simulator serves: a new pseudo-terminal at link, or port.
func simPort(link, port string) (rw io.ReadWriter, where string, closeFn func(), err error) {
	if port != "" {
		p, err := serial.Open(port, &serial.Mode{BaudRate: 115200})
		if err != nil {
			return nil, "", nil, fmt.Errorf("open %s: %w", port, err)
		}
		return p, port, func() { p.Close() }, nil
	}
	v, err := vport.Open(link)
	if err != nil {
		return nil, "", nil, err
	}
	return v, fmt.Sprintf("%s (-> %s)", link, v.SlaveName()), func() { v.Close() }, nil
}

// serveUntilDone runs a simulator and its console until ctx ends or serving fails.
// The end of standard input does not stop the simulator: it may run in the background.
func serveUntilDone(ctx context.Context, stdio Stdio, serve, control func(context.Context) error) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx) }()
	if stdio.In != nil {
		go func() { _ = control(ctx) }()
	}
	select {
	case <-ctx.Done():
		<-errc
		fmt.Fprintln(stdio.Out, "simulator stopped")
		return ExitOK
	case err := <-errc:
		fmt.Fprintf(stdio.Err, "simulator: %v\n", err)
		return ExitFault
	}
}

// simLogger logs simulator events to w; verbose shows every command.
func simLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
