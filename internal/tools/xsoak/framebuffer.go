package xsoak

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// Framebuffer is the screen of an Xvfb started with -fbdir: the XWD file Xvfb keeps
// mapped and draws into, mapped here read-only, so each look is a memory compare.
type Framebuffer struct {
	mem           []byte // the whole file
	pix           []byte // the pixels, row after row
	Width, Height int
	stride, bpp   int // bytes per row and per pixel
	last          []byte
	// LastRows are the first and last rows of the last change seen, to tell what
	// kept a screen from being still.
	LastRows [2]int
	// OnChange, when set, is told of every change WaitStill and WaitDrawn see: when (from its
	// start) and which rows, to find what draws late (a soak's -trace).
	OnChange func(at time.Duration, rows [2]int)
}

// TraceTo sends the changes the waits see from now on to w, a line each labelled kind
// (its time from the wait's start and its rows); nothing when w is nil.
func (fb *Framebuffer) TraceTo(w io.Writer, kind string) {
	if w == nil {
		return
	}
	fb.OnChange = func(at time.Duration, rows [2]int) {
		fmt.Fprintf(w, "%s\t%.1f ms\trows %d–%d\n", kind, float64(at.Microseconds())/1000, rows[0], rows[1])
	}
}

// OpenFramebuffer maps the XWD file at path (Xvfb's Xvfb_screen0).
func OpenFramebuffer(path string) (*Framebuffer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("framebuffer: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("framebuffer: %w", err)
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("framebuffer: mmap: %w", err)
	}
	fb, err := parseXWD(mem)
	if err != nil {
		_ = syscall.Munmap(mem)
		return nil, err
	}
	return fb, nil
}

// parseXWD reads an XWD (version 7) header: 25 big-endian 32-bit fields, the window
// name, then ncolors colour entries of 12 bytes, then the pixels.
func parseXWD(mem []byte) (*Framebuffer, error) {
	if len(mem) < 100 {
		return nil, errors.New("framebuffer: file too short for an XWD header")
	}
	u := func(i int) int { return int(binary.BigEndian.Uint32(mem[4*i:])) }
	headerSize, version := u(0), u(1)
	width, height, bitsPerPixel, stride, ncolors := u(4), u(5), u(11), u(12), u(19)
	if version != 7 {
		return nil, fmt.Errorf("framebuffer: XWD version %d, want 7", version)
	}
	off := headerSize + 12*ncolors
	if bitsPerPixel%8 != 0 || bitsPerPixel == 0 || off+stride*height > len(mem) || stride < width*bitsPerPixel/8 {
		return nil, fmt.Errorf("framebuffer: unexpected layout %dx%d, %d bpp, stride %d, file %d bytes", width, height, bitsPerPixel, stride, len(mem))
	}
	return &Framebuffer{mem: mem, pix: mem[off : off+stride*height], Width: width, Height: height,
		stride: stride, bpp: bitsPerPixel / 8}, nil
}

// Close unmaps the file.
func (fb *Framebuffer) Close() error { return syscall.Munmap(fb.mem) }

// Rect is a region of the screen in pixels, [X0,X1) × [Y0,Y1).
type Rect struct{ X0, Y0, X1, Y1 int }

// changed compares the screen with the last look, ignoring the pixels inside masks
// (a clock that ticks), and keeps this look for the next call.
func (fb *Framebuffer) changed(masks []Rect) bool {
	if fb.last == nil {
		fb.last = make([]byte, len(fb.pix))
		copy(fb.last, fb.pix)
		return false
	}
	diff := false
	for y := 0; y < fb.Height; y++ {
		row := fb.pix[y*fb.stride : (y+1)*fb.stride]
		old := fb.last[y*fb.stride : (y+1)*fb.stride]
		if bytes.Equal(row, old) {
			continue
		}
		if fb.rowDiffers(row, old, y, masks) {
			if !diff {
				fb.LastRows[0] = y
			}
			diff = true
			fb.LastRows[1] = y
		}
		copy(old, row)
	}
	return diff
}

// rowDiffers tells whether row y differs outside the masks.
func (fb *Framebuffer) rowDiffers(row, old []byte, y int, masks []Rect) bool {
	x0 := 0
	for _, m := range masks {
		if y < m.Y0 || y >= m.Y1 {
			continue
		}
		if !bytes.Equal(row[x0*fb.bpp:max(x0, m.X0)*fb.bpp], old[x0*fb.bpp:max(x0, m.X0)*fb.bpp]) {
			return true
		}
		x0 = max(x0, min(m.X1, fb.Width))
	}
	return !bytes.Equal(row[x0*fb.bpp:fb.Width*fb.bpp], old[x0*fb.bpp:fb.Width*fb.bpp])
}

// Mark takes the current screen as the reference the next wait compares against.
func (fb *Framebuffer) Mark() {
	fb.last = nil
	fb.changed(nil)
}

// ErrNoChange is returned by WaitStill when the screen never changed.
var ErrNoChange = errors.New("the screen did not change")

// WaitStill waits for the screen to change after Mark, then to stay unchanged (outside
// masks) for settle, polling every few milliseconds. It returns the time from start to
// the last change seen: when the new screen was fully drawn. It gives up after timeout.
func (fb *Framebuffer) WaitStill(start time.Time, settle, timeout time.Duration, masks []Rect) (time.Duration, error) {
	var lastChange time.Time
	for {
		now := time.Now()
		if fb.changed(masks) {
			lastChange = now
			if fb.OnChange != nil {
				fb.OnChange(now.Sub(start), fb.LastRows)
			}
		}
		switch {
		case !lastChange.IsZero() && now.Sub(lastChange) >= settle:
			return lastChange.Sub(start), nil
		case now.Sub(start) > timeout && lastChange.IsZero():
			return 0, fmt.Errorf("%w within %v", ErrNoChange, timeout)
		case now.Sub(start) > timeout+settle*4:
			return lastChange.Sub(start), fmt.Errorf("the screen kept changing for %v", timeout)
		}
		time.Sleep(3 * time.Millisecond) // a poll interval: the framebuffer is the measurement
	}
}

// Settle waits until the screen has not changed for settle (or timeout passed),
// without needing a change first: before a tap, so that the change measured is the tap's.
func (fb *Framebuffer) Settle(settle, timeout time.Duration, masks []Rect) {
	start := time.Now()
	fb.Mark()
	quiet := start
	for time.Since(start) < timeout {
		now := time.Now()
		if fb.changed(masks) {
			quiet = now
		}
		if now.Sub(quiet) >= settle {
			return
		}
		time.Sleep(3 * time.Millisecond)
	}
}

// WaitDrawn is WaitStill for a screen that shows at once and fills in later (a
// document whose page is rendered in the background): shown is the time to the first
// still of settle, done the time to the last change once the screen stayed still
// for long.
func (fb *Framebuffer) WaitDrawn(start time.Time, settle, long, timeout time.Duration, masks []Rect) (shown, done time.Duration, err error) {
	var lastChange time.Time
	for {
		now := time.Now()
		if fb.changed(masks) {
			lastChange = now
			if fb.OnChange != nil {
				fb.OnChange(now.Sub(start), fb.LastRows)
			}
		}
		if !lastChange.IsZero() && shown == 0 && now.Sub(lastChange) >= settle {
			shown = lastChange.Sub(start)
		}
		switch {
		case !lastChange.IsZero() && now.Sub(lastChange) >= long:
			return shown, lastChange.Sub(start), nil
		case now.Sub(start) > timeout && lastChange.IsZero():
			return 0, 0, fmt.Errorf("%w within %v", ErrNoChange, timeout)
		case now.Sub(start) > timeout+long*4:
			return shown, lastChange.Sub(start), fmt.Errorf("the screen kept changing for %v", timeout)
		}
		time.Sleep(3 * time.Millisecond)
	}
}
