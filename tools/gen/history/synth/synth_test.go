package synth

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordsDeterministic(t *testing.T) {
	cfg := Config{Seed: 1, Years: []int{2021, 2022, 2023}, Projects: 300, Units: []string{"u1", "u2"}}
	encode := func(c Config) []string {
		var out []string
		for r := range c.Records() {
			b, err := json.Marshal(r)
			require.NoError(t, err)
			out = append(out, string(b))
		}
		return out
	}
	a, b := encode(cfg), encode(cfg)
	assert.Equal(t, a, b, "same seed, same records")
	cfg.Seed = 2
	assert.NotEqual(t, a, encode(cfg), "another seed, other records")
}

func TestRecordsShape(t *testing.T) {
	cfg := Config{Seed: 9, Years: []int{2021, 2022, 2023}, Projects: 500, Units: []string{"u"}}
	prevYear, prevID := 0, ""
	for r := range cfg.Records() {
		p := &r.Project
		// Year by year, then by ID.
		require.True(t, p.FiscalYear > prevYear || p.FiscalYear == prevYear && p.ID > prevID, "%d %s after %d %s", p.FiscalYear, p.ID, prevYear, prevID)
		prevYear, prevID = p.FiscalYear, p.ID
		// The cost lines add up to the amount, exactly.
		sum := p.CostLines[0].Amount.Sub(p.CostLines[0].Amount)
		for _, l := range p.CostLines {
			sum = sum.Add(l.Amount)
			assert.True(t, l.Amount.Equal(l.Quantity.Mul(l.UnitPrice)), "%s: %s × %s ≠ %s", p.ID, l.Quantity, l.UnitPrice, l.Amount)
		}
		assert.True(t, sum.Equal(p.Amount), "%s: lines %s, amount %s", p.ID, sum, p.Amount)
		// Twelve months, summing to at most the budget.
		require.Len(t, r.Execution.Monthly, 12)
		assert.True(t, r.Execution.Executed(12).LessThanOrEqual(r.Execution.Budget()), "%s overspent", p.ID)
	}
}
