package goals

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
)

// describeActual writes a decoded actual field by field, decimals with
// their exponents, for comparing the one pass with the long way.
func describeActual(a Actual) string {
	dec := func(d decimal.NullDecimal) string {
		if !d.Valid {
			return "none"
		}
		return fmt.Sprintf("%s(e%d)", d.Decimal, d.Decimal.Exponent())
	}
	date := ""
	if !a.Date.IsZero() {
		date = a.Date.Format("2006-01-02")
	}
	return fmt.Sprintf("value=%s unit=%q date=%s rating=%d point=%s", dec(a.Value), a.Unit, date, a.Rating, dec(a.Point))
}

// TestActualOnePass: an actual inside a strictly decoded document is read
// from the one pass's tokens (UnmarshalStrictJSON); each case's value is
// worked from the JSON by hand, and the long way (unmarshalLong) gives
// the same. What the long way refuses falls back, and DecodeJSON's error
// is the long way's, with the member named.
func TestActualOnePass(t *testing.T) {
	var _ strictjson.Unmarshaler = (*Actual)(nil)
	tests := []struct{ in, want string }{
		{`{"value":"95","unit":"%"}`, `value=95(e0) unit="%" date= rating=0 point=none`},
		{`{"value":96.50,"unit":"人"}`, `value=96.5(e-2) unit="人" date= rating=0 point=none`},
		{`{"date":"2022-12-20"}`, `value=none unit="" date=2022-12-20 rating=0 point=none`},
		{`{"rating":"achieved","point":"90"}`, `value=none unit="" date= rating=1 point=90(e0)`},
		{`{"rating":"基本达成"}`, `value=none unit="" date= rating=2 point=none`},
		{`{"Value":"1e3","UNIT":null,"date":"","rating":"","point":null}`, `value=1000(e3) unit="" date= rating=0 point=none`},
		{`{}`, `value=none unit="" date= rating=0 point=none`},
		{`null`, `value=none unit="" date= rating=0 point=none`},
	}
	for _, tt := range tests {
		var one Actual
		require.NoError(t, actualDecoder.Decode([]byte(tt.in), &one), "one pass: %s", tt.in)
		assert.Equal(t, tt.want, describeActual(one), tt.in)
		var long Actual
		require.NoError(t, long.unmarshalLong([]byte(tt.in)), tt.in)
		assert.Equal(t, tt.want, describeActual(long), "long way: %s", tt.in)
	}
	for _, in := range []string{
		`{"value":"abc"}`, `{"value":true}`, `{"value":[1]}`, `{"point":"1e31"}`, `{"date":"2022-13-01"}`,
		`{"rating":"excellent"}`, `{"rating":1}`, `{"unit":5}`, `{"valu":"1"}`, `{"value":"1","Value":"2"}`,
		`{"value":"1","value":"2"}`, `[]`, `"95%"`,
	} {
		var one Actual
		assert.ErrorIs(t, actualDecoder.Decode([]byte(in), &one), strictjson.ErrFallback, in)
	}
	var doc struct {
		Actual Actual `json:"actual"`
	}
	err := performance.DecodeJSON([]byte(`{"actual":{"value":"1e31"}}`), &doc)
	assert.ErrorIs(t, err, performance.ErrLimit)
	assert.Contains(t, err.Error(), "value")
	err = performance.DecodeJSON([]byte(`{"actual":{"valu":"1"}}`), &doc)
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "valu"), err.Error())
}

// FuzzActualOnePass checks that the one pass (UnmarshalStrictJSON, through
// the strict decoder) gives the value the long way gives from the same
// text whenever it accepts it. Refusing is always allowed (the long way
// then decides); accepting what the long way refuses, or decoding to
// another value, is the failure.
func FuzzActualOnePass(f *testing.F) {
	for _, s := range []string{
		`{"value":"95","unit":"%"}`, `{"value":96.50,"unit":"人"}`, `{"date":"2022-12-20"}`,
		`{"rating":"achieved","point":"90"}`, `{"rating":"基本达成","point":85}`, `{"VALUE":"-0.0","Unit":"\u4eba"}`,
		`{"value":null,"unit":null,"date":null,"rating":null,"point":null}`, `{"value":"1e31"}`, `{"value":""}`,
		`{"value":"1","Value":"2"}`, `{"date":"2022-02-30"}`, `{"rating":"none"}`, `{}`, `null`, `[]`, `5`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var one Actual
		if actualDecoder.Decode([]byte(in), &one) != nil {
			return
		}
		var long Actual
		if err := long.unmarshalLong([]byte(in)); err != nil {
			t.Fatalf("one pass accepted %q as %s; the long way refuses it: %v", in, describeActual(one), err)
		}
		if got, want := describeActual(one), describeActual(long); got != want {
			t.Fatalf("%q: one pass %s, long way %s", in, got, want)
		}
	})
}
