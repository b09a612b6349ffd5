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

// exprGen builds an exact-number expression from fuzz bytes: literals and
// fields (some far beyond the int64 fast path), + - *, round, div and
// percent with places from -18 to 18, min, max, abs, unary minus, and
// let-chains that square a value again and again.
type exprGen struct {
	b    []byte
	i    int
	lets int
}

func (g *exprGen) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}

func (g *exprGen) places() int { return g.next()%37 - 18 }

var genAtoms = []string{"1e100", "1e-100", "1234567890123456789", "999999999999999999", "0.000001", "7", "3.5",
	"Requested", "UnitCost", "StandardUnitCost", "ExecutionRate", "Quantity", "GoalCompletion"}

func (g *exprGen) expr(depth int) string {
	if depth > 5 {
		return genAtoms[g.next()%len(genAtoms)]
	}
	e := func() string { return g.expr(depth + 1) }
	switch g.next() % 12 {
	case 0, 1:
		return genAtoms[g.next()%len(genAtoms)]
	case 2:
		return "(" + e() + " * " + e() + ")"
	case 3:
		return "(" + e() + " + " + e() + ")"
	case 4:
		return "(" + e() + " - " + e() + ")"
	case 5:
		return fmt.Sprintf("round(%s, %d)", e(), g.places())
	case 6:
		return fmt.Sprintf("div(%s, %s, %d)", e(), e(), g.places())
	case 7:
		return fmt.Sprintf("percent(%s, %s, %d)", e(), e(), g.places())
	case 8:
		return fmt.Sprintf("max(%s, %s)", e(), e())
	case 9:
		return fmt.Sprintf("abs(-%s)", e())
	default:
		// let v0 = e; let v1 = v0 * v0 (or v0 * e); …; vk
		g.lets++
		v := fmt.Sprintf("l%d_", g.lets)
		var b strings.Builder
		fmt.Fprintf(&b, "(let %s0 = %s; ", v, e())
		k := g.next() % 24
		for i := 1; i <= k; i++ {
			if g.next()%4 == 0 {
				fmt.Fprintf(&b, "let %s%d = %s%d * %s; ", v, i, v, i-1, e())
			} else {
				fmt.Fprintf(&b, "let %s%d = %s%d * %s%d; ", v, i, v, i-1, v, i-1)
			}
		}
		fmt.Fprintf(&b, "%s%d)", v, k)
		return b.String()
	}
}

// FuzzBoundedEval evaluates random exact-number expressions, many of them
// building huge numbers, under a small memory budget: every evaluation
// finishes, either with a value or with a typed *rules.Error wrapping
// ErrMemoryBudget or ErrLimit (or ErrDivisionByZero, which a random divisor
// may be), and allocates at most a small multiple of the budget.
func FuzzBoundedEval(f *testing.F) {
	f.Add([]byte{10, 0, 20, 0}, uint8(0))                 // 1e100 squared 20 times
	f.Add([]byte{10, 0, 2, 23, 0}, uint8(1))              // 1234567890123456789 squared 23 times
	f.Add([]byte{6, 0, 7, 0, 1, 5, 5, 2, 0, 0}, uint8(2)) // div with places
	f.Add([]byte{2, 10, 1, 12, 0, 7, 0, 8, 3, 0, 0, 9}, uint8(3))
	f.Add([]byte{3, 1, 7, 0, 1, 1, 30, 5, 1, 0, 2}, uint8(4))
	budgets := []int{1 << 10, 1 << 12, 1 << 14, 1 << 16}
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		g := &exprGen{b: data}
		src := g.expr(0)
		budget := budgets[int(pick)%len(budgets)]
		p, err := rules.Compile[project](&rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("x", rules.TypeNumber, src))}},
			rules.WithType("grade", parseGrade), rules.WithLimits(rules.Limits{MemoryBudget: budget}))
		if err != nil {
			// only too long or too large: the generator writes valid rules
			require.ErrorIs(t, err, rules.ErrLimit, "%s", src)
			checkTyped(t, err, sentinels)
			return
		}
		env := sample()
		switch pick % 3 {
		case 1: // fields beyond the fast path
			env.Requested = decimal.New(1, 999)
			env.UnitCost = decimal.RequireFromString("123456789012345678901234567890.123456789")
		case 2:
			env.ExecutionRate = decimal.New(-3, -999)
		}
		var res rules.Result
		n := allocated(func() { res, err = p.Eval(&env, rules.EvalOptions{}) })
		require.NoError(t, err)
		// The charges add up to the budget; the work behind them (a
		// measuring copy of each operand, big.Int scratch) is a few times
		// that. 256 KiB of slack covers the fuzzing engine's own
		// allocations and an evaluation's fixed cost.
		require.LessOrEqual(t, n, uint64(8*budget+256<<10), "bytes allocated for %s", src)
		for _, e := range res.Errors {
			checkTyped(t, e, []error{rules.ErrMemoryBudget, rules.ErrLimit, rules.ErrDivisionByZero})
		}
		if len(res.Errors) == 0 {
			require.Len(t, res.Fired, 1)
			v, ok := res.Fired[0].Output("x")
			require.True(t, ok)
			require.NotEmpty(t, v.String())
		}
	})
}
