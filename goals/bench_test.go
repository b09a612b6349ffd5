package goals

import (
	"fmt"
	"github.com/jixiao-go/jixiao/internal/cputime"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// benchTree returns a valid 20-indicator tree of 5 points each and a
// matching set of actuals, varied by seed: 12 output indicators (quantity,
// quality, timeliness, cost), 5 benefit (3 quantitative, 2 qualitative) and
// 3 satisfaction. About half the targets are missed.
func benchTree(seed int64) (*Tree, []Actual) {
	rng := rand.New(rand.NewSource(seed))
	five := decimal.NewFromInt(5)
	var ins []Indicator
	var acts []Actual
	add := func(l1 Level1, l2 Level2, target string, a Actual) {
		tg, err := ParseTarget(target)
		if err != nil {
			panic(err)
		}
		ins = append(ins, Indicator{Level1: l1, Level2: l2, Name: fmt.Sprintf("指标%d", len(ins)+1), Target: tg, Weight: five})
		acts = append(acts, a)
	}
	n := func(lo, hi int64) int64 { return lo + rng.Int63n(hi-lo+1) }
	for i := 0; i < 4; i++ {
		t := n(50, 500)
		add(Output, Quantity, fmt.Sprintf("≥%d人", t), Measured(decimal.NewFromInt(t*n(80, 120)/100), "人"))
	}
	for i := 0; i < 3; i++ {
		add(Output, Quality, fmt.Sprintf("≥%d.%d%%", n(85, 98), n(0, 9)), Measured(decimal.New(n(8000, 10000), -2), "%"))
	}
	for i := 0; i < 2; i++ {
		add(Output, Timeliness, fmt.Sprintf("2022年%d月%d日前", n(6, 12), n(1, 28)), DoneOn(time.Date(2022, time.Month(n(5, 12)), int(n(1, 28)), 0, 0, 0, 0, time.UTC)))
	}
	for i := 0; i < 3; i++ {
		t := n(10, 900)
		add(Output, OutputCost, fmt.Sprintf("≤%d.%02d万元", t, n(0, 99)), Measured(decimal.New(t*n(90, 110), -2), "万元"))
	}
	for i := 0; i < 3; i++ {
		add(Benefit, EconomicBenefit, fmt.Sprintf("≥%d万元", n(100, 1000)), Measured(decimal.New(n(5000, 120000), -2), "万元"))
	}
	add(Benefit, SocialBenefit, "明显提升", Rated(PartlyAchieved, decimal.NewFromInt(n(60, 79))))
	add(Benefit, SustainableImpact, "长期有效", Actual{Rating: Achieved})
	for i := 0; i < 3; i++ {
		add(Satisfaction, ServedSatisfaction, fmt.Sprintf("≥%d%%", n(85, 95)), Measured(decimal.New(n(8000, 9900), -2), "%"))
	}
	tree, err := NewTree(SelfEvaluation, decimal.Zero, ins...)
	if err != nil {
		panic(err)
	}
	return tree, acts
}

// benchPool prepares n distinct trees with their scorers and actuals.
func benchPool(b *testing.B, n int) ([]*Scorer, [][]Actual) {
	scorers := make([]*Scorer, n)
	actuals := make([][]Actual, n)
	for i := range scorers {
		tree, acts := benchTree(int64(i))
		s, err := NewScorer(tree, Config{})
		if err != nil {
			b.Fatal(err)
		}
		scorers[i], actuals[i] = s, acts
	}
	return scorers, actuals
}

// BenchmarkScoreTree scores one 20-indicator tree into a reused Result: the
// fast path allocates nothing.
func BenchmarkScoreTree(b *testing.B) {
	scorers, actuals := benchPool(b, 1)
	var r Result
	b.ReportAllocs()
	n, cpu := 0, cputime.Now()
	for b.Loop() {
		_ = scorers[0].ScoreTo(&r, actuals[0])
		n++
	}
	b.ReportMetric(float64(cputime.Now()-cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkScoreTreeNewResult is Score, which allocates its Result: the
// Result, its Scores, and its two subtotal slices.
func BenchmarkScoreTreeNewResult(b *testing.B) {
	scorers, actuals := benchPool(b, 1)
	b.ReportAllocs()
	n, cpu := 0, cputime.Now()
	for b.Loop() {
		_, _ = scorers[0].Score(actuals[0])
		n++
	}
	b.ReportMetric(float64(cputime.Now()-cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkScoreTreeDecimal is the baseline: the same tree with the fast
// path switched off, every figure in shopspring/decimal.
func BenchmarkScoreTreeDecimal(b *testing.B) {
	scorers, actuals := benchPool(b, 1)
	s := *scorers[0]
	s.items = append([]item(nil), s.items...)
	for i := range s.items {
		s.items[i].fast = false
	}
	var r Result
	b.ReportAllocs()
	n, cpu := 0, cputime.Now()
	for b.Loop() {
		_ = s.ScoreTo(&r, actuals[0])
		n++
	}
	b.ReportMetric(float64(cputime.Now()-cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkNewScorer validates and prepares one 20-indicator tree.
func BenchmarkNewScorer(b *testing.B) {
	tree, _ := benchTree(1)
	b.ReportAllocs()
	n, cpu := 0, cputime.Now()
	for b.Loop() {
		_, _ = NewScorer(tree, Config{})
		n++
	}
	b.ReportMetric(float64(cputime.Now()-cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkMillionTrees scores 1,000,000 trees per iteration with 2
// goroutines (one per core of the target machine), cycling over 1,024
// distinct prepared trees, each goroutine with its own reused Result.
func BenchmarkMillionTrees(b *testing.B) {
	const trees, workers = 1_000_000, 2
	scorers, actuals := benchPool(b, 1024)
	b.ReportAllocs()
	n, cpu := 0, cputime.Now()
	for b.Loop() {
		n++
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var r Result
				for i := w; i < trees; i += workers {
					k := i & 1023
					_ = scorers[k].ScoreTo(&r, actuals[k])
				}
			}(w)
		}
		wg.Wait()
	}
	// CPU seconds spent per million trees; on 2 free cores the wall time
	// is half of it.
	b.ReportMetric((cputime.Now()-cpu).Seconds()/float64(n), "cpu-s/op")
}

// BenchmarkScoreTreeParallel scores trees from a pool of 1,024 on every
// core (GOMAXPROCS goroutines, each with its own reused Result): ns/op is
// the wall time per tree with all cores busy, so 1e6 trees take ns/op ms.
func BenchmarkScoreTreeParallel(b *testing.B) {
	scorers, actuals := benchPool(b, 1024)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	defer func() { b.ReportMetric(float64(cputime.Now()-cpu)/float64(b.N), "cpu-ns/op") }()
	b.RunParallel(func(pb *testing.PB) {
		var r Result
		k := 0
		for pb.Next() {
			_ = scorers[k&1023].ScoreTo(&r, actuals[k&1023])
			k++
		}
	})
}

// BenchmarkScoreTreePool is BenchmarkScoreTree cycling over 1,024 distinct
// trees, as a portfolio run does: the figures no longer sit in L1 cache.
func BenchmarkScoreTreePool(b *testing.B) {
	scorers, actuals := benchPool(b, 1024)
	var r Result
	b.ReportAllocs()
	n, cpu := 0, cputime.Now()
	for b.Loop() {
		k := n & 1023
		_ = scorers[k].ScoreTo(&r, actuals[k])
		n++
	}
	b.ReportMetric(float64(cputime.Now()-cpu)/float64(n), "cpu-ns/op")
}

// TestScoreToAllocatesNothing pins the zero-allocation claim: scoring a
// 20-indicator tree into a reused Result allocates nothing (after the first
// call sizes the Result).
func TestScoreToAllocatesNothing(t *testing.T) {
	tree, acts := benchTree(3)
	s, err := NewScorer(tree, Config{TooLow: decimal.NewFromInt(2)})
	if err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := s.ScoreTo(&r, acts); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = s.ScoreTo(&r, acts) }); n != 0 {
		t.Errorf("ScoreTo allocates %v times per call, want 0", n)
	}
}

// BenchmarkScoreExecution scores the execution item of 1,024 forms (budgets
// of 100,000–9,100,000 yuan to the fen, executed 50–120%) per op: "fast" is
// ScoreExecution, "decimal" the shopspring/decimal reference path it is
// proven equal to.
func BenchmarkScoreExecution(b *testing.B) {
	rng := rand.New(rand.NewSource(3))
	es := make([]performance.Execution, 1024)
	for i := range es {
		budget := decimal.New(10_000_000+rng.Int63n(900_000_000), -2)
		es[i] = performance.Execution{AdjustedBudget: budget,
			Executed: budget.Mul(decimal.New(50+rng.Int63n(71), -2)).Round(2)}
	}
	w := decimal.NewFromInt(10)
	for _, bc := range []struct {
		name string
		fn   func(decimal.Decimal, performance.Execution, Config) (ExecutionScore, error)
	}{{"fast", ScoreExecution}, {"decimal", scoreExecutionDecimal}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu, n := cputime.Now(), 0
			for b.Loop() {
				for i := range es {
					if _, err := bc.fn(w, es[i], Config{}); err != nil {
						b.Fatal(err)
					}
				}
				n += len(es)
			}
			b.ReportMetric(float64(cputime.Now()-cpu)/float64(n), "cpu-ns/form")
		})
	}
}
