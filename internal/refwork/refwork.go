// Package refwork is the reference rules workload of
// shared/bench/reference-rules.md (基准规则负载): ten budget rules over
// generated projects, with the hand-written Go baselines that compute the
// same decisions. It is shared by the rules package's benchmarks and the
// peer benchmark module under bench/, so every figure comes from one
// generator, one rule set and one definition of the right answer.
//
// It is not API: benchmarks and tests only.
package refwork

import (
	"fmt"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/rules"
)

// Project is one generated budget project with exact decimal money: the
// environment of the engine and of the hand-written decimal baseline.
type Project struct {
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

// Float is the same project with float64 money and ratios, the
// environment of engines without exact decimals (raw expr, cel-go).
type Float struct {
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

// Fen is the same project with money in fen and ratios in
// ten-thousandths (万分之一): the exact int64 floor.
type Fen struct {
	Category                              string
	Requested, StandardUnitCost, UnitCost int64
	Quantity                              int64
	HasDetailedEstimate, IsNew            bool
	PriorGrade                            string
	ElapsedShare, ExecutionRate           int64
	GoalCompletion                        int64
}

// Generate generates n projects deterministically (fixed seed), in the
// three representations; ratios have four decimals, so ratio × Requested
// (whole hundreds) is exact to the fen.
func Generate(n int) ([]Project, []Float, []Fen) {
	r := rand.New(rand.NewPCG(2021, 9))
	depts := []string{"教育局", "卫健委", "交通局", "农业农村局", "民政局", "住建局", "文旅局", "财政局"}
	cats := []string{"信息化", "设备购置", "基建", "培训", "运维", "课题研究"}
	ps := make([]Project, n)
	fs := make([]Float, n)
	ns := make([]Fen, n)
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
		p := Project{
			ID: fmt.Sprintf("P%06d", i+1), Dept: depts[r.IntN(len(depts))], Category: cats[r.IntN(len(cats))],
			Requested: decimal.New(req, 0), StandardUnitCost: decimal.New(std, -2), UnitCost: decimal.New(unit, -2),
			Quantity: int(qty), HasDetailedEstimate: r.IntN(100) < 90, IsNew: isNew, PriorGrade: grade,
			ElapsedShare: decimal.New(elapsed, -4), ExecutionRate: decimal.New(exec, -4), GoalCompletion: decimal.New(goal, -4),
		}
		ps[i] = p
		fs[i] = Float{ID: p.ID, Dept: p.Dept, Category: p.Category, Requested: float64(req),
			StandardUnitCost: float64(std) / 100, UnitCost: float64(unit) / 100, Quantity: int(qty),
			HasDetailedEstimate: p.HasDetailedEstimate, IsNew: isNew, PriorGrade: grade,
			ElapsedShare: float64(elapsed) / 1e4, ExecutionRate: float64(exec) / 1e4, GoalCompletion: float64(goal) / 1e4}
		ns[i] = Fen{Category: p.Category, Requested: req * 100, StandardUnitCost: std, UnitCost: unit, Quantity: qty,
			HasDetailedEstimate: p.HasDetailedEstimate, IsNew: isNew, PriorGrade: grade,
			ElapsedShare: elapsed, ExecutionRate: exec, GoalCompletion: goal}
	}
	return ps, fs, ns
}

// Rule is one reference rule in expr syntax: its when and its one output.
type Rule struct {
	ID, Name, When, Output string
	// Type is the output's type: money, number (the score) or string (the grade).
	Type rules.Type
}

// Rules are the ten reference rules of reference-rules.md. R09's output
// binds the score with let, as the reference table writes it.
func Rules() []Rule {
	gap := "(ElapsedShare - ExecutionRate) * Requested"
	m := rules.TypeMoney
	return []Rule{
		{"R01", "reject without detailed estimate", "!HasDetailedEstimate", "Requested", m},
		{"R02", "cut unit cost to the standard", "UnitCost > StandardUnitCost", "(UnitCost - StandardUnitCost) * Quantity", m},
		{"R03", "prior grade poor", `PriorGrade == "差"`, "Requested * 0.2", m},
		{"R04", "prior grade fair", `PriorGrade == "中"`, "Requested * 0.1", m},
		{"R05", "red execution alert", "ElapsedShare - ExecutionRate > 0.2", gap, m},
		{"R06", "yellow execution alert", "ElapsedShare - ExecutionRate > 0.1 && ElapsedShare - ExecutionRate <= 0.2", gap, m},
		{"R07", "large new project", "IsNew && Requested > 5000000", "Requested - 5000000", m},
		{"R08", "performance score", "!IsNew", "ExecutionRate*40 + GoalCompletion*60", rules.TypeNumber},
		{"R09", "grade band", "!IsNew", `let s = ExecutionRate*40 + GoalCompletion*60; s >= 90 ? "优" : s >= 80 ? "良" : s >= 60 ? "中" : "差"`, rules.TypeString},
		{"R10", "IT project with low execution", `Category == "信息化" && ExecutionRate < 0.5`, "Requested * (0.5 - ExecutionRate)", m},
	}
}

// Set is the reference rules as a rule set of package rules; outputs are
// named reduce, score and grade.
func Set() *rules.Set {
	s := &rules.Set{ID: "reference", Version: "1"}
	for _, r := range Rules() {
		name := "reduce"
		switch r.Type {
		case rules.TypeNumber:
			name = "score"
		case rules.TypeString:
			name = "grade"
		}
		s.Rules = append(s.Rules, rules.Rule{ID: r.ID, Name: r.Name, When: r.When,
			Outputs: []rules.Output{{Name: name, Type: r.Type, Expr: r.Output}}})
	}
	return s
}

// WholeSet is the ten rules as one expr program with shared lets, giving
// a list of ten outputs, nil where a rule does not fire.
const WholeSet = `let gap = ElapsedShare - ExecutionRate;
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
