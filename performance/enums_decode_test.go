package performance

import (
	"testing"

	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestEnumsDecodeFromSpellings checks the enums whose parsers do more than
// a table's lookup: UnmarshalText of every spelling of their rows gives
// ParseX's value without an allocation, and of other cases, padded texts
// and unknown ones ParseX's value or message.
func TestEnumsDecodeFromSpellings(t *testing.T) {
	t.Run("Kind", func(t *testing.T) {
		// The codes, 经常性, 经常性项目, 常规, … and "" (not stated).
		enumtest.Decodes(t, ParseKind, append(kindTable.Texts(false), ""),
			"新增", "临时性", "经常性 项目")
	})
	t.Run("AmountUnit", func(t *testing.T) {
		// yuan, 元, wan, 万元, yi, 亿元; the empty string and bare 万 are
		// errors.
		enumtest.Decodes(t, ParseAmountUnit, amountUnitTable.Texts(false),
			"", " ", "万", "亿", "元元")
	})
}
