package history

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExecutedEqualsDecimalSum: Execution.Executed's int64 sum must give
// the decimal sum from decimal.Zero exactly, coefficient and exponent
// (decimal addition keeps the smaller exponent: 1.50 + 2 = 3.50, and
// twelve zero months at 0.00 sum to 0.00, not 0), for random months of
// mixed exponents, including coefficients and sums beyond int64, where it
// must fall back rather than overflow.
func TestExecutedEqualsDecimalSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	fits := 0
	for range 5000 {
		n := rng.IntN(14)
		ms := make([]decimal.Decimal, n)
		for i := range ms {
			c := rng.Int64N(1_000_000_000) - 100_000_000
			switch rng.IntN(10) {
			case 0:
				c = 0
			case 1:
				c = rng.Int64() // near the int64 bound: sums overflow
			}
			ms[i] = decimal.New(c, -int32(rng.IntN(5)))
			if rng.IntN(50) == 0 {
				ms[i] = ms[i].Mul(decimal.New(1, 20)) // a coefficient beyond int64
			}
		}
		months := rng.IntN(15) - 1
		want := decimal.Zero
		for i, m := range ms {
			if i >= months {
				break
			}
			want = want.Add(m)
		}
		got := ExecutionRecord{Monthly: ms}.Executed(months)
		require.True(t, want.Equal(got), "%v months %d: %s, want %s", ms, months, got, want)
		assert.Equal(t, want.Exponent(), got.Exponent(), "%v months %d", ms, months)
		assert.Equal(t, want.Coefficient().String(), got.Coefficient().String(), "%v months %d", ms, months)
		if _, ok := sumInt64(ms[:min(max(months, 0), len(ms))]); ok {
			fits++
		}
	}
	// Both paths are taken.
	assert.Greater(t, fits, 1000)
	assert.Less(t, fits, 5000)
	// Twelve zero months recorded at the fen.
	zeros := make([]decimal.Decimal, 12)
	for i := range zeros {
		zeros[i] = decimal.New(0, -2)
	}
	assert.Equal(t, int32(-2), ExecutionRecord{Monthly: zeros}.Executed(12).Exponent())
}
