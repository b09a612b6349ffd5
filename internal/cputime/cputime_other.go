//go:build !unix

package cputime

import "time"

var epoch = time.Now()

// Now falls back to wall time since the program started where getrusage is
// not available.
func Now() time.Duration { return time.Since(epoch) }
