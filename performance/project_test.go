package performance

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2021-03")
	require.NoError(t, err)
	assert.Equal(t, Month{2021, time.March}, m)
	assert.Equal(t, "2021-03", m.String())
	z, err := ParseMonth("")
	require.NoError(t, err)
	assert.True(t, z.IsZero())
	assert.Equal(t, "", z.String())
	for _, bad := range []string{"2021-13", "2021/03", "21-03", "2021-3-1"} {
		_, err := ParseMonth(bad)
		assert.Error(t, err, bad)
	}
	assert.True(t, Month{2020, time.December}.Before(Month{2021, time.January}))
	assert.True(t, Month{2021, time.January}.Before(Month{2021, time.February}))
	assert.False(t, Month{2021, time.February}.Before(Month{2021, time.February}))
	assert.False(t, Month{2022, time.January}.Before(Month{2021, time.December}))
}

func TestPeriodMonths(t *testing.T) {
	tests := []struct {
		name string
		p    Period
		want int
	}{
		{"one month", Period{Month{2021, 5}, Month{2021, 5}}, 1},
		{"calendar year", Period{Month{2021, 1}, Month{2021, 12}}, 12},
		{"across years", Period{Month{2020, 11}, Month{2022, 2}}, 16}, // 2 + 12 + 2
		{"reversed", Period{Month{2021, 6}, Month{2021, 3}}, 0},
		{"no start", Period{End: Month{2021, 3}}, 0},
		{"no end", Period{Start: Month{2021, 3}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.p.Months())
		})
	}
}

func TestPeriodJSON(t *testing.T) {
	p := Period{Start: Month{2020, time.January}, End: Month{2022, time.December}}
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Equal(t, `{"start":"2020-01","end":"2022-12"}`, string(out))
	var back Period
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, p, back)

	out, err = json.Marshal(Period{})
	require.NoError(t, err)
	assert.Equal(t, `{"start":"","end":""}`, string(out))

	assert.Error(t, json.Unmarshal([]byte(`{"start":"March 2021"}`), &back))
}

// A project round-trips through JSON exactly, decimals included.
func TestProjectJSONRoundTrip(t *testing.T) {
	p := validProject()
	out, err := json.Marshal(p)
	require.NoError(t, err)
	var back Project
	require.NoError(t, DecodeJSON(out, &back))
	again, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))
	assert.True(t, back.CostLines[2].Amount.Equal(num("40000.01")))
	assert.NoError(t, back.Validate())
}
