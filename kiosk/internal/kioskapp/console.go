package kioskapp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// execer runs one console command of a simulator.
type execer interface {
	Exec(line string) (string, error)
}

// printerWords are the first words of the printer simulator's commands; every other
// line goes to the card reader's simulator.
var printerWords = map[string]bool{"paper": true, "cover": true, "offline": true, "online": true, "printed": true}

// console reads the simulators' commands from in, one a line, and answers on out:
// "paper out", "cover open", … to the printer (to try the kiosk's paper-out notice by
// hand), "place KEY", "remove", … to the card reader.
func console(ctx context.Context, in io.Reader, out io.Writer, cards, printer execer) error {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line := sc.Text()
		target := cards
		if f := strings.Fields(line); len(f) > 0 && printerWords[f[0]] {
			target = printer
		}
		reply, err := target.Exec(line)
		switch {
		case err != nil:
			fmt.Fprintln(out, "error:", err)
		case reply != "":
			fmt.Fprintln(out, reply)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("simulator console: %w", err)
	}
	return nil
}
