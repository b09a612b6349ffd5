package monitoring_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/ctxtest"
	"github.com/jixiao-go/jixiao/monitoring"
)

// TestCheckBatchSameAsCheck runs the bundled sample's four quarterly
// checks, by the policy and by the rule set (triggers, escalation,
// rectifications, unit streaks), with one goroutine and with several, and
// checks the reports and states are the same, value for value.
func TestCheckBatchSameAsCheck(t *testing.T) {
	s := loadSample(t)
	m, err := monitoring.New(2021, s.policy, s.org, s.budgets, s.adjustments)
	require.NoError(t, err)
	for name, mon := range map[string]*monitoring.Monitor{"policy": m, "rules": m.WithRules(s.rules)} {
		want := runYear(t, mon, s.ledger)
		for _, workers := range []int{0, 2, 3, 7} {
			var st monitoring.State
			for q, asOf := range quarterEnds() {
				got, err := mon.CheckBatch(context.Background(), asOf, s.ledger, st, workers)
				require.NoError(t, err)
				assert.Equal(t, want[q], got, "%s, %d workers, Q%d", name, workers, q+1)
				st = got.State
			}
		}
	}
	// Many projects, so that several chunks of the pool are used.
	d := newBenchData(3000, 60000)
	asOf := day(2021, 12, 31)
	big, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, d.budgets, nil)
	require.NoError(t, err)
	l, err := monitoring.Aggregate(context.Background(), 2021, asOf, d.records(0, 60000))
	require.NoError(t, err)
	want, err := big.Check(asOf, l, monitoring.State{})
	require.NoError(t, err)
	got, err := big.CheckBatch(context.Background(), asOf, l, monitoring.State{}, 2)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestCheckBatchCancelled(t *testing.T) {
	d := newBenchData(3000, 30000)
	asOf := day(2021, 12, 31)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, d.budgets, nil)
	require.NoError(t, err)
	l, err := monitoring.Aggregate(context.Background(), 2021, asOf, d.records(0, 30000))
	require.NoError(t, err)
	// Cancelled after 1,000 of the 3,000 projects' checks of ctx.
	ctx := ctxtest.After(1000)
	r, err := m.CheckBatch(ctx, asOf, l, monitoring.State{}, 2)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, r, "no report for part of the projects")
}
