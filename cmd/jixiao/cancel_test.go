package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestReplayCancelled: an interrupted replay (its context cancelled, as
// Ctrl-C does through signal.NotifyContext) prints no totals and fails.
func TestReplayCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := runContext(ctx, []string{"replay", "--lang", "en", "--history", histFile, policyV1}, &out, &errOut)
	assert.NotEqual(t, exitOK, code)
	assert.Empty(t, out.String(), "no totals presented as complete")
	assert.Contains(t, errOut.String(), "context canceled")
}
