package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
	"github.com/jixiao-go/jixiao/monitoring"
)

// generateTo runs the generator into a new folder and returns it.
func generateTo(t *testing.T, c config) string {
	t.Helper()
	c.out = t.TempDir()
	require.NoError(t, c.generate())
	return c.out
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows
}

// sameFiles asserts that two folders hold the same files, byte for byte.
func sameFiles(t *testing.T, a, b string, names ...string) {
	t.Helper()
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, n))
		require.NoError(t, err)
		assert.True(t, string(x) == string(y), "%s differs between two runs", n)
	}
}

func TestMonitoring(t *testing.T) {
	c := config{kind: "monitoring", projects: 40, records: 3000, lines: 1, seed: 7}
	dir := generateTo(t, c)
	sameFiles(t, dir, generateTo(t, c), "budgets.json", "records.csv")

	var budgets []monitoring.Budget
	data, err := os.ReadFile(filepath.Join(dir, "budgets.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &budgets))
	require.Len(t, budgets, 40)
	ids := map[string]bool{}
	for _, b := range budgets {
		ids[b.ProjectID] = true
	}
	// Every record is readable, of 2021 and of a budgeted project.
	f, err := os.Open(filepath.Join(dir, "records.csv"))
	require.NoError(t, err)
	defer f.Close()
	n := 0
	for r, err := range monitoring.ReadRecords(f) {
		require.NoError(t, err)
		assert.True(t, ids[r.ProjectID], r.ProjectID)
		assert.Equal(t, 2021, r.Date.Year())
		assert.True(t, r.Amount.IsPositive())
		n++
	}
	assert.Equal(t, 3000, n)
}

func TestPortfolio(t *testing.T) {
	c := config{kind: "portfolio", projects: 25, lines: 4, experts: 3, goals: true, seed: 7}
	dir := generateTo(t, c)
	sameFiles(t, dir, generateTo(t, c), "projects.csv", "cost_lines.csv", "experts.json", "goals.json")

	projects := readCSV(t, filepath.Join(dir, "projects.csv"))
	lines := readCSV(t, filepath.Join(dir, "cost_lines.csv"))
	require.Len(t, projects, 1+25)
	require.Len(t, lines, 1+25*4)
	// Each project's amount is the sum of its lines, and each line's
	// amount is its quantity × unit price.
	sums := map[string]decimal.Decimal{}
	for _, l := range lines[1:] {
		q, price, amt := decimal.RequireFromString(l[3]), decimal.RequireFromString(l[5]), decimal.RequireFromString(l[6])
		assert.True(t, q.Mul(price).Equal(amt), "%v", l)
		sums[l[0]] = sums[l[0]].Add(amt)
	}
	for _, p := range projects[1:] {
		assert.True(t, sums[p[0]].Equal(decimal.RequireFromString(p[13])), "%s: lines %s, amount %s", p[0], sums[p[0]], p[13])
	}

	var sheets []expertSheets
	data, err := os.ReadFile(filepath.Join(dir, "experts.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &sheets))
	require.Len(t, sheets, 25)
	for i, s := range sheets {
		assert.Equal(t, projects[1+i][0], s.ProjectID)
		require.Len(t, s.Experts, 3)
		for _, e := range s.Experts {
			assert.Len(t, e.Scores, 11) // the default assessment items
		}
	}
	var trees map[string]*goals.Tree
	data, err = os.ReadFile(filepath.Join(dir, "goals.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &trees))
	assert.Len(t, trees, 25)
}

// The history folder replays: every record reads back (no error, fiscal
// year 2024, each project once) and the bundled policy replays all 30 of
// them, with the folder's org.json and standards.json the bundled ones.
func TestHistory(t *testing.T) {
	c := config{kind: "history", projects: 30, lines: 1, seed: 7, src: "../../../testdata/history"}
	dir := generateTo(t, c)
	sameFiles(t, dir, generateTo(t, c), "records.jsonl")
	sameFiles(t, dir, c.src, "org.json", "standards.json")
	ids := map[string]bool{}
	for r, err := range history.ReadFile(filepath.Join(dir, "records.jsonl")) {
		require.NoError(t, err)
		assert.Equal(t, 2024, r.Project.FiscalYear)
		assert.False(t, ids[r.Project.ID], r.Project.ID)
		ids[r.Project.ID] = true
	}
	assert.Len(t, ids, 30)
	pol := historytest.Load(t, c.src).Program(t, "policy_v1.json") // the org and standards the folder holds
	sum, err := history.Replay(context.Background(), pol, history.ReadFile(filepath.Join(dir, "records.jsonl")), history.StreamOptions{})
	require.NoError(t, err)
	assert.Equal(t, 30, sum.Records)
}

func TestBadConfig(t *testing.T) {
	assert.EqualError(t, (&config{kind: "x", projects: 1, lines: 1, out: t.TempDir()}).generate(), `-kind "x": want monitoring, portfolio or history`)
	assert.Error(t, (&config{kind: "portfolio", out: t.TempDir()}).generate())
	assert.EqualError(t, (&config{kind: "portfolio", projects: 1, lines: 1}).generate(), "-out is required")
}
