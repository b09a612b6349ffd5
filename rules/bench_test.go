package rules_test

// The reference workload of ../shared/bench/reference-rules.md: ten rules
// over generated budget projects, with money as decimals. Baselines in the
// same file so every run measures the ratios side by side:
//
//	BenchmarkReference/go-float64        hand-written Go, float64 money (not exact)
//	BenchmarkReference/go-int64-fen      hand-written Go, int64 fen (exact; the floor)
//	BenchmarkReference/go-decimal        hand-written Go, shopspring decimals (exact)
//	BenchmarkReference/expr-float-per-rule   raw expr, one program per when/output, float64 money
//	BenchmarkReference/expr-float-one-program raw expr, the whole set as one program with lets
//	BenchmarkReference/rules             this package, exact decimal money, explain off
//	BenchmarkReference/rules-explain     this package, explain on
//	BenchmarkReferenceEvalTo             this package reusing one Result
//
// Run: go test ./rules -run '^$' -bench 'Reference|Compile1000' -benchmem -count 5

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

type refProject struct {
	ID, Dept, Category  string
	Requested           decimal.Decimal
	StandardUnitCost    decimal.Decimal
	UnitCost            decimal.Decimal
	Quantity            int
	HasDetailedEstimate bool
	IsNew               bool
	PriorGrade          string
	ElapsedShare        decimal.Decimal
	ExecutionRate       decimal.Decimal
	GoalCompletion      decimal.Decimal
}

type refFloat struct {
	ID, Dept, Category  string
	Requested           float64
	StandardUnitCost    float64
	UnitCost            float64
	Quantity            int
	HasDetailedEstimate bool
	IsNew               bool
	PriorGrade          string
	ElapsedShare        float64
	ExecutionRate       float64
	GoalCompletion      float64
}

// refFen holds money in fen and ratios in ten-thousandths (万分之一).
type refFen struct {
	Category                              string
	Requested, StandardUnitCost, UnitCost int64
	Quantity                              int64
	HasDetailedEstimate, IsNew            bool
	PriorGrade                            string
	ElapsedShare, ExecutionRate           int64
	GoalCompletion                        int64
}

// genProjects generates n projects deterministically (fixed seed); ratios
// have four decimals, so ratio × Requested (whole hundreds) is exact to the fen.
func genProjects(n int) ([]refProject, []refFloat, []refFen) {
	r := rand.New(rand.NewPCG(2021, 9))
	depts := []string{"教育局", "卫健委", "交通局", "农业农村局", "民政局", "住建局", "文旅局", "财政局"}
	cats := []string{"信息化", "设备购置", "基建", "培训", "运维", "课题研究"}
	ps := make([]refProject, n)
	fs := make([]refFloat, n)
	ns := make([]refFen, n)
	for i := range n {
		req := (500 + r.Int64N(200000-500+1)) * 100 // yuan, whole hundreds 50,000 … 20,000,000
		std := 100 + r.Int64N(500099-100+1)         // fen, 1.00 … 5,000.99
		unit := std
		switch u := r.IntN(100); {
		case u < 60:
		case u < 80:
			unit = std * (80 + r.Int64N(21)) / 100
		default:
			unit = std * (100 + r.Int64N(51)) / 100
		}
		qty := 1 + r.Int64N(200)
		isNew := r.IntN(100) < 30
		grade := ""
		if !isNew {
			switch g := r.IntN(100); {
			case g < 30:
				grade = "优"
			case g < 65:
				grade = "良"
			case g < 85:
				grade = "中"
			default:
				grade = "差"
			}
		}
		elapsed := 2500 + r.Int64N(7501)        // 0.2500 … 1.0000
		exec := elapsed - 2800 + r.Int64N(4001) // −0.28 … +0.12
		exec = max(0, min(10000, exec))
		goal := 4000 + r.Int64N(6001)
		p := refProject{
			ID: fmt.Sprintf("P%06d", i+1), Dept: depts[r.IntN(len(depts))], Category: cats[r.IntN(len(cats))],
			Requested: decimal.New(req, 0), StandardUnitCost: decimal.New(std, -2), UnitCost: decimal.New(unit, -2),
			Quantity: int(qty), HasDetailedEstimate: r.IntN(100) < 90, IsNew: isNew, PriorGrade: grade,
			ElapsedShare: decimal.New(elapsed, -4), ExecutionRate: decimal.New(exec, -4), GoalCompletion: decimal.New(goal, -4),
		}
		ps[i] = p
		fs[i] = refFloat{ID: p.ID, Dept: p.Dept, Category: p.Category, Requested: float64(req),
			StandardUnitCost: float64(std) / 100, UnitCost: float64(unit) / 100, Quantity: int(qty),
			HasDetailedEstimate: p.HasDetailedEstimate, IsNew: isNew, PriorGrade: grade,
			ElapsedShare: float64(elapsed) / 1e4, ExecutionRate: float64(exec) / 1e4, GoalCompletion: float64(goal) / 1e4}
		ns[i] = refFen{Category: p.Category, Requested: req * 100, StandardUnitCost: std, UnitCost: unit, Quantity: qty,
			HasDetailedEstimate: p.HasDetailedEstimate, IsNew: isNew, PriorGrade: grade,
			ElapsedShare: elapsed, ExecutionRate: exec, GoalCompletion: goal}
	}
	return ps, fs, ns
}

func refSet() *rules.Set {
	money := func(e string) []rules.Output { return []rules.Output{{Name: "reduce", Type: rules.TypeMoney, Expr: e}} }
	gap := "(ElapsedShare - ExecutionRate) * Requested"
	return &rules.Set{ID: "reference", Version: "1", Rules: []rules.Rule{
		{ID: "R01", Name: "reject without detailed estimate", When: "!HasDetailedEstimate", Outputs: money("Requested")},
		{ID: "R02", Name: "cut unit cost to the standard", When: "UnitCost > StandardUnitCost", Outputs: money("(UnitCost - StandardUnitCost) * Quantity")},
		{ID: "R03", Name: "prior grade poor", When: `PriorGrade == "差"`, Outputs: money("Requested * 0.2")},
		{ID: "R04", Name: "prior grade fair", When: `PriorGrade == "中"`, Outputs: money("Requested * 0.1")},
		{ID: "R05", Name: "red execution alert", When: "ElapsedShare - ExecutionRate > 0.2", Outputs: money(gap)},
		{ID: "R06", Name: "yellow execution alert", When: "ElapsedShare - ExecutionRate > 0.1 && ElapsedShare - ExecutionRate <= 0.2", Outputs: money(gap)},
		{ID: "R07", Name: "large new project", When: "IsNew && Requested > 5000000", Outputs: money("Requested - 5000000")},
		{ID: "R08", Name: "performance score", When: "!IsNew", Outputs: []rules.Output{{Name: "score", Type: rules.TypeNumber, Expr: "ExecutionRate*40 + GoalCompletion*60"}}},
		{ID: "R09", Name: "grade band", When: "!IsNew", Outputs: []rules.Output{{Name: "grade", Type: rules.TypeString,
			Expr: `let s = ExecutionRate*40 + GoalCompletion*60; s >= 90 ? "优" : s >= 80 ? "良" : s >= 60 ? "中" : "差"`}}},
		{ID: "R10", Name: "IT project with low execution", When: `Category == "信息化" && ExecutionRate < 0.5`, Outputs: money("Requested * (0.5 - ExecutionRate)")},
	}}
}

// refOut is what the hand-written baselines compute: which rules fired and
// the first output of each.
type refOut[T any] struct {
	fired [10]bool
	val   [10]T
	grade string
}

func handFloat(p *refFloat, o *refOut[float64]) {
	*o = refOut[float64]{}
	set := func(i int, v float64) { o.fired[i], o.val[i] = true, v }
	if !p.HasDetailedEstimate {
		set(0, p.Requested)
	}
	if p.UnitCost > p.StandardUnitCost {
		set(1, (p.UnitCost-p.StandardUnitCost)*float64(p.Quantity))
	}
	if p.PriorGrade == "差" {
		set(2, p.Requested*0.2)
	}
	if p.PriorGrade == "中" {
		set(3, p.Requested*0.1)
	}
	gap := p.ElapsedShare - p.ExecutionRate
	if gap > 0.2 {
		set(4, gap*p.Requested)
	}
	if gap > 0.1 && gap <= 0.2 {
		set(5, gap*p.Requested)
	}
	if p.IsNew && p.Requested > 5000000 {
		set(6, p.Requested-5000000)
	}
	if !p.IsNew {
		s := p.ExecutionRate*40 + p.GoalCompletion*60
		set(7, s)
		set(8, s)
		o.grade = band(s >= 90, s >= 80, s >= 60)
	}
	if p.Category == "信息化" && p.ExecutionRate < 0.5 {
		set(9, p.Requested*(0.5-p.ExecutionRate))
	}
}

func band(a, b, c bool) string {
	switch {
	case a:
		return "优"
	case b:
		return "良"
	case c:
		return "中"
	}
	return "差"
}

// handFen: money in fen, ratios in 1e-4; products of a ratio and money are
// divided by 1e4, exact because Requested is whole hundreds of yuan.
func handFen(p *refFen, o *refOut[int64]) {
	*o = refOut[int64]{}
	set := func(i int, v int64) { o.fired[i], o.val[i] = true, v }
	if !p.HasDetailedEstimate {
		set(0, p.Requested)
	}
	if p.UnitCost > p.StandardUnitCost {
		set(1, (p.UnitCost-p.StandardUnitCost)*p.Quantity)
	}
	if p.PriorGrade == "差" {
		set(2, p.Requested*2/10)
	}
	if p.PriorGrade == "中" {
		set(3, p.Requested/10)
	}
	gap := p.ElapsedShare - p.ExecutionRate
	if gap > 2000 {
		set(4, gap*p.Requested/10000)
	}
	if gap > 1000 && gap <= 2000 {
		set(5, gap*p.Requested/10000)
	}
	if p.IsNew && p.Requested > 500000000 {
		set(6, p.Requested-500000000)
	}
	if !p.IsNew {
		s := p.ExecutionRate*40 + p.GoalCompletion*60 // in 1e-4 points
		set(7, s)
		set(8, s)
		o.grade = band(s >= 900000, s >= 800000, s >= 600000)
	}
	if p.Category == "信息化" && p.ExecutionRate < 5000 {
		set(9, p.Requested*(5000-p.ExecutionRate)/10000)
	}
}

type decConsts struct{ d02, d01, d01b, d02b, d5m, d40, d60, d90, d80, d60b, half decimal.Decimal }

func newDecConsts() *decConsts {
	return &decConsts{d02: d("0.2"), d01: d("0.1"), d01b: d("0.1"), d02b: d("0.2"), d5m: d("5000000"),
		d40: d("40"), d60: d("60"), d90: d("90"), d80: d("80"), d60b: d("60"), half: d("0.5")}
}

func handDecimal(p *refProject, k *decConsts, o *refOut[decimal.Decimal]) {
	*o = refOut[decimal.Decimal]{}
	set := func(i int, v decimal.Decimal) { o.fired[i], o.val[i] = true, v }
	if !p.HasDetailedEstimate {
		set(0, p.Requested)
	}
	if p.UnitCost.GreaterThan(p.StandardUnitCost) {
		set(1, p.UnitCost.Sub(p.StandardUnitCost).Mul(decimal.NewFromInt(int64(p.Quantity))))
	}
	if p.PriorGrade == "差" {
		set(2, p.Requested.Mul(k.d02))
	}
	if p.PriorGrade == "中" {
		set(3, p.Requested.Mul(k.d01))
	}
	gap := p.ElapsedShare.Sub(p.ExecutionRate)
	if gap.GreaterThan(k.d02b) {
		set(4, gap.Mul(p.Requested))
	}
	if gap.GreaterThan(k.d01b) && gap.LessThanOrEqual(k.d02b) {
		set(5, gap.Mul(p.Requested))
	}
	if p.IsNew && p.Requested.GreaterThan(k.d5m) {
		set(6, p.Requested.Sub(k.d5m))
	}
	if !p.IsNew {
		s := p.ExecutionRate.Mul(k.d40).Add(p.GoalCompletion.Mul(k.d60))
		set(7, s)
		set(8, s)
		o.grade = band(s.GreaterThanOrEqual(k.d90), s.GreaterThanOrEqual(k.d80), s.GreaterThanOrEqual(k.d60b))
	}
	if p.Category == "信息化" && p.ExecutionRate.LessThan(k.half) {
		set(9, p.Requested.Mul(k.half.Sub(p.ExecutionRate)))
	}
}

// exprPerRule compiles every when and output as its own expr program over
// the float environment.
type exprPerRule struct {
	when []*vm.Program
	outs [][]*vm.Program
}

func newExprPerRule(tb testing.TB) *exprPerRule {
	s := refSet()
	e := &exprPerRule{}
	for _, r := range s.Rules {
		w, err := expr.Compile(r.When, expr.Env(&refFloat{}), expr.AsBool())
		require.NoError(tb, err)
		e.when = append(e.when, w)
		var outs []*vm.Program
		for _, o := range r.Outputs {
			p, err := expr.Compile(o.Expr, expr.Env(&refFloat{}))
			require.NoError(tb, err)
			outs = append(outs, p)
		}
		e.outs = append(e.outs, outs)
	}
	return e
}

func (e *exprPerRule) run(m *vm.VM, env *refFloat, o *refOut[any]) error {
	*o = refOut[any]{}
	for i, w := range e.when {
		ok, err := m.Run(w, env)
		if err != nil {
			return err
		}
		if !ok.(bool) {
			continue
		}
		o.fired[i] = true
		for _, p := range e.outs[i] {
			v, err := m.Run(p, env)
			if err != nil {
				return err
			}
			o.val[i] = v
		}
	}
	return nil
}

const exprWholeSet = `let gap = ElapsedShare - ExecutionRate;
let score = ExecutionRate*40 + GoalCompletion*60;
[
  !HasDetailedEstimate ? Requested : nil,
  UnitCost > StandardUnitCost ? (UnitCost - StandardUnitCost) * Quantity : nil,
  PriorGrade == "差" ? Requested * 0.2 : nil,
  PriorGrade == "中" ? Requested * 0.1 : nil,
  gap > 0.2 ? gap * Requested : nil,
  gap > 0.1 && gap <= 0.2 ? gap * Requested : nil,
  IsNew && Requested > 5000000 ? Requested - 5000000 : nil,
  !IsNew ? score : nil,
  !IsNew ? (score >= 90 ? "优" : score >= 80 ? "良" : score >= 60 ? "中" : "差") : nil,
  Category == "信息化" && ExecutionRate < 0.5 ? Requested * (0.5 - ExecutionRate) : nil
]`

var (
	sink      any
	sinkFired []rules.Fired // typed, so that keeping the result boxes nothing
)

func BenchmarkReference(b *testing.B) {
	const n = 1024
	ps, fs, ns := genProjects(n)
	b.Run("go-float64", func(b *testing.B) {
		b.ReportAllocs()
		var o refOut[float64]
		i := 0
		for b.Loop() {
			handFloat(&fs[i%n], &o)
			i++
		}
		sink = o.val[0]
	})
	b.Run("go-int64-fen", func(b *testing.B) {
		b.ReportAllocs()
		var o refOut[int64]
		i := 0
		for b.Loop() {
			handFen(&ns[i%n], &o)
			i++
		}
		sink = o.val[0]
	})
	b.Run("go-decimal", func(b *testing.B) {
		b.ReportAllocs()
		k := newDecConsts()
		var o refOut[decimal.Decimal]
		i := 0
		for b.Loop() {
			handDecimal(&ps[i%n], k, &o)
			i++
		}
		sink = o.val[0]
	})
	b.Run("expr-float-per-rule", func(b *testing.B) {
		e := newExprPerRule(b)
		var m vm.VM
		var o refOut[any]
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := e.run(&m, &fs[i%n], &o); err != nil {
				b.Fatal(err)
			}
			i++
		}
		sink = o.val[0]
	})
	b.Run("expr-float-one-program", func(b *testing.B) {
		p, err := expr.Compile(exprWholeSet, expr.Env(&refFloat{}))
		require.NoError(b, err)
		var m vm.VM
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			v, err := m.Run(p, &fs[i%n])
			if err != nil {
				b.Fatal(err)
			}
			sink = v
			i++
		}
	})
	for _, explain := range []bool{false, true} {
		name := "rules"
		if explain {
			name = "rules-explain"
		}
		b.Run(name, func(b *testing.B) {
			p, err := rules.Compile[refProject](refSet())
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
	ps, _, _ := genProjects(1024)
	p, err := rules.Compile[refProject](refSet())
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
	ps, _, _ := genProjects(1000)
	p, err := rules.Compile[refProject](refSet())
	require.NoError(t, err)
	i := 0
	allocs := testing.AllocsPerRun(len(ps), func() {
		_, _ = p.Eval(&ps[i%len(ps)], rules.EvalOptions{})
		i++
	})
	assert.LessOrEqual(t, allocs, 5.0, "allocations per project")
}

// bigSet returns a set of n rules cycling through the reference rules.
func bigSet(n int) *rules.Set {
	ref := refSet()
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
		if _, err := rules.Compile[refProject](s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReferenceMatchesHandWritten checks the engine against the
// hand-written decimal and fen baselines on 2,000 generated projects: same
// rules fire, same exact outputs.
func TestReferenceMatchesHandWritten(t *testing.T) {
	ps, _, ns := genProjects(2000)
	p, err := rules.Compile[refProject](refSet())
	require.NoError(t, err)
	k := newDecConsts()
	firedTotal := 0
	for i := range ps {
		res, err := p.Eval(&ps[i], rules.EvalOptions{})
		require.NoError(t, err)
		require.Empty(t, res.Errors)
		var want refOut[decimal.Decimal]
		handDecimal(&ps[i], k, &want)
		var fen refOut[int64]
		handFen(&ns[i], &fen)
		got := map[string]rules.Fired{}
		for _, f := range res.Fired {
			got[f.RuleID] = f
		}
		firedTotal += len(res.Fired)
		for r := range 10 {
			id := fmt.Sprintf("R%02d", r+1)
			f, ok := got[id]
			require.Equal(t, want.fired[r], ok, "project %d rule %s", i, id)
			require.Equal(t, fen.fired[r], ok, "project %d rule %s (fen)", i, id)
			if !ok {
				continue
			}
			v := f.Outputs[0]
			if r == 8 {
				assert.Equal(t, want.grade, v.String(), "project %d grade", i)
				continue
			}
			require.True(t, v.Decimal().Equal(want.val[r]), "project %d rule %s: got %s want %s", i, id, v.Decimal(), want.val[r])
			// the same exponent as decimal arithmetic gives
			require.Equal(t, want.val[r].String(), v.Decimal().String())
			if r != 7 { // money: fen baseline agrees to the fen
				require.True(t, v.Decimal().Equal(decimal.New(fen.val[r], -2)), "project %d rule %s: got %s fen %d", i, id, v.Decimal(), fen.val[r])
			}
		}
	}
	// about 2.7 rules fire per project
	avg := float64(firedTotal) / float64(len(ps))
	assert.True(t, avg > 2.3 && avg < 3.2, "average fired %.2f", avg)
	_ = math.Abs
}

func TestCompile1000Rules(t *testing.T) {
	_, err := rules.Compile[refProject](bigSet(1000))
	require.NoError(t, err)
}
