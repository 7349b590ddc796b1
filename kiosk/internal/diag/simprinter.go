package diag

import (
	"context"
	"fmt"
	"net"

	"onedoor/kiosk/internal/printer"
	"onedoor/kiosk/internal/printer/sim"
)

// SimPrinter implements `kiosk sim-printer`: a simulated ticket printer on a new
// pseudo-terminal published at -link, an existing serial port (-port) or a TCP address
// (-tcp, like a network printer's port 9100), saving each ticket as a PNG in -out and
// driven by commands on standard input (paper out|low|ok, cover open|close, offline,
// online, status, printed). It runs until interrupted.
func SimPrinter(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlags("sim-printer", "[-link PATH | -port PATH | -tcp ADDR] [-out DIR] [-paper 80|58]", stdio.Err)
	link := fs.String("link", "/tmp/onedoor-printer", "create a pseudo-terminal and link it here")
	port := fs.String("port", "", "serve on this existing serial port instead")
	tcp := fs.String("tcp", "", "listen on this TCP address instead, e.g. 127.0.0.1:9100")
	out := fs.String("out", "printed", "directory for the tickets' PNG files")
	paper := fs.Int("paper", 80, "paper width in mm: 80 or 58")
	paperOut := fs.Bool("paper-out", false, "start without paper")
	verbose := fs.Bool("v", false, "log unknown commands")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	width := map[int]int{80: printer.Width80mm, 58: printer.Width58mm}[*paper]
	if width == 0 {
		return usageError(fs, "-paper must be 80 or 58")
	}
	s, err := sim.New(sim.Config{Width: width, OutDir: *out, Logger: simLogger(stdio.Err, *verbose)})
	if err != nil {
		return usageError(fs, "%v", err)
	}
	s.SetPaper(*paperOut, *paperOut)
	control := func(ctx context.Context) error { return s.Control(ctx, stdio.In, stdio.Out) }
	const help = "commands: paper out|low|ok | cover open|close | offline | online | status | printed"
	if *tcp != "" {
		ln, err := net.Listen("tcp", *tcp)
		if err != nil {
			fmt.Fprintf(stdio.Err, "sim-printer: %v\n", err)
			return ExitFault
		}
		fmt.Fprintf(stdio.Out, "simulated printer listening on %s; tickets go to %s\n%s\n", ln.Addr(), *out, help)
		return serveUntilDone(ctx, stdio, func(ctx context.Context) error { return s.ServeTCP(ctx, ln) }, control)
	}
	rw, where, closeFn, err := simPort(*link, *port)
	if err != nil {
		fmt.Fprintf(stdio.Err, "sim-printer: %v\n", err)
		return ExitFault
	}
	defer closeFn()
	fmt.Fprintf(stdio.Out, "simulated printer on %s; tickets go to %s\n%s\n", where, *out, help)
	return serveUntilDone(ctx, stdio, func(ctx context.Context) error { return s.Serve(ctx, rw) }, control)
}
