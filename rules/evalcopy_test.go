package rules_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// TestEvalEqualsEvalTo checks Eval's fast path against the plain one over
// generated environments. Eval evaluates into pooled scratch, each rule's
// outputs in slots of their own that keep their names, types and metas
// from one call to the next, hashes its skipped rules as it records them
// to find a shared list, and copies the outcome whole (values and fired
// records from templates) into one allocation; EvalTo into a fresh Result
// builds every record as it goes. The two must give the same Result: the
// same fired rules with the same outputs (names, types, values), the same
// skipped rules and reasons, the same errors, and the same JSON bytes.
//
// The set is made to reach what the fast path could get wrong: rules with
// two or three outputs of every kind (money, numbers, strings from the
// environment and constants, bools, dates, a host type), wide decimals
// (coefficients past int64), an output failing after another has been
// set (division by zero, so a slot holds a value of a rule that did not
// fire), groups, a disabled rule and effective periods; under every hit
// policy, with and without FiredOnly and an as-of date. The environments
// come in a random order from one seeded generator, so that consecutive
// Evals leave different rules' values in the slots; each Eval is also
// compared with EvalTo into one Result reused across the run.
func TestEvalEqualsEvalTo(t *testing.T) {
	no := false
	set := func(hit rules.HitPolicy) *rules.Set {
		return &rules.Set{ID: "copy", Version: "1", HitPolicy: hit, Rules: []rules.Rule{
			{ID: "R1", Name: "cut to standard", When: "UnitCost > StandardUnitCost", Outputs: []rules.Output{
				out("cut", rules.TypeMoney, "(UnitCost - StandardUnitCost) * Quantity"),
				out("category", rules.TypeString, "Category"),
			}},
			{ID: "R2", When: "Quantity > 3", Group: "g", Outputs: []rules.Output{
				out("share", rules.TypeNumber, "div(Requested, Quantity + 1, 2)"),
				out("big", rules.TypeBool, "Requested > 1000000"),
				out("grade", "grade", `Quantity > 6 ? "优" : "差"`),
			}},
			{ID: "R3", When: "Quantity > 1", Group: "g", Outputs: []rules.Output{
				out("q", rules.TypeNumber, "Quantity"),
			}},
			{ID: "R4", Name: "wide", When: "Requested > 0", Outputs: []rules.Output{
				out("wide", rules.TypeMoney, "Requested * 100000000000"),
				out("ratio", rules.TypeNumber, "div(ExecutionRate, Quantity - 4, 4)"), // fails when Quantity is 4
			}},
			{ID: "R5", When: "true", Enabled: &no, Outputs: []rules.Output{out("x", rules.TypeNumber, "1")}},
			{ID: "R6", When: `Category == "信息化"`, EffectiveFrom: "2024-01-01", EffectiveTo: "2024-06-30", Outputs: []rules.Output{
				out("start", rules.TypeDate, "Start"),
			}},
			{ID: "R7", When: "!IsNew && ExecutionRate < 0.5", Outputs: []rules.Output{
				out("label", rules.TypeString, `ExecutionRate < 0.3 ? "red" : "yellow"`),
				out("id", rules.TypeString, "ID"),
			}},
			{ID: "R8", When: "IsNew"},
		}}
	}
	rng := rand.New(rand.NewPCG(17, 6))
	cats := []string{"信息化", "基建", "培训"}
	gen := func(i int) project {
		p := project{
			ID:                  fmt.Sprintf("P%04d", i),
			Category:            cats[rng.IntN(len(cats))],
			Requested:           decimal.New(rng.Int64N(5_000_000)-100, -rng.Int32N(3)),
			StandardUnitCost:    decimal.New(rng.Int64N(100_000), -2),
			UnitCost:            decimal.New(rng.Int64N(120_000), -2),
			Quantity:            rng.IntN(9),
			IsNew:               rng.IntN(3) == 0,
			PriorGrade:          grade(rng.IntN(5)),
			ExecutionRate:       decimal.New(rng.Int64N(101), -2),
			GoalCompletion:      decimal.New(rng.Int64N(101), -2),
			HasDetailedEstimate: true,
			Start:               time.Date(2024, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC),
		}
		if rng.IntN(5) == 0 { // a coefficient past int64 in the environment
			p.Requested = p.Requested.Mul(decimal.New(1, 15)).Add(decimal.New(7, -3))
		}
		return p
	}
	envs := make([]project, 200)
	for i := range envs {
		envs[i] = gen(i)
	}
	asOf := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, hit := range []rules.HitPolicy{rules.HitCollect, rules.HitFirst, rules.HitUnique} {
		p := compile(t, set(hit))
		for _, o := range []rules.EvalOptions{{}, {FiredOnly: true}, {AsOf: asOf}, {AsOf: asOf, FiredOnly: true}} {
			var reused rules.Result
			fired, errs := 0, 0
			for k := range 2 * len(envs) {
				env := &envs[rng.IntN(len(envs))]
				if k < len(envs) {
					env = &envs[k] // every environment at least once
				}
				got, gotErr := p.Eval(env, o)
				var fresh rules.Result
				wantErr := p.EvalTo(&fresh, env, o)
				reusedErr := p.EvalTo(&reused, env, o)
				name := fmt.Sprintf("%s %+v %s", hit, o, env.ID)
				requireSameResult(t, name+" (fresh EvalTo)", fresh, wantErr, got, gotErr)
				requireSameResult(t, name+" (reused EvalTo)", reused, reusedErr, got, gotErr)
				fired += len(got.Fired)
				errs += len(got.Errors)
			}
			// the generator reaches what the test is about
			require.Positive(t, fired, "%s %+v: rules fired", hit, o)
			if hit == rules.HitCollect {
				require.Positive(t, errs, "%s %+v: an output failed after another was set", hit, o)
			}
		}
	}
}

// requireSameResult requires Eval's result got (and its error) to equal
// EvalTo's want, record by record and in its JSON bytes.
func requireSameResult(t *testing.T, name string, want rules.Result, wantErr error, got rules.Result, gotErr error) {
	t.Helper()
	require.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), "%s: error", name)
	require.Equal(t, want.SetID+want.Version+want.Hash, got.SetID+got.Version+got.Hash, "%s: set", name)
	require.Equal(t, len(want.Fired), len(got.Fired), "%s: fired", name)
	for i, w := range want.Fired {
		g := got.Fired[i]
		require.Equal(t, []any{w.RuleID, w.Name, w.Index, w.Outputs == nil, len(w.Outputs)},
			[]any{g.RuleID, g.Name, g.Index, g.Outputs == nil, len(g.Outputs)}, "%s: fired %d", name, i)
		for k, wv := range w.Outputs {
			gv := g.Outputs[k]
			require.Equal(t, []any{wv.Name, wv.Type, wv.String(), wv.Decimal().String()},
				[]any{gv.Name, gv.Type, gv.String(), gv.Decimal().String()}, "%s: %s output %d", name, w.RuleID, k)
		}
	}
	require.Equal(t, want.Skipped, got.Skipped, "%s: skipped", name)
	require.Equal(t, len(want.Errors), len(got.Errors), "%s: errors", name)
	for i := range want.Errors {
		require.Equal(t, want.Errors[i].Error(), got.Errors[i].Error(), "%s: error %d", name, i)
	}
	wj, err := json.Marshal(want)
	require.NoError(t, err)
	gj, err := json.Marshal(got)
	require.NoError(t, err)
	require.Equal(t, string(wj), string(gj), "%s: JSON", name)
}
