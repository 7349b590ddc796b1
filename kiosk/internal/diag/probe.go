package diag

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"onedoor/kiosk/internal/idcard"
)

// cardJSON is what probe-reader prints. The photo is described, never printed.
type cardJSON struct {
	Type         string `json:"type"`
	Name         string `json:"name,omitempty"`
	EnglishName  string `json:"english_name,omitempty"`
	Gender       string `json:"gender"`
	GenderCode   string `json:"gender_code"`
	Nation       string `json:"nation,omitempty"`
	Birth        string `json:"birth"`
	Age          int    `json:"age"`
	Address      string `json:"address,omitempty"`
	NewAddress   string `json:"new_address,omitempty"`
	IDNumber     string `json:"id_number"`
	Authority    string `json:"authority,omitempty"`
	ValidFrom    string `json:"valid_from"`
	ValidTo      string `json:"valid_to"`
	PassNumber   string `json:"pass_number,omitempty"`
	IssueCount   string `json:"issue_count,omitempty"`
	Nationality  string `json:"nationality,omitempty"`
	PhotoBytes   int    `json:"photo_bytes"`
	SAMID        string `json:"sam_id"`
	Masked       bool   `json:"masked"`
	ReadMillisec int64  `json:"read_ms"`
}

// ProbeReader implements `kiosk probe-reader -port PATH`: it checks the reader's SAM,
// waits for a card, reads it once and prints it as JSON with the ID number, pass number
// and address masked unless -show-personal is given.
func ProbeReader(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlags("probe-reader", "-port PATH [-baud N] [-wait D] [-show-personal]", stdio.Err)
	port := fs.String("port", "", "serial port of the reader, e.g. /dev/ttyUSB0 (required)")
	baud := fs.Int("baud", idcard.DefaultBaud, "speed (the SAM's factory setting is 115200)")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for a card")
	show := fs.Bool("show-personal", false, "print the ID number and address in full")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *port == "" {
		return usageError(fs, "-port is required")
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stdio.Err, "probe-reader: "+format+"\n", a...)
		return ExitFault
	}
	r := idcard.NewReader(idcard.Config{Port: *port, Baud: *baud,
		Logger: slog.New(slog.NewTextHandler(stdio.Err, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	defer r.Close()

	if err := r.SAMStatus(ctx); err != nil {
		return fail("%s", explainReader(err, *port, *baud))
	}
	samID, err := r.SAMID(ctx)
	if err != nil {
		return fail("%s", explainReader(err, *port, *baud))
	}
	fmt.Fprintf(stdio.Err, "reader OK on %s (SAM %s); place a card within %v…\n", *port, samID, *wait)
	wctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	start := time.Now()
	card, err := r.Next(wctx)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fail("no card read within %v: %v", *wait, err)
	case err != nil:
		return fail("%s", explainReader(err, *port, *baud))
	}
	out := cardView(card, samID, !*show)
	out.ReadMillisec = time.Since(start).Milliseconds()
	if addr, err := r.ReadNewAddress(ctx); err == nil {
		out.NewAddress = addr
		if !*show {
			out.NewAddress = maskAddress(addr)
		}
	}
	enc := json.NewEncoder(stdio.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fail("write JSON: %v", err)
	}
	return ExitOK
}

// cardView turns a card into the JSON shape, masking what mask says.
func cardView(c *idcard.Card, sam idcard.SAMID, mask bool) cardJSON {
	date := func(t time.Time) string { return t.Format("2006-01-02") }
	v := cardJSON{
		Type: c.Type.String(), Name: c.Name, EnglishName: c.EnglishName,
		Gender: c.Gender.String(), GenderCode: string(c.Gender), Nation: c.Nation.Name(),
		Birth: date(c.Birth), Age: c.Age(time.Now()), Address: c.Address, IDNumber: c.IDNumber,
		Authority: c.Authority, ValidFrom: date(c.ValidFrom), ValidTo: "长期",
		PassNumber: c.PassNumber, IssueCount: c.IssueCount, Nationality: c.Nationality,
		PhotoBytes: len(c.Photo), SAMID: sam.String(), Masked: mask,
	}
	if !c.LongTerm {
		v.ValidTo = date(c.ValidTo)
	}
	if mask {
		v.IDNumber, v.PassNumber, v.Address = maskID(v.IDNumber), maskID(v.PassNumber), maskAddress(v.Address)
	}
	return v
}

// explainReader turns a reader error into a sentence an installer can act on.
func explainReader(err error, port string, baud int) string {
	switch {
	case errors.Is(err, idcard.ErrIO):
		return fmt.Sprintf("cannot use the reader's port %s (is the cable in, the path right?): %v", port, err)
	case errors.Is(err, idcard.ErrNoAnswer):
		return fmt.Sprintf("no answer from a reader on %s at %d baud (wrong port or speed?): %v", port, baud, err)
	case errors.Is(err, idcard.ErrSAMFault):
		return fmt.Sprintf("the reader's security module (SAM) is faulty; power the reader off and on: %v", err)
	case errors.Is(err, idcard.ErrInvalidCard):
		return fmt.Sprintf("the card was read but its data is not valid: %v", err)
	case errors.Is(err, idcard.ErrChecksum), errors.Is(err, idcard.ErrShortFrame), errors.Is(err, idcard.ErrBadLength):
		return fmt.Sprintf("garbled data on the line (cable, interference or wrong speed?): %v", err)
	}
	return err.Error()
}
