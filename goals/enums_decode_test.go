package goals

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestEnumsDecodeFromSpellings checks the enums whose parsers do more than
// a table's lookup: UnmarshalText of every spelling of their rows gives
// ParseX's value without an allocation, and of other cases, padded texts
// and unknown ones ParseX's value or message.
func TestEnumsDecodeFromSpellings(t *testing.T) {
	t.Run("Standard", func(t *testing.T) {
		// Rows 1–4 (code, 计划标准, plan standard, 计划, …) and "" for
		// StandardNone; row 0's names are not accepted.
		enumtest.Decodes(t, ParseStandard, append(standardTable[1:].Texts(true), ""),
			"国家标准", "未说明", "not stated", "计划 标准")
	})
	t.Run("VersionKind", func(t *testing.T) {
		// "" is VersionSubmitted, but " " is an error.
		enumtest.Decodes(t, ParseVersionKind, append(versionKindTable.Texts(true), ""),
			"申请", " ", "approved!")
	})
	t.Run("Operator", func(t *testing.T) {
		var valid []string
		for _, n := range operatorNames {
			valid = append(append(valid, n.code, n.symbol, n.zh), n.symbols...)
		}
		// 7 codes, 7 symbols, 7 Chinese names (区间 and 定性 twice) and
		// >=, ≧, <=, ≦, ==.
		assert.Len(t, valid, 7+7+7+5)
		// Codes are matched in their case only: "GE" is an error.
		enumtest.Decodes(t, ParseOperator, valid, "", "GE", "约", "=>", "≥ =")
	})
	t.Run("Rating", func(t *testing.T) {
		// Rows 1–3 (achieved: code and Chinese name, its English name
		// being its code; partly and not achieved: code, Chinese and
		// English names) and the 12 + 11 + 9 wordings of forms. "" is
		// RatingNone for UnmarshalText but an error for ParseRating, so it
		// is not among the texts compared (TestEnums reads it).
		texts := ratingTexts()
		assert.Len(t, texts, 2+3+3+12+11+9)
		enumtest.Decodes(t, ParseRating, texts, "达成了", "partially", "未达成预期指标且", "良好")
		// A final 。 is trimmed by the parser: read, though not looked up.
		var r Rating
		require.NoError(t, r.UnmarshalText([]byte("达成预期指标。")))
		assert.Equal(t, Achieved, r)
	})
}
