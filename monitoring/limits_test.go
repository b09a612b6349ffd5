package monitoring_test

import (
	"os"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExponentLimit: a policy's decimals and the amounts of execution
// records accept an exponent of ±performance.MaxExponent and refuse one
// more with the path (JSON) or line and column (CSV); "1e999999999" is
// refused too, not read as a billion-digit amount.
func TestExponentLimit(t *testing.T) {
	b, err := os.ReadFile("../testdata/monitoring/policy.json")
	require.NoError(t, err)
	pol := string(b)
	require.Contains(t, pol, `"yellow_gap": "10"`)
	_, err = monitoring.ParsePolicy([]byte(strings.Replace(pol, `"yellow_gap": "10"`, `"yellow_gap": "10e-30"`, 1)))
	assert.NoError(t, err)
	for _, v := range []string{`"10e-31"`, `1e31`, `"1e999999999"`} {
		_, err = monitoring.ParsePolicy([]byte(strings.Replace(pol, `"yellow_gap": "10"`, `"yellow_gap": `+v, 1)))
		var le *performance.LimitError
		require.ErrorAs(t, err, &le, v)
		assert.Equal(t, "yellow_gap", le.Path, v)
	}

	read := func(amount string) error {
		csv := "project_id,date,amount\nXM1,2021-03-16," + amount + "\n"
		for _, err := range monitoring.ReadRecords(strings.NewReader(csv)) {
			if err != nil {
				return err
			}
		}
		return nil
	}
	// (Exponent notation is refused by the CSV reader anyway; beyond the
	// limit it is refused as a limit.)
	for _, a := range []string{"0." + strings.Repeat("0", 29) + "1", "338250.00"} {
		assert.NoError(t, read(a), a)
	}
	for _, a := range []string{"1e31", "0." + strings.Repeat("0", 30) + "1", "1e999999999"} {
		err := read(a)
		assert.ErrorIs(t, err, performance.ErrLimit, a)
		var pe *monitoring.RowError
		require.ErrorAs(t, err, &pe, a)
		assert.Equal(t, 2, pe.Line)
		assert.Equal(t, "amount", pe.Field)
	}
}
