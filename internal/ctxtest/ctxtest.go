// Package ctxtest has the context the cancellation tests share: one that
// reports cancellation after a given number of checks, so a test can cancel
// a long call exactly after its Nth project, record or recipient.
package ctxtest

import (
	"context"
	"sync/atomic"
)

// CancelAfter is a context whose Err reports context.Canceled from its
// (after+1)th call on, counting every call: a call that checks it once per
// project is cancelled after exactly `after` projects. Its Done channel is
// Background's (nil): the tests count checks of Err, not waits on Done.
type CancelAfter struct {
	context.Context
	calls atomic.Int64
	after int64
}

// After returns a CancelAfter that lets `after` checks pass.
func After(after int64) *CancelAfter {
	return &CancelAfter{Context: context.Background(), after: after}
}

// Err counts the call and reports context.Canceled after the allowed ones.
func (c *CancelAfter) Err() error {
	if c.calls.Add(1) > c.after {
		return context.Canceled
	}
	return nil
}

// Calls returns how many times Err was called.
func (c *CancelAfter) Calls() int64 { return c.calls.Load() }
