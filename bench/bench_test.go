package bench

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/cputime"
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
	var (
		oFloat refwork.Out[float64]
		oFen   refwork.Out[int64]
		oDec   refwork.Out[decimal.Decimal]
		oAny   refwork.Out[any]
		res    rules.Result
	)
	k := refwork.NewDecConsts()
	e, err := NewExprPerRule()
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewExprWhole()
	if err != nil {
		b.Fatal(err)
	}
	c, err := NewCEL()
	if err != nil {
		b.Fatal(err)
	}
	p, err := rules.Compile[refwork.Project](refwork.Set())
	if err != nil {
		b.Fatal(err)
	}
	eval := func(o rules.EvalOptions) func(i int) error {
		return func(i int) error {
			r, err := p.Eval(&ps[i], o)
			sinkFired = r.Fired
			return err
		}
	}
	for _, v := range []struct {
		name string
		run  func(i int) error
	}{
		{"go-float64", func(i int) error { refwork.HandFloat(&fs[i], &oFloat); return nil }},
		{"go-int64-fen", func(i int) error { refwork.HandFen(&ns[i], &oFen); return nil }},
		{"go-decimal", func(i int) error { refwork.HandDecimal(&ps[i], k, &oDec); return nil }},
		{"expr-per-rule", func(i int) error { return e.Run(fs[i], &oAny) }},
		{"expr-one-program", func(i int) error { return w.Run(fs[i], &oAny) }},
		{"cel-go", func(i int) error { return c.Run(&fs[i], &oAny) }},
		{"jixiao-eval", eval(rules.EvalOptions{})},
		{"jixiao-explain", eval(rules.EvalOptions{Explain: true})},
		{"jixiao-evalto", func(i int) error { return p.EvalTo(&res, &ps[i], rules.EvalOptions{}) }},
	} {
		b.Run(v.name, func(b *testing.B) { loop(b, n, v.run) })
	}
	sink = []any{oFloat.Val[0], oFen.Val[0], oDec.Val[0], oAny.Val[0], res.Fired}
}

// loop runs one project a b.Loop iteration, cycling through n projects,
// and reports the process's CPU time per iteration (cpu-ns/op, getrusage:
// every thread, the collector's included), which other processes on a
// shared machine inflate much less than wall time.
func loop(b *testing.B, n int, run func(i int) error) {
	b.ReportAllocs()
	i := 0
	var cpu0 time.Duration
	for b.Loop() {
		if i == 0 {
			cpu0 = cputime.Now() // after b.Loop's first call has reset the timer
		}
		if err := run(i % n); err != nil {
			b.Fatal(err)
		}
		i++
	}
	if i > 0 {
		b.ReportMetric(float64(cputime.Now()-cpu0)/float64(i), "cpu-ns/op")
	}
}
