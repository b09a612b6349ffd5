package bench

import (
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/jixiao-go/jixiao/internal/refwork"
)

// ExprPerRule is raw expr with one program per rule's when and output,
// compiled against the value environment refwork.Float{} (not a pointer:
// expr's field access is faster on a value type) and run on one reused VM.
type ExprPerRule struct {
	when, out []*vm.Program
	vm        vm.VM
}

// NewExprPerRule compiles the reference rules.
func NewExprPerRule() (*ExprPerRule, error) {
	e := &ExprPerRule{}
	for _, r := range refwork.Rules() {
		w, err := expr.Compile(r.When, expr.Env(refwork.Float{}), expr.AsBool())
		if err != nil {
			return nil, fmt.Errorf("%s when: %w", r.ID, err)
		}
		o, err := expr.Compile(r.Output, expr.Env(refwork.Float{}))
		if err != nil {
			return nil, fmt.Errorf("%s output: %w", r.ID, err)
		}
		e.when, e.out = append(e.when, w), append(e.out, o)
	}
	return e, nil
}

// Run evaluates every rule for p into o (outputs as expr gives them). The
// project is boxed once and the box shared by the twenty runs: the fastest
// of the ways BenchmarkExprEnvChoice compares.
func (e *ExprPerRule) Run(p refwork.Float, o *refwork.Out[any]) error {
	*o = refwork.Out[any]{}
	var env any = p
	for i, w := range e.when {
		ok, err := e.vm.Run(w, env)
		if err != nil {
			return err
		}
		if !ok.(bool) {
			continue
		}
		v, err := e.vm.Run(e.out[i], env)
		if err != nil {
			return err
		}
		o.Fired[i], o.Val[i] = true, v
	}
	return nil
}

// ExprWhole is raw expr running the whole set as one program with shared
// lets (refwork.WholeSet), compiled against the value environment.
type ExprWhole struct {
	p  *vm.Program
	vm vm.VM
}

// NewExprWhole compiles the whole set.
func NewExprWhole() (*ExprWhole, error) {
	p, err := expr.Compile(refwork.WholeSet, expr.Env(refwork.Float{}))
	if err != nil {
		return nil, err
	}
	return &ExprWhole{p: p}, nil
}

// Run evaluates the set for env into o.
func (e *ExprWhole) Run(env refwork.Float, o *refwork.Out[any]) error {
	v, err := e.vm.Run(e.p, env)
	if err != nil {
		return err
	}
	*o = refwork.Out[any]{}
	for i, x := range v.([]any) {
		if x != nil {
			o.Fired[i], o.Val[i] = true, x
		}
	}
	return nil
}

// celRules are the reference rules in CEL: CEL has no implicit int to
// double conversion, so integer literals next to doubles are written as
// doubles and Quantity is converted; R09 binds the score with cel.bind
// (ext.Bindings) where expr uses let.
var celRules = [10][2]string{
	{"!HasDetailedEstimate", "Requested"},
	{"UnitCost > StandardUnitCost", "(UnitCost - StandardUnitCost) * double(Quantity)"},
	{`PriorGrade == "差"`, "Requested * 0.2"},
	{`PriorGrade == "中"`, "Requested * 0.1"},
	{"ElapsedShare - ExecutionRate > 0.2", "(ElapsedShare - ExecutionRate) * Requested"},
	{"ElapsedShare - ExecutionRate > 0.1 && ElapsedShare - ExecutionRate <= 0.2", "(ElapsedShare - ExecutionRate) * Requested"},
	{"IsNew && Requested > 5000000.0", "Requested - 5000000.0"},
	{"!IsNew", "ExecutionRate*40.0 + GoalCompletion*60.0"},
	{"!IsNew", `cel.bind(s, ExecutionRate*40.0 + GoalCompletion*60.0, s >= 90.0 ? "优" : s >= 80.0 ? "良" : s >= 60.0 ? "中" : "差")`},
	{`Category == "信息化" && ExecutionRate < 0.5`, "Requested * (0.5 - ExecutionRate)"},
}

// CEL is cel-go with one optimised program per rule's when and output,
// reading the project through an Activation that returns CEL values
// straight from the struct (no map, no reflection).
type CEL struct {
	when, out []cel.Program
}

// NewCEL compiles the reference rules in CEL.
func NewCEL() (*CEL, error) {
	env, err := cel.NewEnv(ext.Bindings(),
		cel.Variable("Category", cel.StringType), cel.Variable("PriorGrade", cel.StringType),
		cel.Variable("Requested", cel.DoubleType), cel.Variable("StandardUnitCost", cel.DoubleType),
		cel.Variable("UnitCost", cel.DoubleType), cel.Variable("Quantity", cel.IntType),
		cel.Variable("HasDetailedEstimate", cel.BoolType), cel.Variable("IsNew", cel.BoolType),
		cel.Variable("ElapsedShare", cel.DoubleType), cel.Variable("ExecutionRate", cel.DoubleType),
		cel.Variable("GoalCompletion", cel.DoubleType))
	if err != nil {
		return nil, err
	}
	prog := func(src string) (cel.Program, error) {
		ast, iss := env.Compile(src)
		if iss.Err() != nil {
			return nil, iss.Err()
		}
		return env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	}
	c := &CEL{}
	for i, r := range celRules {
		w, err := prog(r[0])
		if err != nil {
			return nil, fmt.Errorf("R%02d when: %w", i+1, err)
		}
		o, err := prog(r[1])
		if err != nil {
			return nil, fmt.Errorf("R%02d output: %w", i+1, err)
		}
		c.when, c.out = append(c.when, w), append(c.out, o)
	}
	return c, nil
}

// celActivation resolves the variables of one project.
type celActivation struct{ p *refwork.Float }

func (a celActivation) ResolveName(name string) (any, bool) {
	p := a.p
	switch name {
	case "Category":
		return types.String(p.Category), true
	case "PriorGrade":
		return types.String(p.PriorGrade), true
	case "Requested":
		return types.Double(p.Requested), true
	case "StandardUnitCost":
		return types.Double(p.StandardUnitCost), true
	case "UnitCost":
		return types.Double(p.UnitCost), true
	case "Quantity":
		return types.Int(p.Quantity), true
	case "HasDetailedEstimate":
		return types.Bool(p.HasDetailedEstimate), true
	case "IsNew":
		return types.Bool(p.IsNew), true
	case "ElapsedShare":
		return types.Double(p.ElapsedShare), true
	case "ExecutionRate":
		return types.Double(p.ExecutionRate), true
	case "GoalCompletion":
		return types.Double(p.GoalCompletion), true
	}
	return nil, false
}

func (celActivation) Parent() interpreter.Activation { return nil }

// Run evaluates every rule for p into o (outputs as CEL values).
func (c *CEL) Run(p *refwork.Float, o *refwork.Out[any]) error {
	*o = refwork.Out[any]{}
	act := celActivation{p}
	for i, w := range c.when {
		v, _, err := w.Eval(act)
		if err != nil {
			return err
		}
		if v != types.True {
			continue
		}
		x, _, err := c.out[i].Eval(act)
		if err != nil {
			return err
		}
		o.Fired[i], o.Val[i] = true, x.Value()
	}
	return nil
}
