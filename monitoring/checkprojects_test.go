package monitoring_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/ctxtest"
	"github.com/jixiao-go/jixiao/monitoring"
)

// TestCheckProjectsSameProjects runs the bundled sample's four quarterly
// checks, by the policy and by the rule set, and at each quarter checks
// the projects only (CheckProjects) from the same prior State: the
// statuses, problems, rectifications, the projects' actions and the
// projects' part of the next State must be the full check's, value for
// value, and the groups and unit actions must be absent, not wrong.
func TestCheckProjectsSameProjects(t *testing.T) {
	s := loadSample(t)
	m, err := monitoring.New(2021, s.policy, s.org, s.budgets, s.adjustments)
	require.NoError(t, err)
	for name, mon := range map[string]*monitoring.Monitor{"policy": m, "rules": m.WithRules(s.rules)} {
		var st monitoring.State
		unitActions, projectActions := 0, 0
		for q, asOf := range quarterEnds() {
			full, err := mon.Check(asOf, s.ledger, st)
			require.NoError(t, err)
			got, err := mon.CheckProjects(context.Background(), asOf, s.ledger, st)
			require.NoError(t, err)
			var want []monitoring.Action
			for _, a := range full.Actions {
				if a.ProjectID != "" {
					want = append(want, a)
				} else {
					unitActions++
				}
			}
			projectActions += len(want)
			assert.Equal(t, full.Projects, got.Projects, "%s Q%d", name, q+1)
			assert.Equal(t, full.Problems, got.Problems, "%s Q%d", name, q+1)
			assert.Equal(t, full.Rectifications, got.Rectifications, "%s Q%d", name, q+1)
			assert.Equal(t, want, got.Actions, "%s Q%d", name, q+1)
			assert.Equal(t, full.State.AsOf, got.State.AsOf, "%s Q%d", name, q+1)
			assert.Equal(t, full.State.Projects, got.State.Projects, "%s Q%d", name, q+1)
			assert.Equal(t, full.State.Fired, got.State.Fired, "%s Q%d", name, q+1)
			assert.Equal(t, full.State.Rectifications, got.State.Rectifications, "%s Q%d", name, q+1)
			assert.Empty(t, got.Units, "%s Q%d", name, q+1)
			assert.Empty(t, got.Departments, "%s Q%d", name, q+1)
			assert.Empty(t, got.LaggingByGap, "%s Q%d", name, q+1)
			assert.Empty(t, got.State.Units, "%s Q%d", name, q+1)
			st = full.State
		}
		// The sample exercises both kinds, so the filter above is tested.
		assert.Positive(t, projectActions, name)
		t.Logf("%s: %d project actions, %d unit actions", name, projectActions, unitActions)
	}
}

func TestCheckProjectsCancelled(t *testing.T) {
	d := newBenchData(3000, 30000)
	asOf := day(2021, 12, 31)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, d.budgets, nil)
	require.NoError(t, err)
	l, err := monitoring.Aggregate(context.Background(), 2021, asOf, d.records(0, 30000))
	require.NoError(t, err)
	// Cancelled after 1,000 of the 3,000 projects' checks of ctx.
	r, err := m.CheckProjects(ctxtest.After(1000), asOf, l, monitoring.State{})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, r, "no report for part of the projects")
}
