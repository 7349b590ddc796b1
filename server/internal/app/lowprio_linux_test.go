package app

import (
	"runtime"
	"syscall"
	"testing"
)

// TestAtLowPriority: f runs at nice 19 (the kernel reports 20-nice), the caller's thread
// keeps its priority.
func TestAtLowPriority(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, _ := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	var inside int
	atLowPriority(func() { inside, _ = syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid()) })
	if inside != 20-19 {
		t.Fatalf("f ran at kernel priority %d, want 1 (nice 19)", inside)
	}
	if after, _ := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid()); after != before {
		t.Fatalf("the caller's thread went from %d to %d", before, after)
	}
}
