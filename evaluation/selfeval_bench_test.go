package evaluation_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// xpBenchForms builds n distinct self-evaluation forms of 20 indicators
// each (output 10 × 5 points, benefit 6 × 5, satisfaction 2 × 5, plus the
// execution item; 2 more output indicators replace... see below), with a
// fixed seed: every form has its own tree, targets, actuals and execution.
func xpBenchForms(b testing.TB, n int) []evaluation.SelfEvaluation {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]evaluation.SelfEvaluation, n)
	for i := range out {
		var inds []goals.Indicator
		var acts []goals.Actual
		add := func(l1 goals.Level1, l2 goals.Level2, count int, w string) {
			for j := range count {
				target := 50 + rng.IntN(100)
				op, unit := "≥", "人"
				if j%4 == 3 {
					op, unit = "≤", "元"
				}
				tg, err := goals.ParseTarget(fmt.Sprintf("%s%d%s", op, target, unit))
				if err != nil {
					b.Fatal(err)
				}
				inds = append(inds, goals.Indicator{Level1: l1, Level2: l2, Name: fmt.Sprintf("指标%d", len(inds)+1),
					Target: tg, Weight: decimal.RequireFromString(w)})
				acts = append(acts, goals.Measured(decimal.NewFromInt(int64(target*(70+rng.IntN(50))/100)), unit))
			}
		}
		// 20 indicators: output 10 × 5 = 50, benefit 6 × 5 = 30, satisfaction 4 × 2.5 = 10.
		add(goals.Output, goals.Quantity, 10, "5")
		add(goals.Benefit, goals.SocialBenefit, 6, "5")
		add(goals.Satisfaction, goals.ServedSatisfaction, 4, "2.5")
		tree := &goals.Tree{Total: decimal.NewFromInt(90), Indicators: inds}
		budget := decimal.NewFromInt(int64(100000 + rng.IntN(9000000)))
		exec := budget.Mul(decimal.New(int64(5000+rng.IntN(5001)), -4)).Round(2)
		out[i] = evaluation.SelfEvaluation{ProjectID: fmt.Sprintf("P%07d", i), Form: goals.Form{
			Tree: tree, Actuals: acts,
			Execution: performance.Execution{InitialBudget: budget, AdjustedBudget: budget, Executed: exec}},
			Stated: evaluation.StatedForm{Total: decimal.NewNullDecimal(decimal.NewFromInt(int64(80 + rng.IntN(20))))}}
	}
	return out
}

// BenchmarkReconcile grades one self-evaluation form of 20 indicators per
// operation, on one goroutine, through goals' Form.Score (which validates
// the form and prepares its tree every time): the baseline of SelfBatch.
func BenchmarkReconcile(b *testing.B) {
	forms := xpBenchForms(b, 1000)
	scheme := performance.DefaultScheme()
	b.ReportAllocs()
	cpu0, i := xpCPU(), 0
	for b.Loop() {
		if _, err := forms[i%len(forms)].Reconcile(goals.Config{}, scheme); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(xpCPU()-cpu0)/float64(i), "cpu-ns/form")
}

// xpCPU returns the process's user + system CPU time in nanoseconds.
func xpCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// benchmarkSelfBatch grades forms with a SelfBatch of the given workers per
// operation and reports wall and CPU nanoseconds per form: on a machine
// shared with other work the CPU figure is the stable one.
//
// The garbage of building the forms (hundreds of MB for a million: their
// project ids and budgets' intermediate decimals) is collected before the
// timer starts: otherwise the batch's allocations trigger a collection
// that marks and sweeps the setup's heap inside the timed region and in
// the CPU figure. The forms themselves stay live, as a caller's would.
func benchmarkSelfBatch(b *testing.B, forms []evaluation.SelfEvaluation, workers int) {
	batch := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: workers}
	runtime.GC()
	b.ReportAllocs()
	cpu0, n := xpCPU(), 0
	for b.Loop() {
		if _, errs, _ := batch.Reconcile(context.Background(), forms); errs != nil {
			b.Fatal(errs)
		}
		n += len(forms)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/form")
	b.ReportMetric(float64(xpCPU()-cpu0)/float64(n), "cpu-ns/form")
}

// BenchmarkSelfBatch grades self-evaluation forms of 20 indicators with two
// workers, one batch per operation. "1M-templates": 1,000,000 forms over
// 1,000 goals trees shared by pointer (projects using indicator-library
// templates), each form with its own budget execution and a stated total;
// "own-trees": 20,000 forms with a tree each, where preparing the tree
// (goals' validation and scorer) dominates.
func BenchmarkSelfBatch(b *testing.B) {
	b.Run("1M-templates", func(b *testing.B) {
		tpl := xpBenchForms(b, 1000)
		forms := make([]evaluation.SelfEvaluation, 1000000)
		for i := range forms {
			forms[i] = tpl[i%len(tpl)]
			forms[i].ProjectID = fmt.Sprintf("P%07d", i)
			e := forms[i].Form.Execution
			e.Executed = e.AdjustedBudget.Mul(decimal.New(int64(5000+i%5001), -4)).Round(2)
			forms[i].Form.Execution = e
		}
		benchmarkSelfBatch(b, forms, 2)
	})
	b.Run("own-trees", func(b *testing.B) {
		benchmarkSelfBatch(b, xpBenchForms(b, 20000), 2)
	})
}
