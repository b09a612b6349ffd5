package performance_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
)

func TestHostValuesJSON(t *testing.T) {
	in := `{"StrategicPriority":3,"Share":0.125000,"PriorGrade":"差","ContractSigned":false}`
	var h performance.HostValues
	require.NoError(t, json.Unmarshal([]byte(in), &h))
	// Numbers are exact decimals, with the exponent as written.
	assert.Equal(t, int32(-6), h["Share"].(decimal.Decimal).Exponent())
	assert.Equal(t, "差", h["PriorGrade"])
	assert.Equal(t, false, h["ContractSigned"])
	out, err := json.Marshal(h)
	require.NoError(t, err)
	// Keys sorted, numbers written exactly.
	assert.Equal(t, `{"ContractSigned":false,"PriorGrade":"差","Share":0.125000,"StrategicPriority":3}`, string(out))
	var again performance.HostValues
	require.NoError(t, json.Unmarshal(out, &again))
	out2, err := json.Marshal(again)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(out2))

	for _, bad := range []string{`{"A":null}`, `{"A":[1]}`, `{"A":{"b":1}}`} {
		var h performance.HostValues
		err := json.Unmarshal([]byte(bad), &h)
		assert.ErrorIs(t, err, performance.ErrHostValue, bad)
		assert.Contains(t, err.Error(), "A:", bad)
	}
	_, err = json.Marshal(performance.HostValues{"X": 1.5})
	assert.ErrorIs(t, err, performance.ErrHostValue)
}

func TestProjectHostStrictJSON(t *testing.T) {
	var p performance.Project
	err := performance.DecodeJSON([]byte(`{"id":"P1","host":{"PriorGrade":"差","StrategicPriority":2}}`), &p)
	require.NoError(t, err)
	assert.Equal(t, "差", p.Host["PriorGrade"])
	assert.True(t, p.Host["StrategicPriority"].(decimal.Decimal).Equal(decimal.NewFromInt(2)))
}

func TestHostValuesExponentBounded(t *testing.T) {
	// One past MaxExponent (30) is refused with the key; at it, accepted.
	var h performance.HostValues
	err := json.Unmarshal([]byte(`{"A":1e31}`), &h)
	assert.ErrorIs(t, err, performance.ErrLimit)
	assert.Contains(t, err.Error(), "A:")
	require.NoError(t, json.Unmarshal([]byte(`{"A":1e30}`), &h))
}

// HostValues decodes itself in the strict decoder's one pass.
var _ strictjson.Unmarshaler = (*performance.HostValues)(nil)

// hostDoc holds host values as a record does, for the one-pass tests.
type hostDoc struct {
	H performance.HostValues `json:"h"`
}

// oneHost decodes {"h": values} in the strict decoder's one pass alone
// (strictjson.Decoder, as DecodeJSON runs it first), reporting whether it
// fell back to the long way.
func oneHost(t testing.TB, doc string) (performance.HostValues, bool) {
	t.Helper()
	d := strictjson.Decoder{Strict: true}
	var got hostDoc
	err := d.Decode([]byte(doc), &got)
	if errors.Is(err, strictjson.ErrFallback) {
		return nil, false
	}
	require.NoError(t, err, doc)
	return got.H, true
}

// TestHostValuesOnePass: the strict decoder reads host values from its own
// tokens (HostValues.UnmarshalStrictJSON): the same values as
// UnmarshalJSON, the exponent as written, and each value's Go type (a
// number a decimal.Decimal, a string a string, true a bool). What
// UnmarshalJSON refuses falls back, and DecodeJSON's error is the long
// way's, naming the key; a key given twice falls back too (UnmarshalJSON
// keeps the last).
func TestHostValuesOnePass(t *testing.T) {
	h, ok := oneHost(t, `{"h":{"Share":0.125000,"PriorGrade":"\u5dee","Signed":true,"N":-3,"Big":1e30}}`)
	require.True(t, ok, "decoded in one pass")
	assert.Equal(t, int32(-6), h["Share"].(decimal.Decimal).Exponent())
	assert.Equal(t, "0.125", h["Share"].(decimal.Decimal).String())
	assert.Equal(t, "差", h["PriorGrade"])
	assert.Equal(t, true, h["Signed"])
	assert.Equal(t, "-3", h["N"].(decimal.Decimal).String())
	assert.Equal(t, int32(30), h["Big"].(decimal.Decimal).Exponent())
	assert.Len(t, h, 5)

	h, ok = oneHost(t, `{"h":{}}`)
	require.True(t, ok)
	assert.NotNil(t, h, "an empty object is empty values, as UnmarshalJSON gives")
	assert.Empty(t, h)
	h, ok = oneHost(t, `{"h":null}`)
	require.True(t, ok)
	assert.Nil(t, h)

	for _, doc := range []string{
		`{"h":{"A":null}}`, `{"h":{"A":[1]}}`, `{"h":{"A":{"b":1}}}`, `{"h":{"A":1e31}}`,
		`{"h":{"A":1,"A":2}}`, `{"h":{"A":01}}`, `{"h":[]}`, `{"h":"A"}`,
	} {
		_, ok := oneHost(t, doc)
		assert.False(t, ok, "%s falls back", doc)
	}
	// The long way's errors, as before the one pass: the key named.
	var p performance.Project
	err := performance.DecodeJSON([]byte(`{"id":"P1","host":{"A":null}}`), &p)
	assert.ErrorIs(t, err, performance.ErrHostValue)
	assert.Contains(t, err.Error(), "A: null (leave the field out for no value)")
	err = performance.DecodeJSON([]byte(`{"id":"P1","host":{"A":1e31}}`), &p)
	assert.ErrorIs(t, err, performance.ErrLimit)
	assert.Contains(t, err.Error(), "A:")
}

// FuzzHostValuesOnePass checks the one pass against encoding/json over
// any text in a host values' place: whenever the one pass accepts the
// document, encoding/json (HostValues.UnmarshalJSON) accepts it too and
// gives the same values, exponents and types (MarshalJSON writes each
// exactly, a string quoted and a number bare). Refusing is always allowed.
func FuzzHostValuesOnePass(f *testing.F) {
	for _, s := range []string{
		`{"StrategicPriority":3,"Share":0.125000,"PriorGrade":"差","ContractSigned":false}`,
		`{"A":"1","B":1,"C":true,"D":"\u00e9\n"}`, `{"k\"":-0.0,"":1E-3}`, "{\"bad \xff\":\"\xfe\"}",
		`{}`, `null`, `{"A":null}`, `{"A":1,"a":2}`, `{"A":1,"A":2}`, `{"A":1e31}`, `{"A":[1]}`, `1`, `"x"`,
		`{"A":1},"H":{"B":2}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, values string) {
		doc := `{"h":` + values + `}`
		one, ok := oneHost(t, doc)
		if !ok {
			return
		}
		var long hostDoc
		if err := json.Unmarshal([]byte(doc), &long); err != nil {
			t.Fatalf("one pass accepted %q; encoding/json refuses it: %v", doc, err)
		}
		got, err := json.Marshal(one)
		require.NoError(t, err)
		want, err := json.Marshal(long.H)
		require.NoError(t, err)
		if string(got) != string(want) || (one == nil) != (long.H == nil) {
			t.Fatalf("%q: one pass %s, encoding/json %s", doc, got, want)
		}
	})
}
