package goals

import (
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/performance"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBandEdges: both sides of every edge of the qualitative tiers of
// 财预〔2020〕10号 ("100-80%（含）、80-60%（含）、60-0%"): 80 belongs to
// achieved, 60 to partly achieved, each band owns its lower edge. Weight
// 10, scores at two places: 10 × point ÷ 100.
func TestBandEdges(t *testing.T) {
	custom := Config{AchievedMin: dec("90"), PartlyMin: dec("70")}
	tests := []struct {
		name  string
		cfg   Config
		r     Rating
		point string
		want  string // "" for point_outside_band
	}{
		{"achieved top", Config{}, Achieved, "100", "10"},
		{"achieved above top", Config{}, Achieved, "100.01", ""},
		{"achieved at 80", Config{}, Achieved, "80", "8"},
		{"achieved below 80", Config{}, Achieved, "79.99", ""},
		{"partly at 80", Config{}, PartlyAchieved, "80", ""},
		{"partly below 80", Config{}, PartlyAchieved, "79.99", "8"}, // 7.999 → 8.00
		{"partly at 60", Config{}, PartlyAchieved, "60", "6"},
		{"partly below 60", Config{}, PartlyAchieved, "59.99", ""},
		{"not at 60", Config{}, NotAchieved, "60", ""},
		{"not below 60", Config{}, NotAchieved, "59.99", "6"}, // 5.999 → 6.00
		{"not at 0", Config{}, NotAchieved, "0", "0"},
		{"not below 0", Config{}, NotAchieved, "-0.01", ""},
		// bands moved to 90/70: the same ownership at the new edges
		{"custom achieved at 90", custom, Achieved, "90", "9"},
		{"custom partly at 90", custom, PartlyAchieved, "90", ""},
		{"custom partly at 70", custom, PartlyAchieved, "70", "7"},
		{"custom not at 70", custom, NotAchieved, "70", ""},
		{"custom not below 70", custom, NotAchieved, "69.99", "7"}, // 6.999 → 7.00
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScorer(oneIndicatorTree(t, "明显提升", "10"), tt.cfg)
			require.NoError(t, err)
			r, err := s.Score([]Actual{Rated(tt.r, dec(tt.point)), {Rating: Achieved}})
			got := r.Scores[0]
			if tt.want == "" {
				assert.Equal(t, RuleInvalid, got.Rule)
				assert.Contains(t, codes(err), "point_outside_band")
				return
			}
			require.NoError(t, err)
			assert.True(t, got.Value().Equal(dec(tt.want)), "score: got %s want %s", got.Value(), tt.want)
		})
	}
	// A rating without a point takes its band's default, inside the band:
	// 100 for achieved, the lower edge (60, 0) for the others.
	s, err := NewScorer(oneIndicatorTree(t, "明显提升", "10"), Config{})
	require.NoError(t, err)
	for r, want := range map[Rating]string{Achieved: "10", PartlyAchieved: "6", NotAchieved: "0"} {
		res, err := s.Score([]Actual{{Rating: r}, {Rating: Achieved}})
		require.NoError(t, err)
		assert.True(t, res.Scores[0].Value().Equal(dec(want)), "%s: %s", r, res.Scores[0].Value())
	}
}

// codes returns the problem codes of err, or nil.
func codes(err error) []string {
	var ps performance.Problems
	if !errors.As(err, &ps) {
		return nil
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}
