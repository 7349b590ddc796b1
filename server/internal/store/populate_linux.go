package store

import "syscall"

// verifyMmapFlags has the kernel read the whole file into the mapping at open, in
// order: verify reads every page, and left to fault them in one by one in the order
// of the B+tree it took 20 s cold for a 1.2 GB log of a million events, against 2.4 s
// for reading the file through.
const verifyMmapFlags = syscall.MAP_POPULATE
