//go:build !unix

package performance

import "time"

var cpuEpoch = time.Now()

// cpuNow falls back to wall time where getrusage is not available.
func cpuNow() time.Duration { return time.Since(cpuEpoch) }
