package rules_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

func TestOrderingAndHitPolicies(t *testing.T) {
	off := false
	rs := []rules.Rule{
		{ID: "low", When: "true", Priority: 1},
		{ID: "b", When: "true", Priority: 5},
		{ID: "a", When: "true", Priority: 5},
		{ID: "false", When: "false", Priority: 9},
		{ID: "off", When: "true", Priority: 9, Enabled: &off},
	}
	env := sample()
	t.Run("collect orders by priority then file order", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{"b", "a", "low"}, fired(res))
		assert.Equal(t, map[string]rules.Reason{"false": rules.ReasonConditionFalse, "off": rules.ReasonDisabled}, reasons(res))
		assert.Equal(t, "false", res.Skipped[0].RuleID, "skipped in evaluation order")
	})
	t.Run("index is the position in the set, not in evaluation order", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		var idx []int
		for _, f := range res.Fired {
			idx = append(idx, f.Index)
			assert.Equal(t, rs[f.Index].ID, f.RuleID)
		}
		assert.Equal(t, []int{1, 2, 0}, idx) // b, a, low
	})
	t.Run("fired only", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", Rules: rs}).Eval(&env, rules.EvalOptions{FiredOnly: true})
		require.NoError(t, err)
		assert.Equal(t, []string{"b", "a", "low"}, fired(res))
		assert.Nil(t, res.Skipped)
	})
	t.Run("first", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitFirst, Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{"b"}, fired(res))
		assert.Equal(t, rules.ReasonNotReached, reasons(res)["a"])
		assert.Equal(t, rules.ReasonNotReached, reasons(res)["low"])
	})
	t.Run("unique violated", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitUnique, Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.ErrorIs(t, err, rules.ErrNotUnique)
		assert.Equal(t, []string{"b", "a", "low"}, fired(res), "the full result comes with the error")
	})
	t.Run("unique satisfied", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitUnique, Rules: rs[3:]}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Empty(t, res.Fired)
	})
}

func TestGroupsAndEffectiveDates(t *testing.T) {
	rs := []rules.Rule{
		{ID: "cut30", When: "true", Group: "cut", EffectiveTo: "2024-12-31"},
		{ID: "cut20", When: "true", Group: "cut", EffectiveFrom: "2025-01-01"},
		{ID: "cut10", When: "true", Group: "cut"},
		{ID: "note", When: "true"},
	}
	p := compile(t, &rules.Set{ID: "s", Rules: rs})
	env := sample()
	tests := []struct {
		asOf    time.Time
		fired   []string
		reasons map[string]rules.Reason
	}{
		{time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC), []string{"cut30", "note"},
			map[string]rules.Reason{"cut20": rules.ReasonOutsidePeriod, "cut10": rules.ReasonGroupFired}},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), []string{"cut20", "note"},
			map[string]rules.Reason{"cut30": rules.ReasonOutsidePeriod, "cut10": rules.ReasonGroupFired}},
		// zero AsOf: effective periods are not checked
		{time.Time{}, []string{"cut30", "note"},
			map[string]rules.Reason{"cut20": rules.ReasonGroupFired, "cut10": rules.ReasonGroupFired}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf.Format("2006-01-02"), func(t *testing.T) {
			res, err := p.Eval(&env, rules.EvalOptions{AsOf: tt.asOf})
			require.NoError(t, err)
			assert.Equal(t, tt.fired, fired(res))
			assert.Equal(t, tt.reasons, reasons(res))
		})
	}
}
