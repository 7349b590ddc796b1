package powerfs

import (
	"cmp"
	"context"
	"path/filepath"
	"slices"
	"sync"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// node is a loopback node whose file data writes wait in memory until synced.
type node struct {
	fs.LoopbackNode
	reg *registry

	mu sync.Mutex
	p  *pending // nil while the file has no unsynced writes
}

// registry knows the nodes with pending writes, for the cut.
type registry struct {
	mu    sync.Mutex
	dirty map[*node]struct{}
}

func (r *registry) set(n *node, dirty bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if dirty {
		r.dirty[n] = struct{}{}
	} else {
		delete(r.dirty, n)
	}
}

// take returns the dirty nodes in inode order, so that a seeded cut is repeatable;
// forget empties the set. Nodes are locked only after the registry is released.
func (r *registry) take(forget bool) []*node {
	r.mu.Lock()
	nodes := make([]*node, 0, len(r.dirty))
	for n := range r.dirty {
		nodes = append(nodes, n)
	}
	if forget {
		clear(r.dirty)
	}
	r.mu.Unlock()
	slices.SortFunc(nodes, func(a, b *node) int { return cmp.Compare(a.StableAttr().Ino, b.StableAttr().Ino) })
	return nodes
}

var (
	_ fs.NodeOpener    = (*node)(nil)
	_ fs.NodeCreater   = (*node)(nil)
	_ fs.NodeGetattrer = (*node)(nil)
	_ fs.NodeSetattrer = (*node)(nil)
	_ fs.NodeStatxer   = (*node)(nil)
)

// backingPath is the node's path in the backing directory.
func (n *node) backingPath() string {
	return filepath.Join(n.RootData.Path, n.Path(n.Root()))
}

// Open wraps the loopback file so its writes go through the pending pages.
func (n *node) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	fh, fl, errno := n.LoopbackNode.Open(ctx, flags)
	if errno != 0 {
		return nil, 0, errno
	}
	if flags&syscall.O_TRUNC != 0 {
		n.truncated(0)
	}
	return wrap(n, fh), fl &^ fuse.FOPEN_DIRECT_IO, 0
}

// Create creates the file at once (metadata is durable) and wraps its handle.
func (n *node) Create(ctx context.Context, name string, flags, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	ch, fh, fl, errno := n.LoopbackNode.Create(ctx, name, flags, mode, out)
	if errno != 0 {
		return nil, nil, 0, errno
	}
	child, ok := ch.Operations().(*node)
	if !ok {
		fh.(fs.FileReleaser).Release(ctx)
		return nil, nil, 0, syscall.EIO
	}
	if flags&syscall.O_TRUNC != 0 {
		child.truncated(0)
	}
	return ch, wrap(child, fh), fl &^ fuse.FOPEN_DIRECT_IO, 0
}

// Tmpfile is not supported: its data would bypass the pending pages.
func (n *node) Tmpfile(ctx context.Context, flags, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	return nil, nil, 0, syscall.EOPNOTSUPP
}

// Getattr reports the backing file's attributes with the size the pending writes give.
func (n *node) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	if ff, ok := f.(*file); ok {
		var st syscall.Stat_t
		if err := syscall.Fstat(ff.fd, &st); err != nil {
			return fs.ToErrno(err)
		}
		out.FromStat(&st)
	} else if errno := n.LoopbackNode.Getattr(ctx, nil, out); errno != 0 {
		return errno
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.p != nil {
		out.Size = uint64(n.p.size)
		out.Blocks = (out.Size + 511) / 512
	}
	return 0
}

// Statx is Getattr's newer form.
func (n *node) Statx(ctx context.Context, f fs.FileHandle, flags, mask uint32, out *fuse.StatxOut) syscall.Errno {
	if errno := n.LoopbackNode.Statx(ctx, nil, flags, mask, out); errno != 0 {
		return errno
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.p != nil {
		out.Size = uint64(n.p.size)
		out.Blocks = (out.Size + 511) / 512
	}
	return 0
}

// Setattr truncates the backing file at once (durable metadata) and the pending pages
// with it; the other attributes pass through.
func (n *node) Setattr(ctx context.Context, f fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	if sz, ok := in.GetSize(); ok {
		var err error
		if ff, ok := f.(*file); ok {
			err = syscall.Ftruncate(ff.fd, int64(sz))
		} else {
			err = syscall.Truncate(n.backingPath(), int64(sz))
		}
		if err != nil {
			return fs.ToErrno(err)
		}
		n.truncated(int64(sz))
	}
	rest := *in
	rest.Valid &^= fuse.FATTR_SIZE | fuse.FATTR_FH | fuse.FATTR_LOCKOWNER
	if rest.Valid != 0 {
		if errno := n.LoopbackNode.Setattr(ctx, nil, &rest, out); errno != 0 {
			return errno
		}
	}
	return n.Getattr(ctx, f, out)
}

// truncated follows a truncate of the backing file in the pending pages.
func (n *node) truncated(size int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.p != nil {
		n.p.truncate(size)
	}
}
