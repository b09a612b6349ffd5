package rules_test

// The reference workload of ../shared/bench/reference-rules.md (package
// internal/refwork): ten rules over generated budget projects, with money
// as decimals:
//
//	BenchmarkReference/rules          this package, exact decimal money, explain off
//	BenchmarkReference/rules-explain  this package, explain on
//	BenchmarkReferenceEvalTo          this package reusing one Result
//
// Their baselines (hand-written Go over float64, int64 fen and decimals,
// raw expr with a value environment, cel-go) run beside the same engine
// calls in the benchmark module under bench/ (cd bench && go test -bench
// Reference), every one checked to decide the same first: compare there.
//
// Run: go test ./rules -run '^$' -bench 'Reference|Compile1000' -benchmem -count 5

import (
	"fmt"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/refwork"
	"github.com/jixiao-go/jixiao/rules"
)

// sinkFired keeps results alive; typed, so that keeping one boxes nothing.
var sinkFired []rules.Fired

func BenchmarkReference(b *testing.B) {
	const n = 1024
	ps, _, _ := refwork.Generate(n)
	for _, explain := range []bool{false, true} {
		name := "rules"
		if explain {
			name = "rules-explain"
		}
		b.Run(name, func(b *testing.B) {
			p, err := rules.Compile[refwork.Project](refwork.Set())
			require.NoError(b, err)
			o := rules.EvalOptions{Explain: explain}
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
}

// BenchmarkReferenceEvalTo is the engine reusing one Result (EvalTo).
func BenchmarkReferenceEvalTo(b *testing.B) {
	ps, _, _ := refwork.Generate(1024)
	p, err := rules.Compile[refwork.Project](refwork.Set())
	require.NoError(b, err)
	var res rules.Result
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := p.EvalTo(&res, &ps[i%len(ps)], rules.EvalOptions{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	sinkFired = res.Fired
}

// TestReferenceAllocs checks the allocation budget of issue 3: at most 5
// allocations per project with explain off (counted, not timed).
func TestReferenceAllocs(t *testing.T) {
	ps, _, _ := refwork.Generate(1000)
	p, err := rules.Compile[refwork.Project](refwork.Set())
	require.NoError(t, err)
	i := 0
	allocs := testing.AllocsPerRun(len(ps), func() {
		_, _ = p.Eval(&ps[i%len(ps)], rules.EvalOptions{})
		i++
	})
	assert.LessOrEqual(t, allocs, 5.0, "allocations per project")
}

// TestReferenceExplainAllocs checks that an explained Eval of the
// reference workload allocates once: its result, the environment's
// snapshot and the explanations share one block (no project fires eight
// rules, which would take the slower path). Counted, not timed.
func TestReferenceExplainAllocs(t *testing.T) {
	ps, _, _ := refwork.Generate(1000)
	p, err := rules.Compile[refwork.Project](refwork.Set())
	require.NoError(t, err)
	o := rules.EvalOptions{Explain: true}
	for i := range ps { // build the layouts
		_, _ = p.Eval(&ps[i], o)
	}
	i := 0
	allocs := testing.AllocsPerRun(len(ps), func() {
		_, _ = p.Eval(&ps[i%len(ps)], o)
		i++
	})
	assert.Equal(t, 1.0, allocs, "allocations per explained project")
}

// bigSet returns a set of n rules cycling through the reference rules.
func bigSet(n int) *rules.Set {
	ref := refwork.Set()
	s := &rules.Set{ID: "big", Rules: make([]rules.Rule, n)}
	for i := range n {
		r := ref.Rules[i%len(ref.Rules)]
		r.ID = fmt.Sprintf("%s-%04d", r.ID, i)
		s.Rules[i] = r
	}
	return s
}

func BenchmarkCompile1000(b *testing.B) {
	s := bigSet(1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Compile[refwork.Project](s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReferenceMatchesHandWritten checks the engine against the
// hand-written decimal and fen baselines on 2,000 generated projects: same
// rules fire, same exact outputs.
func TestReferenceMatchesHandWritten(t *testing.T) {
	ps, _, ns := refwork.Generate(2000)
	p, err := rules.Compile[refwork.Project](refwork.Set())
	require.NoError(t, err)
	k := refwork.NewDecConsts()
	firedTotal := 0
	for i := range ps {
		res, err := p.Eval(&ps[i], rules.EvalOptions{})
		require.NoError(t, err)
		require.Empty(t, res.Errors)
		var want refwork.Out[decimal.Decimal]
		refwork.HandDecimal(&ps[i], k, &want)
		var fen refwork.Out[int64]
		refwork.HandFen(&ns[i], &fen)
		got := map[string]rules.Fired{}
		for _, f := range res.Fired {
			got[f.RuleID] = f
		}
		firedTotal += len(res.Fired)
		for r := range 10 {
			id := fmt.Sprintf("R%02d", r+1)
			f, ok := got[id]
			require.Equal(t, want.Fired[r], ok, "project %d rule %s", i, id)
			require.Equal(t, fen.Fired[r], ok, "project %d rule %s (fen)", i, id)
			if !ok {
				continue
			}
			v := f.Outputs[0]
			if r == 8 {
				assert.Equal(t, want.Grade, v.String(), "project %d grade", i)
				continue
			}
			require.True(t, v.Decimal().Equal(want.Val[r]), "project %d rule %s: got %s want %s", i, id, v.Decimal(), want.Val[r])
			// the same exponent as decimal arithmetic gives
			require.Equal(t, want.Val[r].String(), v.Decimal().String())
			if r != 7 { // money: fen baseline agrees to the fen
				require.True(t, v.Decimal().Equal(decimal.New(fen.Val[r], -2)), "project %d rule %s: got %s fen %d", i, id, v.Decimal(), fen.Val[r])
			}
		}
	}
	// about 2.7 rules fire per project
	avg := float64(firedTotal) / float64(len(ps))
	assert.True(t, avg > 2.3 && avg < 3.2, "average fired %.2f", avg)
	_ = math.Abs
}

func TestCompile1000Rules(t *testing.T) {
	_, err := rules.Compile[refwork.Project](bigSet(1000))
	require.NoError(t, err)
}
