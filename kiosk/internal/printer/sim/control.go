package sim

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// Exec runs one control command, as typed by a person driving a standalone printer:
//
//	paper out | paper low | paper ok
//	cover open | cover close
//	offline | online
//	status          the status bytes the printer would send
//	printed         how many tickets came out (and were lost to faults)
//
// It returns the line to print back.
func (s *Sim) Exec(line string) (string, error) {
	switch strings.Join(strings.Fields(line), " ") {
	case "":
		return "", nil
	case "paper out":
		s.SetPaper(true, true)
	case "paper low":
		s.SetPaper(false, true)
	case "paper ok":
		s.SetPaper(false, false)
	case "cover open":
		s.SetCoverOpen(true)
	case "cover close":
		s.SetCoverOpen(false)
	case "offline":
		s.SetOffline(true)
	case "online":
		s.SetOffline(false)
	case "status":
	case "printed":
		return fmt.Sprintf("%d printed, %d lost", len(s.Printed()), s.Lost()), nil
	default:
		return "", fmt.Errorf("unknown command %q; try: paper out|low|ok, cover open|close, offline, online, status, printed", line)
	}
	return fmt.Sprintf("status: printer %02X, offline cause %02X, paper %02X",
		s.statusByte(1), s.statusByte(2), s.statusByte(4)), nil
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
