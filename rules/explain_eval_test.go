package rules_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// TestEvalExplainsAsEvalTo checks that Eval, which makes its explanations
// in the copy-out from the rules whose condition ran, explains exactly the
// rules EvalTo explains while it evaluates, with the same text, across
// every reason a rule can be skipped for, with and without FiredOnly, and
// under each hit policy.
//
// The set, in evaluation order (priority, then file order): hi (priority
// 9, Quantity > 2), low (Quantity < 2), off (disabled), old (ended before
// the as-of date), g1 (Quantity >= 3) and g2 (true) of one group, div
// (divides by Quantity - 3). For Quantity 3 under HitCollect hi and g1
// fire, g2 is skipped for its group, div fails (division by zero) and low
// is false: explained are hi, g1, then low and div. For Quantity 2 only g2
// fires (g1 is false), div is false (1000000 / -1 < 0): explained g2, then
// hi, low, g1 and div. Under HitFirst nothing after the first firing rule
// is evaluated. off, old and skipped-for-the-group rules have no
// explanation.
func TestEvalExplainsAsEvalTo(t *testing.T) {
	off := false
	set := func(h rules.HitPolicy) *rules.Set {
		return &rules.Set{ID: "s", HitPolicy: h, Rules: []rules.Rule{
			{ID: "low", When: "Quantity < 2"},
			{ID: "hi", When: "Quantity > 2", Priority: 9, Outputs: []rules.Output{out("x", rules.TypeNumber, "Quantity * 2")}},
			{ID: "off", When: "true", Enabled: &off},
			{ID: "old", When: "true", EffectiveTo: "2023-12-31"},
			{ID: "g1", When: "Quantity >= 3", Group: "g", Outputs: []rules.Output{out("y", rules.TypeNumber, "Quantity + 1")}},
			{ID: "g2", When: "true", Group: "g"},
			{ID: "div", When: "round(Requested / (Quantity - 3), 2) > 0"},
		}}
	}
	asOf := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	explainedIDs := func(r rules.Result) []string {
		var ids []string
		for _, f := range r.Fired {
			if f.Explanation != nil {
				ids = append(ids, f.Explanation.RuleID())
			}
		}
		for _, s := range r.Skipped {
			if s.Explanation != nil {
				ids = append(ids, s.Explanation.RuleID())
			}
		}
		return ids
	}
	for _, tt := range []struct {
		name      string
		hit       rules.HitPolicy
		quantity  int
		firedOnly bool
		want      []string // explained rules: fired ones first, then skipped, each in evaluation order
	}{
		{"collect", rules.HitCollect, 3, false, []string{"hi", "g1", "low", "div"}},
		{"collect fired only", rules.HitCollect, 3, true, []string{"hi", "g1"}},
		{"collect group", rules.HitCollect, 2, false, []string{"g2", "hi", "low", "g1", "div"}},
		{"first", rules.HitFirst, 3, false, []string{"hi"}},
		{"first group", rules.HitFirst, 2, false, []string{"g2", "hi", "low", "g1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, set(tt.hit))
			env := sample()
			env.Quantity = tt.quantity
			o := rules.EvalOptions{AsOf: asOf, Explain: true, FiredOnly: tt.firedOnly}
			got, err := p.Eval(&env, o)
			require.NoError(t, err)
			var want rules.Result
			require.NoError(t, p.EvalTo(&want, &env, o))
			assert.Equal(t, tt.want, explainedIDs(got), "explained by Eval")
			assert.Equal(t, tt.want, explainedIDs(want), "explained by EvalTo")
			gj, err := json.Marshal(got)
			require.NoError(t, err)
			wj, err := json.Marshal(want)
			require.NoError(t, err)
			assert.JSONEq(t, string(wj), string(gj))
		})
	}
}
