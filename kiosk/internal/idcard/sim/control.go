package sim

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// Exec runs one control command, as typed by a person driving a standalone simulator:
//
//	place KEY      put a card on the reader
//	remove         take it off
//	fault NAME     inject a fault (checksum, noanswer, sam, readfail, garbage)
//	cards          list the card keys
//	status         show the card on the reader
//
// It returns the line to print back.
func (s *Sim) Exec(line string) (string, error) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return "", nil
	}
	switch cmd, args := words[0], words[1:]; {
	case cmd == "place" && len(args) == 1:
		if err := s.Place(args[0]); err != nil {
			return "", err
		}
		return "placed " + args[0], nil
	case cmd == "remove" && len(args) == 0:
		s.Remove()
		return "removed", nil
	case cmd == "fault" && len(args) == 1:
		f, err := ParseFault(args[0])
		if err != nil {
			return "", err
		}
		s.Inject(f)
		return "fault " + args[0] + " queued", nil
	case cmd == "cards" && len(args) == 0:
		return strings.Join(s.Keys(), " "), nil
	case cmd == "status" && len(args) == 0:
		key, read := s.Placed()
		if key == "" {
			return "no card", nil
		}
		return fmt.Sprintf("card %s, read: %v", key, read), nil
	}
	return "", fmt.Errorf("unknown command %q; try: place KEY | remove | fault NAME | cards | status", line)
}

// Control reads commands from in, one a line, and writes replies to out, until in ends
// or ctx is done.
func (s *Sim) Control(ctx context.Context, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		reply, err := s.Exec(sc.Text())
		switch {
		case err != nil:
			fmt.Fprintln(out, "error:", err)
		case reply != "":
			fmt.Fprintln(out, reply)
		}
	}
	return sc.Err()
}
