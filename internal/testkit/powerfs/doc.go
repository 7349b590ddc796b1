// Package powerfs is a FUSE file system for tests that simulates a power cut. It is
// for tests only: nothing outside _test.go files may import it.
//
// A mounted FS passes every operation through to a backing directory, except the data
// of writes: a write is held in memory, per 4 KiB page, until the file is fsynced
// (fsync and fdatasync alike), when that file's pending pages are written to the
// backing file. Reads see the pending writes (read-your-writes), and so does a shared
// read-only mmap, as bbolt uses: files are not opened with direct_io, so the kernel's
// page cache serves mmap and is filled from this file system.
//
// Cut simulates the power failing: it unmounts (dropping the kernel's caches), then
// either drops every write that was not synced (DropAll) or keeps a random subset of
// the pending pages, whole pages chosen by a seeded RNG, and drops the rest
// (KeepSome: a disk that wrote some of its cache before the lights went out), and
// mounts again on what is durable.
//
// Metadata is treated as durable at once: create, mkdir, rename, link, unlink,
// truncate, chmod and the size a truncate sets reach the backing directory
// immediately, as on a file system that journals metadata synchronously. A file's
// size grown by writes alone is not durable until the file is synced. The backing
// file itself is never fsynced: only the simulated durability matters.
//
// The process serving the mount must not touch a mapping of one of its files outside a
// system call: a Go program faulting on its own FUSE mount can deadlock with its
// garbage collector. Run what maps the files (the server) in another process.
//
// Mounting needs /dev/fuse and root (the mount(2) call is made directly, without
// fusermount).
package powerfs
