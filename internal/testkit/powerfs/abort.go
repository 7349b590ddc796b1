package powerfs

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// abort ends the FUSE connection through fusectl and detaches the mount, for a test
// that failed with a file still open: a process that serves its own mount would
// otherwise hang at exit, closing that file. It is best effort.
func (f *FS) abort() {
	if minor, ok := mountMinor(f.mnt); ok {
		if _, err := os.Stat("/sys/fs/fuse/connections"); err == nil {
			syscall.Mount("fusectl", "/sys/fs/fuse/connections", "fusectl", 0, "") // fails harmlessly when mounted
			os.WriteFile(fmt.Sprintf("/sys/fs/fuse/connections/%s/abort", minor), []byte("1"), 0)
		}
	}
	syscall.Unmount(f.mnt, syscall.MNT_DETACH)
}

// mountMinor finds the minor device number of the mount at dir, which names its FUSE
// connection.
func mountMinor(dir string) (string, bool) {
	fh, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return "", false
	}
	defer fh.Close()
	lines := bufio.NewScanner(fh)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) > 4 && fields[4] == dir {
			_, minor, ok := strings.Cut(fields[2], ":")
			return minor, ok
		}
	}
	return "", false
}
