package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bar is never drawn into a buffer or a regular file, however long the run.
func TestProgressOffWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, "assess", 10_000)
	for range 10_000 {
		p.step()
	}
	p.finish()
	assert.Empty(t, buf.String())

	f, err := os.Create(t.TempDir() + "/stderr")
	require.NoError(t, err)
	defer f.Close()
	p = newProgress(f, "assess", 10_000)
	assert.False(t, p.on)
}

// When on, the bar redraws in place and ends its line.
func TestProgressDraws(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, label: "x", total: 2, drawn: -1, on: true}
	p.step()
	p.step()
	p.finish()
	// 30·1/2 = 15 marks after the first step, 30 after the second.
	want := "\rx [###############               ] 1/2" +
		"\rx [##############################] 2/2\n"
	assert.Equal(t, want, buf.String())
}
