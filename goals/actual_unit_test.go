package goals

import (
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnitlessActual: an actual printed without a unit against a target
// with one is a missing_unit problem (code, path, both values) unless
// Config.AssumeTargetUnit takes the unit the target printed.
func TestUnitlessActual(t *testing.T) {
	tests := []struct {
		name   string
		target string
		assume bool
		value  string
		want   string // score of the 10-point indicator
		code   string // problem code, "" for none
	}{
		// Off: the 万元 target and the bare 85 are not compared at all.
		{"money off", "≤90万元", false, "85", "0", "missing_unit"},
		// On: 85 is 85万元 = 850000 元 ≤ 900000 元: met, 10.
		{"money on met", "≤90万元", true, "85", "10", ""},
		// On: 95万元 = 950000 元 > 900000: 10 × 900000 ÷ 950000 = 9.4736… → 9.47.
		{"money on inverse", "≤90万元", true, "95", "9.47", ""},
		// On, 亿元: 1.2亿元 against ≥1.5亿元: 10 × 1.2 ÷ 1.5 = 8.
		{"yi on", "≥1.5亿元", true, "1.2", "8", ""},
		// A target printed in 元 takes a bare number as 元: 80 of 100 → 8.
		{"yuan on", "≥100元", true, "80", "8", ""},
		// Off for any unit, not only money: 95 against ≥100人.
		{"people off", "≥100人", false, "95", "0", "missing_unit"},
		// On: 95人 of 100 → 9.5.
		{"people on", "≥100人", true, "95", "9.5", ""},
		// A range printed in 万元: 15 is 150000 元 within [100000, 200000].
		{"range on", "10-20万元", true, "15", "10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScorer(oneIndicatorTree(t, tt.target, "10"), Config{AssumeTargetUnit: tt.assume})
			require.NoError(t, err)
			r, err := s.Score([]Actual{Measured(dec(tt.value), ""), {Rating: Achieved}})
			got := r.Scores[0]
			assert.True(t, got.Value().Equal(dec(tt.want)), "score: got %s want %s", got.Value(), tt.want)
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			var ps performance.Problems
			require.True(t, errors.As(err, &ps), "want problems, got %v", err)
			require.Len(t, ps, 1)
			p := ps[0]
			assert.Equal(t, tt.code, p.Code)
			assert.Equal(t, "actuals[0].unit", p.Path)
			// both values named in the message
			assert.Contains(t, p.Message.ZH, tt.value)
			assert.Contains(t, p.Message.ZH, tt.target)
			assert.Contains(t, p.Message.EN, tt.target)
			assert.Equal(t, RuleInvalid, got.Rule)
		})
	}
}
