package performance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// TestJSONDecoderLikeDecodeJSON: one JSONDecoder reused over a stream of
// documents of two types, good and bad in turn, gives each document what
// DecodeJSON gives it alone — the same value or the same error text (an
// unknown member, a member given twice, an exponent beyond MaxExponent,
// a trailing value) — so keeping the fields and decimals across documents
// changes nothing but the cost.
func TestJSONDecoderLikeDecodeJSON(t *testing.T) {
	type line struct {
		Code   string                `json:"code"`
		Amount performance.Execution `json:"amount"`
	}
	docs := []string{
		`{"initial_budget":"100.50","adjusted_budget":100.5,"executed":"9.5"}`,
		`{"code":"a","amount":{"initial_budget":"9.5","executed":"9.5"}}`,
		`{"initial_budget":"9.5","bogus":1}`,
		`{"executed":"3","executed":"4"}`,
		`{"initial_budget":"1e99999999"}`,
		`{"executed":"6"} {}`,
		`{"code":"b","amount":{"initial_budget":"9.5","executed":"100.50"}}`,
		`{"initial_budget":"7","executed":"9.5"}`,
	}
	var dec performance.JSONDecoder
	for i, doc := range docs {
		var got, want any
		var gotErr, wantErr error
		if i == 1 || i == 6 {
			g, w := new(line), new(line)
			gotErr, wantErr = dec.Decode([]byte(doc), g), performance.DecodeJSON([]byte(doc), w)
			got, want = g, w
		} else {
			g, w := new(performance.Execution), new(performance.Execution)
			gotErr, wantErr = dec.Decode([]byte(doc), g), performance.DecodeJSON([]byte(doc), w)
			got, want = g, w
		}
		if wantErr != nil {
			require.Error(t, gotErr, "doc %d", i)
			assert.Equal(t, wantErr.Error(), gotErr.Error(), "doc %d", i)
			continue
		}
		require.NoError(t, gotErr, "doc %d", i)
		assert.Equal(t, want, got, "doc %d", i)
	}
	// The good documents decoded and the bad ones did not: the test would
	// pass vacuously if DecodeJSON refused everything.
	var ok performance.Execution
	require.NoError(t, performance.DecodeJSON([]byte(docs[7]), &ok))
	assert.Equal(t, "7", ok.InitialBudget.String())
	assert.Equal(t, "9.5", ok.Executed.String())
	for _, i := range []int{2, 3, 4, 5} {
		var e performance.Execution
		assert.Error(t, performance.DecodeJSON([]byte(docs[i]), &e), "doc %d", i)
	}
}
