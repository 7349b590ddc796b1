// Command kiosk is the self-service kiosk of a service hall. For now it carries the
// installers' device tools; the touch-screen UI arrives with issue 4 and will become
// what `kiosk` with no subcommand runs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"onedoor/kiosk/internal/diag"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], diag.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}

// commands lists the subcommands; the UI's own entries can be added here.
func commands() []diag.Command { return diag.Commands() }

// run dispatches a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdio diag.Stdio) int {
	if len(args) > 0 {
		for _, c := range commands() {
			if c.Name == args[0] {
				return c.Run(ctx, args[1:], stdio)
			}
		}
		if args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			usage(stdio)
			return diag.ExitOK
		}
		fmt.Fprintf(stdio.Err, "kiosk: unknown command %q\n", args[0])
		usage(stdio)
		return diag.ExitUsage
	}
	fmt.Fprintln(stdio.Err, "kiosk: the kiosk UI arrives with issue 4")
	usage(stdio)
	return diag.ExitUsage
}

func usage(stdio diag.Stdio) {
	fmt.Fprintln(stdio.Err, "usage: kiosk COMMAND [flags]   (kiosk COMMAND -h for its flags)")
	for _, c := range commands() {
		fmt.Fprintf(stdio.Err, "  %-13s %s\n", c.Name, c.Summary)
	}
}
