package bench

import (
	"fmt"
	"math"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/refwork"
	"github.com/jixiao-go/jixiao/rules"
)

// agreeN is how many generated projects every engine must agree on before
// any is timed.
const agreeN = 10_000

// checkFloat compares a float engine's decisions with the hand-written
// float64 baseline: the same rules fire and give the same outputs (money
// to the fen, the score to 1e-9 points, the grade exactly). The float64
// baseline itself differs from exact arithmetic only on projects lying
// exactly on a threshold (TestFloatDiffersOnlyOnThresholds).
func checkFloat(t *testing.T, name string, run func(i int, o *refwork.Out[any]) error) {
	t.Helper()
	_, fs, _ := refwork.Generate(agreeN)
	var o refwork.Out[any]
	var want refwork.Out[float64]
	for i := range fs {
		if err := run(i, &o); err != nil {
			t.Fatalf("%s project %d: %v", name, i, err)
		}
		refwork.HandFloat(&fs[i], &want)
		for r := range 10 {
			if o.Fired[r] != want.Fired[r] {
				t.Fatalf("%s project %d R%02d: fired %v, float64 Go %v", name, i, r+1, o.Fired[r], want.Fired[r])
			}
			if !o.Fired[r] {
				continue
			}
			if r == 8 {
				if o.Val[r] != want.Grade {
					t.Fatalf("%s project %d grade %v, float64 Go %s", name, i, o.Val[r], want.Grade)
				}
				continue
			}
			var f float64
			switch v := o.Val[r].(type) {
			case float64:
				f = v
			case int:
				f = float64(v)
			default:
				t.Fatalf("%s project %d R%02d: output %T", name, i, r+1, o.Val[r])
			}
			if math.Abs(f-want.Val[r]) > 1e-9*math.Max(1, math.Abs(want.Val[r])) {
				t.Fatalf("%s project %d R%02d: %v, float64 Go %v", name, i, r+1, f, want.Val[r])
			}
		}
	}
}

// TestFloatDiffersOnlyOnThresholds checks that the float64 engines'
// decisions differ from exact ones only where the exact value lies on a
// threshold: an execution gap of exactly 0.1 or 0.2 (R05/R06), where
// 0.1 − ε in binary makes a float "greater than 0.1". Each such project
// is a wrong decision a float engine makes on real money.
func TestFloatDiffersOnlyOnThresholds(t *testing.T) {
	ps, fs, _ := refwork.Generate(agreeN)
	k := refwork.NewDecConsts()
	tenth, fifth := decimal.RequireFromString("0.1"), decimal.RequireFromString("0.2")
	var f refwork.Out[float64]
	var d refwork.Out[decimal.Decimal]
	differ := 0
	for i := range ps {
		refwork.HandFloat(&fs[i], &f)
		refwork.HandDecimal(&ps[i], k, &d)
		if f.Fired == d.Fired && f.Grade == d.Grade {
			continue
		}
		differ++
		gap := ps[i].ElapsedShare.Sub(ps[i].ExecutionRate)
		if !gap.Equal(tenth) && !gap.Equal(fifth) {
			t.Errorf("project %d: float64 fired %v, exact %v, gap %s not on a threshold", i, f.Fired, d.Fired, gap)
		}
	}
	t.Logf("%d of %d projects decided differently in float64, all on a threshold", differ, agreeN)
}

// TestPeersAgree checks every engine of the benchmarks against the
// hand-written exact-decimal baseline (itself checked against the int64
// fen baseline here) on the same 10,000 projects: the same rules fire and
// give the same outputs. The float engines fire the same rules on this
// workload because its ratios have four decimals and its thresholds one,
// so no gap lies within float64's error of a threshold; had one, this test
// would say which project.
func TestPeersAgree(t *testing.T) {
	ps, fs, ns := refwork.Generate(agreeN)
	k := refwork.NewDecConsts()
	t.Run("go-int64-fen", func(t *testing.T) {
		var o refwork.Out[int64]
		var want refwork.Out[decimal.Decimal]
		for i := range ns {
			refwork.HandFen(&ns[i], &o)
			refwork.HandDecimal(&ps[i], k, &want)
			for r := range 10 {
				if o.Fired[r] != want.Fired[r] {
					t.Fatalf("project %d R%02d fired %v, decimal %v", i, r+1, o.Fired[r], want.Fired[r])
				}
				exp := int32(-2)
				if r == 7 {
					exp = -4
				}
				if o.Fired[r] && r != 8 && !decimal.New(o.Val[r], exp).Equal(want.Val[r]) {
					t.Fatalf("project %d R%02d: %d, decimal %s", i, r+1, o.Val[r], want.Val[r])
				}
			}
			if o.Grade != want.Grade {
				t.Fatalf("project %d grade %s, decimal %s", i, o.Grade, want.Grade)
			}
		}
	})
	t.Run("go-float64", func(t *testing.T) {
		var f refwork.Out[float64]
		checkFloat(t, "go-float64", func(i int, o *refwork.Out[any]) error {
			refwork.HandFloat(&fs[i], &f)
			*o = refwork.Out[any]{Fired: f.Fired, Grade: f.Grade}
			for r, v := range f.Val {
				o.Val[r] = v
			}
			if f.Fired[8] {
				o.Val[8] = f.Grade
			}
			return nil
		})
	})
	t.Run("expr-per-rule", func(t *testing.T) {
		e, err := NewExprPerRule()
		if err != nil {
			t.Fatal(err)
		}
		checkFloat(t, "expr-per-rule", func(i int, o *refwork.Out[any]) error { return e.Run(fs[i], o) })
	})
	t.Run("expr-one-program", func(t *testing.T) {
		e, err := NewExprWhole()
		if err != nil {
			t.Fatal(err)
		}
		checkFloat(t, "expr-one-program", func(i int, o *refwork.Out[any]) error { return e.Run(fs[i], o) })
	})
	t.Run("cel-go", func(t *testing.T) {
		c, err := NewCEL()
		if err != nil {
			t.Fatal(err)
		}
		checkFloat(t, "cel-go", func(i int, o *refwork.Out[any]) error { return c.Run(&fs[i], o) })
	})
	t.Run("jixiao", func(t *testing.T) {
		p, err := rules.Compile[refwork.Project](refwork.Set())
		if err != nil {
			t.Fatal(err)
		}
		var res rules.Result
		var want refwork.Out[decimal.Decimal]
		for i := range ps {
			for _, explain := range []bool{false, true} {
				if err := p.EvalTo(&res, &ps[i], rules.EvalOptions{Explain: explain}); err != nil {
					t.Fatal(err)
				}
				if len(res.Errors) > 0 {
					t.Fatalf("project %d: %v", i, res.Errors)
				}
				refwork.HandDecimal(&ps[i], k, &want)
				var fired [10]bool
				for _, f := range res.Fired {
					var r int
					if _, err := fmt.Sscanf(f.RuleID, "R%02d", &r); err != nil {
						t.Fatal(err)
					}
					r--
					fired[r] = true
					v := f.Outputs[0]
					if r == 8 {
						if v.String() != want.Grade {
							t.Fatalf("project %d grade %s, want %s", i, v.String(), want.Grade)
						}
						continue
					}
					// the same value and the same exponent as decimal arithmetic gives
					if v.Decimal().String() != want.Val[r].String() {
						t.Fatalf("project %d R%02d: %s, want %s", i, r+1, v.Decimal(), want.Val[r])
					}
				}
				if fired != want.Fired {
					t.Fatalf("project %d fired %v, want %v", i, fired, want.Fired)
				}
			}
		}
	})
}
