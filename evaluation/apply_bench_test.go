package evaluation_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/cputime"
	"github.com/jixiao-go/jixiao/performance"
)

// BenchmarkApply applies the bundled results-application policy
// (testdata/expost/policy.json) to a batch of 256 projects of three
// departments, without explanations, as a history replay does for each
// batch of records (history.StreamOptions.Batch's default): the
// project rules, the consequences, the department sums and the totals.
// ns/op and allocs/op are per batch; cpu-ns/project is the process's CPU
// time per project (internal/cputime), the figure to compare on a shared
// machine.
func BenchmarkApply(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "policy.json"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := evaluation.ParseApplyPolicy(data)
	if err != nil {
		b.Fatal(err)
	}
	prog, err := p.Compile()
	if err != nil {
		b.Fatal(err)
	}
	org, err := performance.NewOrg([]performance.Node{
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "city-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "city-health", Name: "卫健委", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "city-water", Name: "水利局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "u1", Name: "一中", Kind: performance.NodeUnit, Parent: "city-edu"},
		{ID: "u2", Name: "人民医院", Kind: performance.NodeUnit, Parent: "city-health"},
		{ID: "u3", Name: "水务站", Kind: performance.NodeUnit, Parent: "city-water"},
	})
	if err != nil {
		b.Fatal(err)
	}
	grades := []performance.Grade{performance.Excellent, performance.Good, performance.Fair, performance.Poor, performance.GradeNone}
	kinds := []performance.Kind{performance.KindRoutine, performance.KindOneOff, ""}
	const n = 256
	ps := make([]evaluation.ProjectOutcome, n)
	for i := range ps {
		budget := decimal.New(int64(100_000+i*7_919), -1)                   // 10,000.0 … yuan
		executed := budget.Mul(decimal.New(int64(30+i*37%71), -2)).Round(2) // 30%–100%
		ps[i] = evaluation.ProjectOutcome{
			ProjectID: "P" + strconv.Itoa(10_000+i), UnitID: "u" + strconv.Itoa(1+i%3),
			Kind: kinds[i%len(kinds)], Category: "信息化", Grade: grades[i%len(grades)],
			Score: decimal.New(int64(50+i%50), 0), Attainment: decimal.New(int64(60+i%41), -2),
			Execution: performance.Execution{InitialBudget: budget, AdjustedBudget: budget, Executed: executed},
			CarryOver: decimal.New(int64(i%4*5_000), 0), Requested: decimal.New(int64(120_000+i*311), -2),
		}
	}
	depts := []evaluation.DepartmentOutcome{
		{DepartmentID: "city-edu", CarryOver: decimal.NewFromInt(5_000_000), PriorCarryOver: decimal.NewFromInt(4_000_000)},
		{DepartmentID: "city-health", CarryOver: decimal.NewFromInt(1_000_000), PriorCarryOver: decimal.NewFromInt(1_200_000)},
	}
	asOf := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	o := evaluation.ApplyOptions{SkipExplanations: true}
	if _, err := prog.ApplyWith(ps, depts, org, asOf, o); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	runs, cpu := 0, cputime.Now()
	for b.Loop() {
		if _, err := prog.ApplyWith(ps, depts, org, asOf, o); err != nil {
			b.Fatal(err)
		}
		runs++
	}
	b.ReportMetric(float64(cputime.Now()-cpu)/float64(runs)/n, "cpu-ns/project")
}
