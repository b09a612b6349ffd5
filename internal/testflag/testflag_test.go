package testflag

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUpdateShared: two declarations (two test files of one binary) get the
// one flag, and setting -update on the command line sets both.
func TestUpdateShared(t *testing.T) {
	a, b := Update(), Update()
	require.Same(t, a, b, "a second Update call must return the flag the first registered")
	f := flag.Lookup("update")
	require.NotNil(t, f, "Update registers -update")
	assert.Equal(t, "false", f.DefValue)
	assert.False(t, *a)

	require.NoError(t, flag.CommandLine.Set("update", "true"))
	t.Cleanup(func() { _ = flag.CommandLine.Set("update", "false") })
	assert.True(t, *a)
	assert.True(t, *b)
	assert.True(t, f.Value.(interface{ IsBoolFlag() bool }).IsBoolFlag(), "-update must stand alone, without =true")
	assert.Error(t, f.Value.Set("maybe"))
}

// TestUpdateForeign: a -update defined without Update (a test package's own
// flag.Bool) makes Update panic, as flag.Bool panics on a flag defined twice,
// rather than hand out a second, unset flag.
func TestUpdateForeign(t *testing.T) {
	fs := flag.CommandLine
	t.Cleanup(func() { flag.CommandLine = fs })
	flag.CommandLine = flag.NewFlagSet("t", flag.ContinueOnError)
	flag.Bool("update", false, "")
	assert.PanicsWithValue(t, "testflag: -update is already defined, not by testflag.Update: declare it with testflag.Update only", func() { Update() })
}
