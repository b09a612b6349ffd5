package performance_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
