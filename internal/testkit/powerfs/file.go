package powerfs

import (
	"context"
	"slices"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// file is an open file: reads come from the backing file with the node's pending pages
// laid over them, writes go to the pending pages, fsync writes them back.
//
// It deliberately has no PassthroughFd, Allocate or Lseek: the kernel must send every
// read and write here.
type file struct {
	n  *node
	lf *fs.LoopbackFile // owns the backing descriptor; closed on Release
	fd int
}

var (
	_ fs.FileReader    = (*file)(nil)
	_ fs.FileWriter    = (*file)(nil)
	_ fs.FileWritever  = (*file)(nil)
	_ fs.FileFsyncer   = (*file)(nil)
	_ fs.FileFlusher   = (*file)(nil)
	_ fs.FileReleaser  = (*file)(nil)
	_ fs.FileHandle    = (*file)(nil)
	_ fs.FileGetattrer = (*file)(nil)
)

func wrap(n *node, fh fs.FileHandle) *file {
	lf := fh.(*fs.LoopbackFile)
	fd, _ := lf.PassthroughFd() // only reads the descriptor; nothing is passed to the kernel
	return &file{n: n, lf: lf, fd: fd}
}

// Read reads the backing file and lays the pending pages over it.
func (f *file) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	n := f.n
	n.mu.Lock()
	defer n.mu.Unlock()
	want := len(dest)
	if n.p != nil {
		if off >= n.p.size {
			return fuse.ReadResultData(nil), 0
		}
		want = int(min(int64(want), n.p.size-off))
	}
	got, err := syscall.Pread(f.fd, dest[:want], off)
	if err != nil {
		return nil, fs.ToErrno(err)
	}
	if n.p == nil {
		return fuse.ReadResultData(dest[:got]), 0
	}
	clear(dest[got:want])
	n.p.overlay(dest[:want], off)
	return fuse.ReadResultData(dest[:want]), 0
}

// Write holds data in the node's pending pages.
func (f *file) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	n := f.n
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.p == nil {
		p, err := newPending(f.fd)
		if err != nil {
			return 0, syscall.EIO
		}
		n.p = p
		n.reg.set(n, true)
	}
	if err := n.p.write(data, off); err != nil {
		return 0, syscall.EIO
	}
	return uint32(len(data)), 0
}

// Writev is Write of the buffers joined.
func (f *file) Writev(ctx context.Context, iov [][]byte, off int64) (uint32, syscall.Errno) {
	return f.Write(ctx, slices.Concat(iov...), off)
}

// Fsync makes the node's pending writes durable: fsync and fdatasync alike.
func (f *file) Fsync(ctx context.Context, flags uint32) syscall.Errno {
	n := f.n
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.p == nil {
		return 0
	}
	if err := n.p.flush(); err != nil {
		return syscall.EIO
	}
	n.p.close()
	n.p = nil
	n.reg.set(n, false)
	return 0
}

// Getattr is the node's.
func (f *file) Getattr(ctx context.Context, out *fuse.AttrOut) syscall.Errno {
	return f.n.Getattr(ctx, f, out)
}

// Flush at close makes nothing durable.
func (f *file) Flush(ctx context.Context) syscall.Errno { return 0 }

// Release closes the backing descriptor; the pending writes stay with the node.
func (f *file) Release(ctx context.Context) syscall.Errno { return f.lf.Release(ctx) }
