package rules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// TestEvalResultsOutliveTheirProgram checks that a result of Eval keeps
// alive everything it points to after its program is gone: the result's
// block is typed by a layout built with reflect.StructOf from Fired,
// Value and Skipped (see layout.go), and a pointer that layout did not
// declare would be missed by the collector. It runs itself again in a
// child process under GODEBUG=gccheckmark=1, with which the collector,
// after each concurrent mark, marks everything again with the world
// stopped and aborts the process if it reaches an object the concurrent
// mark missed: a rule ID, output name or type, or a caller's string, that
// only a result still reached. The child compiles program after program
// from strings made afresh on the heap (so that they are the program's
// own, alive only as long as it is), evaluates each in every mode, drops
// the program and keeps the result, collecting after every few hundred
// kilobytes; at the end each kept result must still encode to the JSON
// it encoded to when it was made.
func TestEvalResultsOutliveTheirProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process with the collector checking every mark")
	}
	if os.Getenv("JIXIAO_CHECKMARK_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEvalResultsOutliveTheirProgram$")
		cmd.Env = append(os.Environ(), "JIXIAO_CHECKMARK_CHILD=1", "GODEBUG=gccheckmark=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "child process:\n%s", out)
		return
	}
	type env struct {
		Name  string
		Q     int
		Money decimal.Decimal
	}
	// fresh returns s in memory of its own
	fresh := func(format string, a ...any) string { return string([]byte(fmt.Sprintf(format, a...))) }
	// a collection every few hundred kilobytes allocated, so that marks
	// begin and end between any two steps of an Eval
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	type kept struct {
		res  rules.Result
		json string
	}
	var keep [64]kept
	opts := []rules.EvalOptions{{}, {FiredOnly: true}, {Explain: true}}
	for i := range 2000 {
		s := &rules.Set{ID: fresh("set%d", i), Rules: []rules.Rule{
			{ID: fresh("fires%d", i), Name: fresh("name%d", i), When: "Q > 0", Outputs: []rules.Output{
				{Name: fresh("who%d", i), Type: rules.TypeString, Expr: "Name"},
				{Name: fresh("m%d", i), Type: rules.TypeMoney, Expr: "Money * 3"},
				{Name: fresh("c%d", i), Type: rules.TypeString, Expr: `Q > 2 ? "big" : "small"`},
			}},
			{ID: fresh("skips%d", i), When: "Q > 5", Outputs: []rules.Output{{Name: fresh("n%d", i), Type: rules.TypeNumber, Expr: "Q"}}},
			{ID: fresh("fails%d", i), When: "Q > 1", Outputs: []rules.Output{{Name: fresh("x%d", i), Type: rules.TypeNumber, Expr: "div(1, Q - 2, 2)"}}},
			{ID: fresh("bool%d", i), When: "true", Outputs: []rules.Output{{Name: fresh("b%d", i), Type: rules.TypeBool, Expr: "Q > 1"}}},
		}}
		p, err := rules.Compile[env](s)
		require.NoError(t, err)
		q := i % 4
		e := env{Name: fresh("caller%d", i), Q: q, Money: decimal.New(int64(i), -2)}
		if i%3 == 0 { // a wide decimal
			e.Money = decimal.RequireFromString(fresh("%d12345678901234567890.5", i))
		}
		res, err := p.Eval(&e, opts[i%len(opts)])
		require.NoError(t, err)
		j, err := json.Marshal(res)
		require.NoError(t, err)
		keep[i%len(keep)] = kept{res, string(j)}
	}
	runtime.GC()
	for _, k := range keep {
		j, err := json.Marshal(k.res)
		require.NoError(t, err)
		require.Equal(t, k.json, string(j))
	}
}

// TestEvalResultsIndependent checks that each Result of Eval is the
// caller's own: results kept across many later calls still encode to the
// JSON they encoded to when they were made, and writing into every kept
// result (rule IDs, outputs, the skipped list, which may be shared
// between results, copied first as Result documents) changes none of the
// results of the same environments evaluated again afterwards, which must
// encode as the first ones did.
func TestEvalResultsIndependent(t *testing.T) {
	type env struct {
		Name string
		Q    int
	}
	s := &rules.Set{ID: "own", Rules: []rules.Rule{
		{ID: "a", Name: "first", When: "Q > 0", Outputs: []rules.Output{
			{Name: "who", Type: rules.TypeString, Expr: "Name"},
			{Name: "q", Type: rules.TypeNumber, Expr: "Q * 2"},
		}},
		{ID: "b", When: "Q > 2", Outputs: []rules.Output{{Name: "big", Type: rules.TypeBool, Expr: "Q > 4"}}},
		{ID: "c", When: "Q == 2 || Q == 5"},
	}}
	p, err := rules.Compile[env](s)
	require.NoError(t, err)
	envs := make([]env, 50)
	for i := range envs {
		envs[i] = env{Name: fmt.Sprintf("n%d", i), Q: i % 7}
	}
	type kept struct {
		res  rules.Result
		json string
	}
	var all []kept
	for _, o := range []rules.EvalOptions{{}, {FiredOnly: true}, {Explain: true}} {
		for i := range envs {
			res, err := p.Eval(&envs[i], o)
			require.NoError(t, err)
			j, err := json.Marshal(res)
			require.NoError(t, err)
			all = append(all, kept{res, string(j)})
		}
	}
	for _, k := range all {
		j, err := json.Marshal(k.res)
		require.NoError(t, err)
		require.Equal(t, k.json, string(j), "a kept result changed")
	}
	for _, k := range all {
		for i := range k.res.Fired {
			f := &k.res.Fired[i]
			f.RuleID, f.Name = "changed", "changed"
			for v := range f.Outputs {
				f.Outputs[v] = rules.Value{Name: "changed"}
			}
		}
		k.res.Skipped = append([]rules.Skipped(nil), k.res.Skipped...)
		for i := range k.res.Skipped {
			k.res.Skipped[i].RuleID = "changed"
		}
	}
	n := 0
	for _, o := range []rules.EvalOptions{{}, {FiredOnly: true}, {Explain: true}} {
		for i := range envs {
			res, err := p.Eval(&envs[i], o)
			require.NoError(t, err)
			j, err := json.Marshal(res)
			require.NoError(t, err)
			require.Equal(t, all[n].json, string(j), "env %d %+v after the kept results were changed", i, o)
			n++
		}
	}
}
