package powerfs

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// Mode is what a power cut does to the writes not yet synced.
type Mode int

const (
	// DropAll loses every write that was not synced.
	DropAll Mode = iota
	// KeepSome keeps a random subset of the unsynced pages, chosen by the seeded RNG,
	// and loses the rest.
	KeepSome
)

// String names the mode in logs.
func (m Mode) String() string {
	if m == KeepSome {
		return "keep-some"
	}
	return "drop-all"
}

// Loss says what a cut did.
type Loss struct {
	Files   int // files that had unsynced writes
	Dropped int // pages lost
	Kept    int // unsynced pages written back anyway (KeepSome)
}

// FS is a mounted power-cut file system.
type FS struct {
	backing, mnt string
	mu           sync.Mutex
	rng          *rand.Rand
	reg          *registry
	srv          *fuse.Server
}

// Mount mounts the backing directory at mountpoint; seed drives KeepSome's choices.
func Mount(backing, mountpoint string, seed uint64) (*FS, error) {
	f := &FS{backing: backing, mnt: mountpoint, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		reg: &registry{dirty: map[*node]struct{}{}}}
	if err := f.mount(); err != nil {
		return nil, err
	}
	return f, nil
}

// Dir is the mount point.
func (f *FS) Dir() string { return f.mnt }

func (f *FS) mount() error {
	var st syscall.Stat_t
	if err := syscall.Stat(f.backing, &st); err != nil {
		return fmt.Errorf("powerfs: backing dir: %w", err)
	}
	rd := &fs.LoopbackRoot{Path: f.backing, Dev: uint64(st.Dev)}
	// NewNode is deprecated for NodeWrapChilder, which wraps a *LoopbackNode; node
	// embeds LoopbackNode by value, so every child is made here instead.
	//lint:ignore SA1019 the wrapper interface would need node to embed a pointer
	rd.NewNode = func(r *fs.LoopbackRoot, _ *fs.Inode, _ string, _ *syscall.Stat_t) fs.InodeEmbedder {
		return &node{LoopbackNode: fs.LoopbackNode{RootData: r}, reg: f.reg}
	}
	root := &node{LoopbackNode: fs.LoopbackNode{RootData: rd}, reg: f.reg}
	rd.RootNode = root
	zero := time.Duration(0)
	srv, err := fs.Mount(f.mnt, root, &fs.Options{
		MountOptions: fuse.MountOptions{DirectMountStrict: true, FsName: "powerfs", Name: "powerfs"},
		AttrTimeout:  &zero, EntryTimeout: &zero, NegativeTimeout: &zero,
	})
	if err != nil {
		return fmt.Errorf("powerfs: mount %s: %w", f.mnt, err)
	}
	f.srv = srv
	return nil
}

// Pending counts the pages written and not yet synced.
func (f *FS) Pending() int {
	total := 0
	for _, n := range f.reg.take(false) {
		n.mu.Lock()
		if n.p != nil {
			total += len(n.p.pages)
		}
		n.mu.Unlock()
	}
	return total
}

// Cut simulates a power failure. Every process using the mount must have been killed
// (and waited for) first. It unmounts, which drops the kernel's page cache, applies
// mode to the unsynced writes, and mounts again on what is durable.
func (f *FS) Cut(mode Mode) (Loss, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.unmount(); err != nil {
		return Loss{}, err
	}
	loss, err := f.lose(mode)
	if err != nil {
		return loss, err
	}
	return loss, f.mount()
}

// lose applies mode to every node's unsynced writes and forgets them.
func (f *FS) lose(mode Mode) (Loss, error) {
	var loss Loss
	for _, n := range f.reg.take(true) {
		n.mu.Lock()
		if n.p != nil {
			loss.Files++
			kept := 0
			if mode == KeepSome {
				k, err := n.p.keepSome(f.rng)
				if err != nil {
					n.mu.Unlock()
					return loss, err
				}
				kept = k
			}
			loss.Kept += kept
			loss.Dropped += len(n.p.pages) - kept
			n.p.close()
			n.p = nil
		}
		n.mu.Unlock()
	}
	return loss, nil
}

// Unmount unmounts; unsynced writes are lost as in a cut that keeps nothing.
func (f *FS) Unmount() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.unmount(); err != nil {
		return err
	}
	_, err := f.lose(DropAll)
	return err
}

func (f *FS) unmount() error {
	if f.srv == nil {
		return nil
	}
	if err := f.srv.Unmount(); err != nil {
		return fmt.Errorf("powerfs: unmount %s: %w", f.mnt, err)
	}
	f.srv.Wait()
	f.srv = nil
	return nil
}

// Backing is the backing directory: what is durable, once unmounted.
func (f *FS) Backing() string { return f.backing }
