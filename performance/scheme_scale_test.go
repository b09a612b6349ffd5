package performance

import (
	"math"
	"math/big"
	"testing"
)

// TestScale10 checks scale10, now the kernel's exact.Scale, against big
// integers: c × 10^k is returned exactly when it lies in
// [−MaxInt64, MaxInt64] (as the loop it replaced allowed), and reported as
// not fitting otherwise, for exponent differences beyond 18 too.
func TestScale10(t *testing.T) {
	cs := []int64{0, 1, -1, 7, -7, 922, 9_223_372_036_854_775, math.MaxInt64, -math.MaxInt64, math.MinInt64}
	for _, c := range cs {
		for k := int64(0); k <= 21; k++ {
			got, ok := scale10(c, k)
			want := new(big.Int).Mul(big.NewInt(c), new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil))
			fits := want.IsInt64() && want.Int64() != math.MinInt64 || c == 0
			if ok != fits {
				t.Errorf("scale10(%d, %d): ok = %v, want %v (the product is %s)", c, k, ok, fits, want)
				continue
			}
			if ok && got != want.Int64() {
				t.Errorf("scale10(%d, %d) = %d, want %s", c, k, got, want)
			}
		}
	}
	if _, ok := scale10(1, math.MaxInt32+1); ok {
		t.Error("scale10(1, 2^31): an exponent difference past int32 must not fit")
	}
}
