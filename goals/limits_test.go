package goals

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExponentLimit: the decimals goals decodes itself (a target's value
// and upper bound, an actual's value and point, a number in target text)
// accept an exponent of ±performance.MaxExponent and refuse one more, as
// *performance.LimitError; "1e999999999" is refused at once.
func TestExponentLimit(t *testing.T) {
	for _, v := range []string{"1e30", "1e-30"} {
		var tg Target
		require.NoError(t, json.Unmarshal([]byte(`{"op":">=","value":"`+v+`","upper":"`+v+`"}`), &tg), v)
		var a Actual
		require.NoError(t, json.Unmarshal([]byte(`{"value":"`+v+`","point":"`+v+`"}`), &a), v)
	}
	for _, v := range []string{"1e31", "1e-31", "1e999999999"} {
		var tg Target
		err := json.Unmarshal([]byte(`{"op":">=","value":"`+v+`"}`), &tg)
		assert.ErrorIs(t, err, performance.ErrLimit, v)
		err = json.Unmarshal([]byte(`{"op":">=","value":"1","upper":"`+v+`"}`), &tg)
		assert.ErrorIs(t, err, performance.ErrLimit, v)
		for _, field := range []string{"value", "point"} {
			var a Actual
			err = json.Unmarshal([]byte(`{"`+field+`":"`+v+`"}`), &a)
			var le *performance.LimitError
			require.ErrorAs(t, err, &le, v)
			assert.Equal(t, field, le.Path)
		}
	}
	// Target text: 30 decimals read, 31 refused.
	_, err := ParseTarget("≥0." + strings.Repeat("0", 29) + "1")
	require.NoError(t, err)
	_, err = ParseTarget("≥0." + strings.Repeat("0", 30) + "1")
	assert.ErrorIs(t, err, performance.ErrLimit)
	// A library is decoded by performance.DecodeJSON: unknown members and
	// exponents are problems with their paths.
	_, err = ParseLibrary([]byte(`{"version":"1","definitions":[{"id":"a","wieght":"1"}]}`))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, "definitions[0].wieght", ps[0].Path)
}
