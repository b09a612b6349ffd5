//go:build unix

package goals

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time the process has used. The
// benchmarks report CPU time per tree beside wall time, because on a shared
// machine wall time measures the other tenants too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
