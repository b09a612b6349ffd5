package rules_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
	"github.com/jixiao-go/jixiao/rules"
)

func TestExplainNegativeLiteral(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "ExecutionRate - 0.5 > -0.1")}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	// 0.42 − 0.5 = −0.08 > −0.1
	assert.Equal(t, "rule R: (ExecutionRate (0.42) - 0.5 = -0.08) > -0.1 → true → fired", res.Fired[0].Explanation.Text(lang.EN))
}

func TestExplain(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		{ID: "R10", Name: "IT project with low execution", When: `Category == "信息化" && ExecutionRate < 0.5`,
			Outputs: []rules.Output{out("reduce", rules.TypeMoney, "Requested * (0.5 - ExecutionRate)")}},
		{ID: "R07", When: "IsNew && Requested > 5000000"},
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Fired, 1)
	x := res.Fired[0].Explanation
	require.NotNil(t, x)
	// 1,000,000 × (0.5 − 0.42) = 80,000.00
	assert.Equal(t, `rule R10 (IT project with low execution): (Category ("信息化") == "信息化" → true) && (ExecutionRate (0.42) < 0.5 → true) → true → fired; `+
		`reduce = Requested (1000000) * (0.5 - ExecutionRate (0.42) = 0.08) = 80000.00`, x.Text(lang.EN))
	assert.Equal(t, `规则 R10「IT project with low execution」：(Category ("信息化") == "信息化" → 是) 且 (ExecutionRate (0.42) < 0.5 → 是) → 是，命中; `+
		`reduce = Requested (1000000) * (0.5 - ExecutionRate (0.42) = 0.08) = 80000.00`, x.Text(lang.ZH))
	steps := x.Steps()
	require.NotEmpty(t, steps)
	assert.Equal(t, rules.Step{Field: "when", Depth: 1, Expr: "ExecutionRate < 0.5", Value: "true", Evaluated: true}, steps[3])
	// R07: IsNew is false, so the right side is never evaluated
	sk := res.Skipped[0]
	require.NotNil(t, sk.Explanation)
	assert.Equal(t, "rule R07: IsNew (false) && (Requested > 5000000) → false → not fired", sk.Explanation.Text(lang.EN))
	// Explain off: no explanation
	res, err = p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Nil(t, res.Fired[0].Explanation)
}

// The explanation is rendered lazily, but from the values the evaluation
// saw: changing the environment afterwards does not change it.
func TestExplainAfterMutation(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "Budget.Approved < Requested && ExecutionRate < 0.5", out("cut", rules.TypeMoney, "Requested - Budget.Approved")),
		one("E", "round(Requested / (Quantity - 3), 2) > 0"),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	env.Requested, env.ExecutionRate, env.Budget.Approved = d("1"), d("0.9"), d("5")
	require.Len(t, res.Fired, 1)
	// 1,000,000 − 800,000 = 200,000
	assert.Equal(t, "rule R: (Budget.Approved (800000) < Requested (1000000) → true) && (ExecutionRate (0.42) < 0.5 → true) → true → fired; "+
		"cut = Requested (1000000) - Budget.Approved (800000) = 200000", res.Fired[0].Explanation.Text(lang.EN))
	require.Len(t, res.Skipped, 1)
	assert.Equal(t, rules.ReasonError, res.Skipped[0].Reason)
	assert.Equal(t, "rule E: round(Requested (1000000) / (Quantity (3) - 3 = 0)) > 0 → error: division by zero", res.Skipped[0].Explanation.Text(lang.EN))
}

// One explanation rendered from many goroutines at once (run with -race).
func TestExplanationConcurrentRender(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "ExecutionRate < 0.5", out("reduce", rules.TypeMoney, "Requested * (0.5 - ExecutionRate)")),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	x := res.Fired[0].Explanation
	texts := make([]string, 8)
	var wg sync.WaitGroup
	for i := range texts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			texts[i] = x.Text(lang.ZH)
		}()
	}
	wg.Wait()
	for _, s := range texts {
		assert.Equal(t, texts[0], s)
	}
	assert.Contains(t, texts[0], "ExecutionRate (0.42) < 0.5 → 是")
}

func TestExplainUnary(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "!IsNew && -Quantity < 0")}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	// IsNew is false, so !IsNew is true; −3 < 0
	assert.Equal(t, "rule R: (!IsNew (false) → true) && ((-Quantity (3) = -3) < 0 → true) → true → fired",
		res.Fired[0].Explanation.Text(lang.EN))
}
