package rules_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// squarings returns "let a0=<seed>; let a1=a0*a0; …; <tail>": a rule of a
// few hundred bytes whose last value has 2^n times the seed's digits and
// exponent.
func squarings(seed string, n int, tail string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "let a0=%s; ", seed)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "let a%d=a%d*a%d; ", i, i-1, i-1)
	}
	b.WriteString(tail)
	return b.String()
}

// allocated returns the bytes fn allocates (the test runs alone in its
// goroutine; the GC's own allocations are noise of a few KiB).
func allocated(fn func()) uint64 {
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	fn()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

// TestBigNumberBounds checks that exact numbers beyond the int64 fast path
// are charged at their real size before they are computed, and that
// exponents stay within ±1000: each rule either gives decimal arithmetic's
// value or stops with a typed error at the operation that would cross the
// bound, allocating at most a small multiple of the budget.
func TestBigNumberBounds(t *testing.T) {
	big := func(e int32) func(*project) { return func(p *project) { p.Requested = decimal.New(1, e) } }
	tests := []struct {
		name   string
		src    string
		env    func(*project)
		budget int
		want   error  // the rule's runtime error, or nil
		col    int    // its column
		value  string // else the output's value, worked out by hand
	}{
		// 1e100 squared four times is 1e1600: a4 = a3*a3 (the * at
		// column 66) leaves ±1000; the 1 MiB budget is never reached
		// because the coefficient stays 1.
		{name: "exponent chain of issue 16", src: squarings("1e100", 20, "a20 > 0.01"), want: rules.ErrLimit, col: 66},
		// 1e100^3 = 1e300, within bounds
		{name: "exponent within bounds", src: squarings("1e100", 1, "a1 * a0"), value: "1" + strings.Repeat("0", 300)},
		// 19 digits squared k times has 19·2^k digits, about 8·2^k bytes;
		// the charges add up to 1 MiB around a16 (2^17 × 8 B), long
		// before a20 (20 million digits)
		{name: "coefficient chain", src: squarings("1234567890123456789", 20, "a20 > 0.01"), want: rules.ErrMemoryBudget},
		// (10^18-1)^2 = 10^36 - 2·10^18 + 1: 36 digits, well within 4 KiB
		{name: "coefficient within budget", src: squarings("999999999999999999", 1, "a1"), budget: 4096,
			value: "999999999999999998000000000000000001"},
		// a field beyond ±1000 is refused where it is read (column 1)
		{name: "field exponent", src: "Requested", env: big(1001), want: rules.ErrLimit, col: 1},
		{name: "negative field exponent", src: "Requested", env: big(-1001), want: rules.ErrLimit, col: 1},
		// 10^1000 + 0.001 needs 1004 digits, about 420 bytes: over a
		// 256-byte budget, refused before aligning (the + at column 11)
		{name: "alignment over budget", src: "Requested + 0.001", env: big(1000), budget: 256, want: rules.ErrMemoryBudget, col: 11},
		{name: "alignment within budget", src: "Requested + 0.001", env: big(1000),
			value: "1" + strings.Repeat("0", 1000) + ".001"},
		// comparing 10^1000 with 0.01 scales to 1003 digits
		{name: "comparison over budget", src: "Requested > 0.01 ? 1 : 2", env: big(1000), budget: 256, want: rules.ErrMemoryBudget, col: 11},
		{name: "comparison within budget", src: "Requested > 0.01 ? 1 : 2", env: big(1000), value: "1"},
		// round(10^1000, 2) rescales to 1003 digits; div and percent too
		{name: "round over budget", src: "round(Requested, 2)", env: big(1000), budget: 256, want: rules.ErrMemoryBudget, col: 1},
		{name: "div over budget", src: "div(Requested, 3, 2)", env: big(1000), budget: 256, want: rules.ErrMemoryBudget, col: 1},
		{name: "percent over budget", src: "percent(Requested, 7, 2)", env: big(1000), budget: 256, want: rules.ErrMemoryBudget, col: 1},
		// 10^20 / 3 = 33333333333333333333.333…, to 2 places .33
		{name: "div within budget", src: "div(Requested, 3, 2)", env: big(20), value: "33333333333333333333.33"},
		// 10^20 / 7 × 100 = 10^22 / 7 = 1428571428571428571428 remainder 4,
		// 4/7 = 0.571…, to 2 places .57
		{name: "percent within budget", src: "percent(Requested, 7, 2)", env: big(20), value: "1428571428571428571428.57"},
		// the product's exponent 1e100 × 10^950 leaves ±1000
		{name: "product exponent", src: "Requested * 1e100", env: big(950), want: rules.ErrLimit, col: 11},
		{name: "min max abs over budget", src: "abs(-max(Requested, 0.01))", env: big(1000), budget: 256, want: rules.ErrMemoryBudget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("x", rules.TypeNumber, tt.src)), one("ok", "true")}}
			if strings.HasSuffix(tt.src, "> 0.01") {
				s.Rules[0] = one("R", tt.src)
			}
			p := compile(t, s, rules.WithLimits(rules.Limits{MemoryBudget: tt.budget}))
			env := sample()
			if tt.env != nil {
				tt.env(&env)
			}
			var res rules.Result
			var err error
			n := allocated(func() { res, err = p.Eval(&env, rules.EvalOptions{}) })
			require.NoError(t, err)
			budget := uint64(max(tt.budget, 1<<20))
			assert.LessOrEqual(t, n, 8*budget+64<<10, "bytes allocated, budget %d", budget)
			if tt.want != nil {
				require.Len(t, res.Errors, 1, "errors")
				e := res.Errors[0]
				assert.ErrorIs(t, e, tt.want)
				assert.Equal(t, "R", e.RuleID)
				if tt.col > 0 {
					assert.Equal(t, tt.col, e.Column, "column: %v", e)
				}
				assert.Equal(t, []string{"ok"}, fired(res), "the other rule is unaffected")
				return
			}
			require.Empty(t, res.Errors)
			v, ok := res.Fired[0].Output("x")
			require.True(t, ok)
			assert.Equal(t, tt.value, v.String())
		})
	}
}
