// Package vport makes virtual serial cables for the device simulators: a
// pseudo-terminal whose device side is published at a stable path (a symlink), so
// that the kiosk opens it with go.bug.st/serial exactly like /dev/ttyUSB0 while the
// simulator reads and writes the other side.
//
// Closing a VPort and opening a new one at the same path imitates unplugging the
// device and plugging it back: the old descriptor fails, the path leads to a new tty.
package vport

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// VPort is one virtual cable. Read and Write act on the simulator's side (the pty
// master); the device side is at Path.
type VPort struct {
	*os.File          // the master
	slave    *os.File // held open so the master never sees a hang-up between opens
	// Path is where the device side can be opened: the symlink, or the tty itself.
	Path string
	link string
}

// Open creates a pseudo-terminal in raw mode. When link is not empty, a symlink there
// points at the device side (an old symlink in its way is replaced; any other file is
// an error).
func Open(link string) (*VPort, error) {
	master, slave, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("open pty: %w", err)
	}
	if master, err = pollable(master); err != nil {
		slave.Close()
		return nil, fmt.Errorf("open pty: %w", err)
	}
	v := &VPort{File: master, slave: slave, Path: slave.Name()}
	if err := makeRaw(slave); err != nil {
		v.Close()
		return nil, fmt.Errorf("open pty: raw mode: %w", err)
	}
	if link == "" {
		return v, nil
	}
	if fi, err := os.Lstat(link); err == nil {
		if fi.Mode()&fs.ModeSymlink == 0 {
			v.Close()
			return nil, fmt.Errorf("open pty: %s exists and is not a symlink", link)
		}
		_ = os.Remove(link)
	}
	if err := os.Symlink(slave.Name(), link); err != nil {
		v.Close()
		return nil, fmt.Errorf("open pty: link: %w", err)
	}
	v.Path, v.link = link, link
	return v, nil
}

// Close removes the link and closes both sides: whoever holds the device side sees
// the device vanish.
func (v *VPort) Close() error {
	var errs []error
	if v.link != "" {
		if target, err := os.Readlink(v.link); err == nil && target == v.slave.Name() {
			errs = append(errs, os.Remove(v.link))
		}
	}
	errs = append(errs, v.File.Close(), v.slave.Close())
	return errors.Join(errs...)
}

// makeRaw turns off echo, line editing and output processing, like cfmakeraw, so
// binary frames cross the cable unchanged even before the device side is configured.
func makeRaw(f *os.File) error {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	return unix.IoctlSetTermios(fd, unix.TCSETS, t)
}

// pollable returns f as a non-blocking file served by the runtime's poller, closing f.
// creack/pty calls Fd on the master, which puts it in blocking mode; then Close would
// not interrupt a Read in progress, and a simulator could not be stopped.
func pollable(f *os.File) (*os.File, error) {
	defer f.Close()
	fd, err := unix.Dup(int(f.Fd()))
	if err != nil {
		return nil, fmt.Errorf("dup master: %w", err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("non-blocking master: %w", err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// SlaveName returns the device side's real path (/dev/pts/N).
func (v *VPort) SlaveName() string { return v.slave.Name() }
