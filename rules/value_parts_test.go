package rules_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Value.Parts gives the same number as Value.Decimal, coefficient and
// exponent, while it fits in int64, and says so when it does not.
func TestValuePartsMatchDecimal(t *testing.T) {
	tests := []struct {
		name, expr string
		typ        rules.Type
		ok         bool
		want       string // checked when ok
	}{
		// (120.50 − 100.00) × 3 = 61.50
		{"money", "(UnitCost - StandardUnitCost) * Quantity", rules.TypeMoney, true, "61.5"},
		// 0.42 × 40 + 0.9 × 60 = 70.8
		{"number", "ExecutionRate*40 + GoalCompletion*60", rules.TypeNumber, true, "70.8"},
		// 1,000,000 × (10^12)^2 = 10^30: beyond int64
		{"wide", "Requested * 1000000000000 * 1000000000000", rules.TypeMoney, false, ""},
		{"bool", "Requested > 0", rules.TypeBool, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("x", tt.typ, tt.expr))}})
			env := sample()
			res, err := p.Eval(&env, rules.EvalOptions{})
			require.NoError(t, err)
			require.Len(t, res.Fired, 1, "errors: %v", res.Errors)
			v, ok := res.Fired[0].Output("x")
			require.True(t, ok)
			c, e, ok := v.Parts()
			require.Equal(t, tt.ok, ok)
			if !ok {
				return
			}
			got := decimal.New(c, e)
			assert.True(t, got.Equal(d(tt.want)), "got %s want %s", got, tt.want)
			assert.Equal(t, v.Decimal().Exponent(), e)
			assert.True(t, got.Equal(v.Decimal()))
		})
	}
}
