package rules_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
	"github.com/jixiao-go/jixiao/rules"
)

func TestEvalAll(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("q", rules.TypeNumber, "Quantity * 2"))}})
	envs := make([]project, 200)
	for i := range envs {
		envs[i] = sample()
		envs[i].Quantity = i
	}
	for _, workers := range []int{1, 4} {
		res, err := p.EvalAll(context.Background(), envs, workers, rules.EvalOptions{})
		require.NoError(t, err)
		require.Len(t, res, len(envs))
		for i, r := range res {
			v, _ := r.Fired[0].Output("q")
			require.True(t, v.Decimal().Equal(decimal.NewFromInt(int64(2*i))), "env %d in order: got %s", i, v)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.EvalAll(ctx, envs, 2, rules.EvalOptions{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestConcurrentEval(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "ExecutionRate < 0.5", out("reduce", rules.TypeMoney, "Requested * (0.5 - ExecutionRate)")),
	}})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				env := sample()
				env.Requested = decimal.NewFromInt(int64(1000 * (g*1000 + i)))
				res, err := p.Eval(&env, rules.EvalOptions{Explain: i%2 == 0})
				if !assert.NoError(t, err) || !assert.Len(t, res.Fired, 1) {
					return
				}
				v, _ := res.Fired[0].Output("reduce")
				// requested × 0.08
				want := env.Requested.Mul(d("0.08"))
				assert.True(t, v.Decimal().Equal(want), "got %s want %s", v.Decimal(), want)
			}
		}()
	}
	wg.Wait()
}

func TestEvalSeq(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("q", rules.TypeNumber, "Quantity + 1"))}})
	for _, workers := range []int{1, 3} {
		i := 0
		for res, err := range p.EvalSeq(context.Background(), seqOf(300), workers, rules.EvalOptions{}) {
			require.NoError(t, err)
			v, _ := res.Fired[0].Output("q")
			require.True(t, v.Decimal().Equal(decimal.NewFromInt(int64(i+1))), "result %d in order: got %s", i, v)
			i++
		}
		assert.Equal(t, 300, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for _, err := range p.EvalSeq(ctx, seqOf(10), 2, rules.EvalOptions{}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestEvalToReuses(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("A", "Quantity > 1", out("x", rules.TypeNumber, "Quantity * 2")),
		one("B", "Quantity > 5"),
	}})
	var res rules.Result
	for q := range 10 {
		env := sample()
		env.Quantity = q
		require.NoError(t, p.EvalTo(&res, &env, rules.EvalOptions{}))
		want, err := p.Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Equal(t, fired(want), fired(res), "q=%d", q)
		assert.Equal(t, reasons(want), reasons(res), "q=%d", q)
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(res)
		assert.JSONEq(t, string(wj), string(gj), "q=%d", q)
	}
	for q := range 8 { // explained, reusing the same result
		env := sample()
		env.Quantity = q
		require.NoError(t, p.EvalTo(&res, &env, rules.EvalOptions{Explain: true}))
		want, err := p.Eval(&env, rules.EvalOptions{Explain: true})
		require.NoError(t, err)
		require.Equal(t, len(want.Fired), len(res.Fired))
		for i := range want.Fired {
			assert.Equal(t, want.Fired[i].Explanation.Text(lang.EN), res.Fired[i].Explanation.Text(lang.EN))
		}
		for i := range want.Skipped {
			assert.Equal(t, want.Skipped[i].Explanation.Text(lang.EN), res.Skipped[i].Explanation.Text(lang.EN))
		}
	}
	env := sample()
	allocs := testing.AllocsPerRun(100, func() { _ = p.EvalTo(&res, &env, rules.EvalOptions{}) })
	assert.Zero(t, allocs, "EvalTo reuses storage")
	// nothing fires, then two rules do: the storage survives the empty result
	quiet, busy := sample(), sample()
	quiet.Quantity, busy.Quantity = 0, 7
	for _, o := range []rules.EvalOptions{{}, {FiredOnly: true}} {
		allocs = testing.AllocsPerRun(100, func() {
			_ = p.EvalTo(&res, &quiet, o)
			if res.Fired != nil {
				t.Fatal("fired on a quiet environment")
			}
			_ = p.EvalTo(&res, &busy, o)
			if len(res.Fired) != 2 {
				t.Fatal("not both rules fired")
			}
		})
		assert.Zero(t, allocs, "EvalTo reuses storage across empty results, %+v", o)
	}

	// One result filled by two programs in turn: each evaluation runs on
	// scratch state of its own program (the second has a group and a
	// local the first lacks).
	q := compile(t, &rules.Set{ID: "t", Rules: []rules.Rule{
		{ID: "G1", Group: "g", When: "let n = Quantity; n > 2", Outputs: []rules.Output{out("y", rules.TypeNumber, "Quantity + 1")}},
		{ID: "G2", Group: "g", When: "true"},
	}})
	for q2 := range 5 {
		env.Quantity = q2
		require.NoError(t, p.EvalTo(&res, &env, rules.EvalOptions{}))
		want, _ := p.Eval(&env, rules.EvalOptions{})
		assert.Equal(t, fired(want), fired(res), "p, q=%d", q2)
		require.NoError(t, q.EvalTo(&res, &env, rules.EvalOptions{}))
		want, _ = q.Eval(&env, rules.EvalOptions{})
		assert.Equal(t, fired(want), fired(res), "q, q=%d", q2)
	}
}
