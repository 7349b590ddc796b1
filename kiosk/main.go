// Command kiosk is the self-service kiosk of a service hall. With no subcommand (or
// only flags) it runs the touch-screen UI; the installers' device tools are its
// subcommands (kiosk help).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"onedoor/kiosk/internal/diag"
	"onedoor/kiosk/internal/kioskapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], diag.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}

// commands lists the subcommands.
func commands() []diag.Command { return diag.Commands() }

// run dispatches a subcommand, or runs the UI when there is none, and returns the exit code.
func run(ctx context.Context, args []string, stdio diag.Stdio) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		return kioskapp.Main(ctx, args, kioskapp.Stdio{In: stdio.In, Out: stdio.Out, Err: stdio.Err})
	}
	for _, c := range commands() {
		if c.Name == args[0] {
			return c.Run(ctx, args[1:], stdio)
		}
	}
	if isHelp(args[0]) {
		usage(stdio)
		return diag.ExitOK
	}
	fmt.Fprintf(stdio.Err, "kiosk: unknown command %q\n", args[0])
	usage(stdio)
	return diag.ExitUsage
}

func isHelp(s string) bool { return s == "help" || s == "-h" || s == "-help" || s == "--help" }

func usage(stdio diag.Stdio) {
	fmt.Fprintln(stdio.Err, "usage: kiosk [-server URL -ca FILE -token T -reader PORT -printer PORT|tcp:HOST:PORT -scanner PORT -kiosk-id ID -lang zh|en -idle 60s | -simulate]")
	fmt.Fprintln(stdio.Err, "       kiosk COMMAND [flags]   (kiosk COMMAND -h for its flags)")
	for _, c := range commands() {
		fmt.Fprintf(stdio.Err, "  %-13s %s\n", c.Name, c.Summary)
	}
}
