package exante

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cache gives what toFixed gives, for decimals met again (the same
// coefficient pointer), equal values built apart, the same value at
// another exponent ("9.5" is 95000 at 10^-4 either way, "9.50000" does not
// fit), the zero Decimal and values that do not fit; and slots taken in
// turn by colliding values.
func TestFixedCacheAgreesWithToFixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var pool []decimal.Decimal
	for _, s := range []string{"0", "0.0", "9.5", "9.50", "9.50000", "10", "-3", "999999999999", "99999999.9999",
		"100000000", "0.00001", "1e11", "1e12", "123456789012345678901234567890"} {
		pool = append(pool, decimal.RequireFromString(s), decimal.RequireFromString(s)) // two pointers each
	}
	pool = append(pool, decimal.Decimal{}, decimal.New(0, 0), decimal.New(5, 3), decimal.New(5, 8))
	for range 300 {
		pool = append(pool, decimal.New(rng.Int64N(2_000_001)-1_000_000, -int32(rng.IntN(7))))
	}
	c := new(fixedCache)
	for i := range 20_000 {
		d := pool[rng.IntN(len(pool))]
		v, ok := c.toFixed(d)
		wv, wok := toFixed(d)
		require.Equal(t, wok, ok, "lookup %d: %s (exponent %d)", i, d, d.Exponent())
		require.Equal(t, wv, v, "lookup %d: %s (exponent %d)", i, d, d.Exponent())
	}
	var none *fixedCache // nil: no cache
	v, ok := none.toFixed(decimal.RequireFromString("9.5"))
	assert.True(t, ok)
	assert.Equal(t, int64(95_000), v) // 9.5 ÷ 0.0001
	// the zero Decimal is 0, not an empty slot's value
	empty := new(fixedCache)
	v, ok = empty.toFixed(decimal.Decimal{})
	assert.True(t, ok)
	assert.Equal(t, int64(0), v)
}

// A cut_share prepared from a rule's output (its parts, no decimal built)
// is the share prepared from the output's decimal: the same in or out of
// 0–1, the same decimal (value and exponent), and the same cuts on the
// int64 and the decimal ledger.
func TestShareCutOfAgreesWithDecimal(t *testing.T) {
	lines := []int64{0, 1, 99, 12_345, 1_000_000, 999_999_999_999}
	for _, s := range []string{"0", "1", "1.0", "0.1", "0.10", "0.125", "0.999999", "0.0000001", "0.3333333",
		"1.000001", "-0.1", "2", "1e-12", "5e-13", "123456e-6", "1234567e-7", "0.5e1"} {
		var v rules.Value
		require.NoError(t, json.Unmarshal([]byte(`{"name":"cut_share","type":"number","value":"`+s+`"}`), &v), s)
		d := decimal.RequireFromString(s)
		got, want := shareCutOf(v), newShareCut(d)
		assert.Equal(t, want.inUnit(), got.inUnit(), "%s in 0–1", s)
		assert.Equal(t, d.Sign() >= 0 && d.LessThanOrEqual(decimal.NewFromInt(1)), got.inUnit(), "%s in 0–1", s)
		assert.Equal(t, fmt.Sprint(d), fmt.Sprint(got.decimal()), "%s", s)
		assert.Equal(t, d.Exponent(), got.decimal().Exponent(), "%s", s)
		if !got.inUnit() {
			continue
		}
		for _, fast := range []bool{true, false} {
			var a, b lineLedger
			for _, ld := range []*lineLedger{&a, &b} {
				ld.fast = fast
				for _, f := range lines {
					ld.left = append(ld.left, f)
					ld.leftDec = append(ld.leftDec, decimal.New(f, -2))
				}
			}
			for i := range lines {
				a.cutShareOf(i, got, 0)
				b.cutShare(i, d, 0)
			}
			aOut, bOut := cutsOf(&a), cutsOf(&b)
			require.Equal(t, len(bOut), len(aOut), "%s fast %v", s, fast)
			for k := range aOut {
				assert.Equal(t, bOut[k].Amount.String(), aOut[k].Amount.String(), "%s fast %v cut %d", s, fast, k)
			}
		}
	}
}
