package rules_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// TestPriorityExtremes checks the order of rules whose priorities are at
// the ends of int: a comparator that subtracts priorities overflows there
// (math.MaxInt - math.MinInt wraps to -1) and put the MinInt rule first.
func TestPriorityExtremes(t *testing.T) {
	set := func(hit rules.HitPolicy) *rules.Set {
		return &rules.Set{ID: "s", HitPolicy: hit, Rules: []rules.Rule{
			{ID: "low", When: "true", Priority: math.MinInt},
			{ID: "zero", When: "true"},
			{ID: "high", When: "true", Priority: math.MaxInt},
			{ID: "low2", When: "true", Priority: math.MinInt},
			{ID: "high2", When: "true", Priority: math.MaxInt},
		}}
	}
	env := sample()
	res, err := compile(t, set(rules.HitCollect)).Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	// priority desc; equal priorities in file order
	assert.Equal(t, []string{"high", "high2", "zero", "low", "low2"}, fired(res))
	res, err = compile(t, set(rules.HitFirst)).Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"high"}, fired(res))
}

// wantOrder is the documented evaluation order worked out independently of
// the package: an insertion sort moving a rule before those of strictly
// lower priority only, so equal priorities keep file order.
func wantOrder(rs []rules.Rule) []string {
	order := make([]rules.Rule, 0, len(rs))
	for _, r := range rs {
		i := len(order)
		for i > 0 && order[i-1].Priority < r.Priority {
			i--
		}
		order = slices.Insert(order, i, r)
	}
	var ids []string // nil when empty, like fired
	for _, r := range order {
		ids = append(ids, r.ID)
	}
	return ids
}

// FuzzEvalOrder checks that the evaluation order is a total order that does
// not depend on the order the rules are given in: for a set of rules with
// random priorities, extremes included, and a shuffle of it, each fires in
// priority order, equal priorities in its own file order, and any two rules
// of different priority fire in the same relative order in both; under
// HitFirst only the first of that order fires.
func FuzzEvalOrder(f *testing.F) {
	f.Add(uint64(1), []byte{0, 6, 3, 3, 1, 6, 0})
	f.Add(uint64(7), []byte{200, 6, 0, 201, 5, 1, 2, 3, 4, 0, 6})
	f.Add(uint64(3), []byte{})
	extremes := []int{math.MinInt, math.MinInt + 1, -1, 0, 1, math.MaxInt - 1, math.MaxInt}
	env := sample()
	f.Fuzz(func(t *testing.T, seed uint64, picks []byte) {
		picks = picks[:min(len(picks), 48)]
		r := rand.New(rand.NewPCG(seed, 16))
		rs := make([]rules.Rule, len(picks))
		prio := map[string]int{}
		for i, p := range picks {
			pr := extremes[int(p)%len(extremes)]
			if p >= 128 {
				pr = int(r.Uint64()) // anywhere in int, negative half too
			}
			rs[i] = rules.Rule{ID: fmt.Sprintf("R%02d", i), When: "true", Priority: pr}
			prio[rs[i].ID] = pr
		}
		shuffled := slices.Clone(rs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		var got [2][]string
		for k, set := range [][]rules.Rule{rs, shuffled} {
			p := compile(t, &rules.Set{ID: "s", Rules: set})
			res, err := p.Eval(&env, rules.EvalOptions{})
			require.NoError(t, err)
			got[k] = fired(res)
			require.Equal(t, wantOrder(set), got[k], "priority desc, then file order")
			first := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitFirst, Rules: set})
			res, err = first.Eval(&env, rules.EvalOptions{})
			require.NoError(t, err)
			if len(set) > 0 {
				require.Equal(t, got[k][:1], fired(res), "hit policy first")
			}
		}
		pos := map[string]int{}
		for i, id := range got[1] {
			pos[id] = i
		}
		for i := range got[0] {
			for j := i + 1; j < len(got[0]); j++ {
				a, b := got[0][i], got[0][j]
				if prio[a] != prio[b] {
					require.Less(t, pos[a], pos[b], "%s (priority %d) before %s (priority %d) in both orders", a, prio[a], b, prio[b])
				}
			}
		}
	})
}
