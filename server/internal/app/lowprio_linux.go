package app

import (
	"runtime"
	"syscall"
)

// atLowPriority runs f on an OS thread of its own at nice 19, so that checking a backup
// (replaying the whole log) takes the CPU the server leaves over instead of the kiosks'.
// The thread is never unlocked: it ends with its goroutine, and its niceness with it.
func atLowPriority(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19) // best effort: at worst f runs at normal priority
		f()
	}()
	<-done
}
