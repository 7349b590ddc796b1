package diag

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// Exit codes of every command.
const (
	ExitOK    = 0
	ExitFault = 1 // the device is missing, silent or faulty, or the card invalid
	ExitUsage = 2
)

// Stdio is a command's standard streams.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Command is one subcommand of the kiosk binary.
type Command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, args []string, io Stdio) int
}

// Commands returns the installers' commands, in the order help lists them.
func Commands() []Command {
	return []Command{
		{"probe-reader", "read one ID card and print it as JSON (personal data masked)", ProbeReader},
		{"test-print", "print a sample ticket", TestPrint},
		{"sim-reader", "run a simulated ID card reader on a pseudo-terminal", SimReader},
		{"sim-printer", "run a simulated ticket printer on a pseudo-terminal or TCP", SimPrinter},
	}
}

// newFlags returns a flag set that reports to stderr and does not exit.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: kiosk %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; it returns an exit code and false when the command must stop.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected arguments %q\n", fs.Name(), fs.Args())
		fs.Usage()
		return ExitUsage, false
	}
	return 0, true
}

// usageError prints a usage problem and returns ExitUsage.
func usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), fs.Name()+": "+format+"\n", args...)
	fs.Usage()
	return ExitUsage
}
