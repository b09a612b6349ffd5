package goals

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseRatingWordings: the phrasings forms print, each read as the
// national form's tier (财预〔2020〕10号 附件: three tiers, so 基本 reads as
// the middle one), through ParseRating and through ParseActual.
func TestParseRatingWordings(t *testing.T) {
	tests := []struct {
		in   string
		want Rating
	}{
		{"达成预期指标", Achieved}, {"达到预期", Achieved}, {"已完成", Achieved}, {"完成", Achieved},
		{"达成年度指标", Achieved}, {"已达成", Achieved}, {" 达成预期指标。", Achieved},
		{"achieved", Achieved}, {"达成", Achieved},
		{"部分达成预期指标并具有一定效果", PartlyAchieved}, {"部分达成", PartlyAchieved},
		{"基本达成", PartlyAchieved}, {"基本完成", PartlyAchieved}, {"部分完成", PartlyAchieved},
		{"partly achieved", PartlyAchieved},
		{"未达成预期指标且效果较差", NotAchieved}, {"未达成", NotAchieved}, {"未完成", NotAchieved},
		{"未达到", NotAchieved}, {"not_achieved", NotAchieved},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRating(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			a, err := ParseActual(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Rating, "ParseActual(%q)", tt.in)
			assert.False(t, a.Value.Valid, "a rating carries no value")
		})
	}
	for _, bad := range []string{"", "良好", "达成了吧", "未"} {
		_, err := ParseRating(bad)
		assert.ErrorIs(t, err, ErrUnknownKind, "%q", bad)
	}
}
