package xsoak

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
)

// Args are a soak command's flags: the built server and app, the visits, the folder kept.
type Args struct {
	ServerBin, AppBin string
	Visits            int
	Dir               string
	// Trace, when set, is a file that gets every framebuffer change after each tap
	// (time from the click, rows), to find what draws late.
	Trace string
	// TraceOut is the Trace file opened, or nil without one.
	TraceOut io.Writer
}

// Command is the main of a soak command (kiosksoak, callersoak): it parses the flags
// (-server, -<app>, -visits or SOAK_VISITS, -dir), runs the soak, prints the summary to
// stdout and returns the exit status: 2 on bad flags, 1 when a visit failed or a target
// was missed, 0 on PASS.
func Command(ctx context.Context, app, dirUsage string, args []string, stdout, stderr io.Writer,
	run func(context.Context, Args) (Summary, error)) int {
	fs := flag.NewFlagSet(app+"soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var a Args
	fs.StringVar(&a.ServerBin, "server", "bin/server", "the built server")
	fs.StringVar(&a.AppBin, app, "bin/"+app, "the built "+app)
	visits, _ := strconv.Atoi(os.Getenv("SOAK_VISITS"))
	fs.IntVar(&a.Visits, "visits", max(visits, 0), "visits (SOAK_VISITS, default 200)")
	fs.StringVar(&a.Dir, "dir", "", dirUsage)
	fs.StringVar(&a.Trace, "trace", "", "write every framebuffer change after each tap to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if a.Trace != "" {
		f, err := os.Create(a.Trace)
		if err != nil {
			fmt.Fprintf(stderr, "%ssoak: trace: %v\n", app, err)
			return 2
		}
		defer f.Close()
		a.TraceOut = f
	}
	sum, err := run(ctx, a)
	sum.Write(stdout, app)
	if err != nil {
		fmt.Fprintf(stderr, "%ssoak: %v\n", app, err)
		return 1
	}
	if !sum.Pass() {
		return 1
	}
	return 0
}
