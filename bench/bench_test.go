package bench

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/refwork"
	"github.com/jixiao-go/jixiao/rules"
)

var (
	sink      any
	sinkFired []rules.Fired
)

// BenchmarkReference runs the reference workload on every engine in one
// run, so their ratios are measured side by side. TestPeersAgree checks
// first that they all decide the same. Each iteration is one project.
//
//	go-float64        hand-written Go, float64 money (not exact)
//	go-int64-fen      hand-written Go, int64 fen (exact; the floor)
//	go-decimal        hand-written Go, shopspring decimals (exact)
//	expr-per-rule     raw expr, one program per when and output, value environment, one VM
//	expr-one-program  raw expr, the whole set as one program with lets, value environment
//	cel-go            cel-go, one optimised program per when and output, struct activation
//	jixiao-eval       rules.Program.Eval, exact decimals, explain off
//	jixiao-explain    rules.Program.Eval, explain on
//	jixiao-evalto     rules.Program.EvalTo, reusing one Result
//
// Run: cd bench && go test -run '^$' -bench Reference -benchmem -count 5
func BenchmarkReference(b *testing.B) {
	const n = 1024
	ps, fs, ns := refwork.Generate(n)
	b.Run("go-float64", func(b *testing.B) {
		b.ReportAllocs()
		var o refwork.Out[float64]
		i := 0
		for b.Loop() {
			refwork.HandFloat(&fs[i%n], &o)
			i++
		}
		sink = o.Val[0]
	})
	b.Run("go-int64-fen", func(b *testing.B) {
		b.ReportAllocs()
		var o refwork.Out[int64]
		i := 0
		for b.Loop() {
			refwork.HandFen(&ns[i%n], &o)
			i++
		}
		sink = o.Val[0]
	})
	b.Run("go-decimal", func(b *testing.B) {
		b.ReportAllocs()
		k := refwork.NewDecConsts()
		var o refwork.Out[decimal.Decimal]
		i := 0
		for b.Loop() {
			refwork.HandDecimal(&ps[i%n], k, &o)
			i++
		}
		sink = o.Val[0]
	})
	b.Run("expr-per-rule", func(b *testing.B) {
		e, err := NewExprPerRule()
		if err != nil {
			b.Fatal(err)
		}
		var o refwork.Out[any]
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := e.Run(fs[i%n], &o); err != nil {
				b.Fatal(err)
			}
			i++
		}
		sink = o.Val[0]
	})
	b.Run("expr-one-program", func(b *testing.B) {
		e, err := NewExprWhole()
		if err != nil {
			b.Fatal(err)
		}
		var o refwork.Out[any]
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := e.Run(fs[i%n], &o); err != nil {
				b.Fatal(err)
			}
			i++
		}
		sink = o.Val[0]
	})
	b.Run("cel-go", func(b *testing.B) {
		c, err := NewCEL()
		if err != nil {
			b.Fatal(err)
		}
		var o refwork.Out[any]
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := c.Run(&fs[i%n], &o); err != nil {
				b.Fatal(err)
			}
			i++
		}
		sink = o.Val[0]
	})
	p, err := rules.Compile[refwork.Project](refwork.Set())
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name    string
		explain bool
	}{{"jixiao-eval", false}, {"jixiao-explain", true}} {
		b.Run(v.name, func(b *testing.B) {
			o := rules.EvalOptions{Explain: v.explain}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				res, err := p.Eval(&ps[i%n], o)
				if err != nil {
					b.Fatal(err)
				}
				sinkFired = res.Fired
				i++
			}
		})
	}
	b.Run("jixiao-evalto", func(b *testing.B) {
		var res rules.Result
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := p.EvalTo(&res, &ps[i%n], rules.EvalOptions{}); err != nil {
				b.Fatal(err)
			}
			i++
		}
		sinkFired = res.Fired
	})
}
