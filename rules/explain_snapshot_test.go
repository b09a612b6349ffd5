package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
	"github.com/jixiao-go/jixiao/rules"
)

// TestExplainPointerFieldsSnapshot checks that an explanation renders the
// values its evaluation read, for fields read directly (from the copy of
// the environment) and through pointers (from the snapshot's recording),
// after the caller has changed both, with Eval (the explanation state in
// the copy-out's block) and EvalTo (in a fresh result's block, then in a
// block of its own when dst is reused).
//
// Worked by hand: Amount 120.25 > 100 and Approved 90.5 < 120.25, so R
// fires with cut = 120.25 − 90.5 = 29.75; Note "批复" is read directly.
// The renderer brackets each operand of && that is itself an operation.
// The environment is then changed to Amount 1, Approved 2, Note "x", which
// the explanation must not show.
func TestExplainPointerFieldsSnapshot(t *testing.T) {
	p, err := rules.Compile[embedEnv](&rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", `Amount > 100 && Approved < Amount && Note == "批复"`, out("cut", rules.TypeMoney, "Amount - Approved")),
	}})
	require.NoError(t, err)
	const want = `rule R: ((Amount (120.25) > 100 → true) && (Approved (90.5) < Amount (120.25) → true) → true) && (Note ("批复") == "批复" → true) → true → fired; cut = Amount (120.25) - Approved (90.5) = 29.75`
	run := func(name string, eval func(env *embedEnv) rules.Result) {
		t.Run(name, func(t *testing.T) {
			a := d("90.5")
			env := embedEnv{base: base{Amount: d("120.25")}, detail: &detail{Approved: &a}, Note: "批复"}
			res := eval(&env)
			require.Len(t, res.Fired, 1)
			x := res.Fired[0].Explanation
			a, env.Amount, env.Note = d("2"), d("1"), "x"
			assert.Equal(t, want, x.Text(lang.EN))
			js, err := json.Marshal(x)
			require.NoError(t, err)
			var back struct{ Text string }
			require.NoError(t, json.Unmarshal(js, &back))
			assert.Equal(t, want, back.Text)
		})
	}
	run("Eval", func(env *embedEnv) rules.Result {
		res, err := p.Eval(env, rules.EvalOptions{Explain: true})
		require.NoError(t, err)
		return res
	})
	run("EvalTo", func(env *embedEnv) rules.Result {
		var res rules.Result
		require.NoError(t, p.EvalTo(&res, env, rules.EvalOptions{Explain: true}))
		return res
	})
	var reused rules.Result
	run("EvalTo reused", func(env *embedEnv) rules.Result {
		require.NoError(t, p.EvalTo(&reused, env, rules.EvalOptions{}))
		require.NoError(t, p.EvalTo(&reused, env, rules.EvalOptions{Explain: true}))
		return reused
	})
}
