package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPortfolioCSVProjectID: a projects.csv names its project column
// project_id, as history's records and the cost lines do (issue 15, one
// column vocabulary); "id", its name before, is still read for one
// release, and the same rows give the same projects either way. A row
// without one is rejected at the column's name.
func TestPortfolioCSVProjectID(t *testing.T) {
	lines := "project_id,item,amount\nA,x,1\nB,y,2\n"
	read := func(projects string) ([]string, int) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "projects.csv"), []byte(projects), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cost_lines.csv"), []byte(lines), 0o644))
		subs, tally, err := readPortfolioCSV(filepath.Join(dir, "projects.csv"), csvInput{})
		require.NoError(t, err)
		var ids []string
		for _, s := range subs {
			ids = append(ids, s.Project.ID)
		}
		return ids, tally.Rejected
	}
	ids, rejected := read("project_id,amount\nA,1\nB,2\n")
	assert.Equal(t, []string{"A", "B"}, ids)
	assert.Zero(t, rejected)
	old, rejected := read("id,amount\nA,1\nB,2\n")
	assert.Equal(t, ids, old, "the old name reads the same")
	assert.Zero(t, rejected)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "projects.csv"), []byte("project_id,amount\n,1\nB,2\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cost_lines.csv"), []byte("project_id,item,amount\nB,y,2\n"), 0o644))
	_, tally, err := readPortfolioCSV(filepath.Join(dir, "projects.csv"), csvInput{})
	require.NoError(t, err)
	require.Len(t, tally.Errors, 1)
	assert.Equal(t, "project_id", tally.Errors[0].Field)
	assert.Equal(t, 2, tally.Errors[0].Line)
}
