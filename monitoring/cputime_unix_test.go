//go:build unix

package monitoring_test

import (
	"syscall"
	"time"
)

// cpuNow returns the user plus system CPU time the process has used. The
// scaling tests compare CPU times, not wall times: on a shared machine a
// longer run is more often preempted, which would inflate the ratio of a
// long run to a short one.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
