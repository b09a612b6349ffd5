// Package cputime reads the process's CPU time for the tests and
// benchmarks that compare work done rather than wall time: on a shared
// machine a longer run is more often preempted, and wall time measures the
// neighbours too.
package cputime
