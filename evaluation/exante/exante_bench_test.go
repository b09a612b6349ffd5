package exante

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// exBenchPortfolio draws n projects of 20 cost lines each, priced against the
// bundled standards (55% at the cap, 20% below, 25% above), with a line
// without a specification in one project of ten and a repeated line in one
// of twenty, a third of them new and scored by five experts.
func exBenchPortfolio(tb testing.TB, n int) (*Policy, []performance.ExpenditureStandard, []Submission, map[string]*goals.Tree) {
	pol, stds, sample, trees, _ := loadPolicy(tb)
	rng := rand.New(rand.NewPCG(1, 2))
	cats := []string{"信息化", "设备购置", "基建", "培训", "运维", "课题研究"}
	var experts []Expert
	for _, s := range sample {
		if len(s.Experts) > 0 && len(experts) == 0 {
			experts = s.Experts
		}
	}
	tree := trees[sample[0].Project.ID]
	subs := make([]Submission, n)
	bigTrees := make(map[string]*goals.Tree, n)
	for i := range subs {
		p := performance.Project{
			ID: fmt.Sprintf("P%07d", i), Name: "项目", UnitID: "city-jyj-0", FiscalYear: 2021,
			Kind: performance.KindRoutine, New: rng.IntN(3) == 0, Category: cats[rng.IntN(len(cats))],
			Basis: "依据", Content: "内容",
			Period: performance.Period{Start: performance.Month{Year: 2021, Month: time.January}, End: performance.Month{Year: 2021, Month: time.December}},
		}
		for j := range 20 {
			st := stds[rng.IntN(len(stds))]
			q := decimal.NewFromInt(1 + rng.Int64N(200))
			price := st.Cap
			switch x := rng.IntN(100); {
			case x < 20:
				price = st.Cap.Mul(decimal.New(80+rng.Int64N(20), -2)).Round(2)
			case x >= 75:
				price = st.Cap.Mul(decimal.New(101+rng.Int64N(50), -2)).Round(2)
			}
			l := performance.CostLine{Item: st.Name, Specification: "规格", Quantity: q, UnitPrice: price, Amount: q.Mul(price).Round(2), StandardID: st.ID}
			if j%4 == 3 {
				l.StandardID = ""
			}
			if j == 7 && i%10 == 0 {
				l.Specification = ""
			}
			if j == 19 && i%20 == 0 {
				l = p.CostLines[3]
			}
			p.CostLines = append(p.CostLines, l)
			p.Amount = p.Amount.Add(l.Amount)
		}
		p.TotalInvestment = p.Amount
		subs[i] = Submission{Round: 1 + i%2, Project: p}
		if p.New || p.Amount.GreaterThanOrEqual(decimal.NewFromInt(5000000)) {
			subs[i].Experts = experts
		}
		bigTrees[p.ID] = tree
	}
	return pol, stds, subs, bigTrees
}

// BenchmarkAssess assesses 100,000 projects of 20 cost lines each against
// the bundled policy; "parallel" splits them between GOMAXPROCS workers
// with AssessBatch. The hand-written baseline does only what the line rules
// do (cap at the standard, cut lines without a specification), in decimal,
// over the same lines.
func BenchmarkAssess(b *testing.B) {
	const n = 100_000
	pol, stds, subs, trees := exBenchPortfolio(b, n)
	a, err := NewAssessor(pol, stds, AssessOptions{})
	if err != nil {
		b.Fatal(err)
	}
	// CPU time used by the whole process, which on a shared machine tells
	// more than wall time: on an idle machine with c cores, the projected
	// rate is c ÷ (CPU time per project).
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	var cpu0 time.Duration
	report := func(b *testing.B) {
		b.ReportMetric(float64((cpu()-cpu0).Microseconds())/float64(n*b.N), "cpu-µs/project")
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "projects/s")
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	}
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 = cpu()
		for b.Loop() {
			if _, err := a.AssessAll(subs, trees); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 = cpu()
		for b.Loop() {
			if _, err := a.AssessBatch(context.Background(), subs, trees, runtime.GOMAXPROCS(0)); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
		// Memory held: the input alone, then the input and all 100,000
		// results, each measured after a collection.
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		input := ms.HeapAlloc
		res, _ := a.AssessBatch(context.Background(), subs, trees, runtime.GOMAXPROCS(0))
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(input)/(1<<20), "input-MiB")
		b.ReportMetric(float64(ms.HeapAlloc-input)/(1<<20), "results-MiB")
		runtime.KeepAlive(res)
	})
	b.Run("line-rules-only", func(b *testing.B) {
		// what the rules engine costs: the line program over every line,
		// run as the assessor runs it (FiredOnly), nothing else
		b.ReportAllocs()
		var env CostLineEnv
		var res rules.Result
		cpu0 = cpu()
		for b.Loop() {
			for i := range subs {
				for _, l := range subs[i].Project.CostLines {
					env = CostLineEnv{Item: l.Item, Specification: l.Specification, Quantity: l.Quantity,
						UnitPrice: l.UnitPrice, Amount: l.Amount, StandardID: l.StandardID}
					if c, ok := a.caps[l.StandardID]; ok {
						env.HasStandard, env.StandardCap = true, c
					}
					if err := a.line.EvalTo(&res, &env, rules.EvalOptions{FiredOnly: true}); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		report(b)
	})
	b.Run("baseline-handwritten", func(b *testing.B) {
		caps := map[string]decimal.Decimal{}
		for _, s := range stds {
			caps[s.ID] = s.Cap
		}
		b.ReportAllocs()
		cpu0 = cpu()
		for b.Loop() {
			var total decimal.Decimal
			for i := range subs {
				for _, l := range subs[i].Project.CostLines {
					if l.Specification == "" {
						total = total.Add(l.Amount)
						continue
					}
					if c, ok := caps[l.StandardID]; ok && l.UnitPrice.GreaterThan(c) {
						total = total.Add(l.UnitPrice.Sub(c).Mul(l.Quantity))
					}
				}
			}
		}
		report(b)
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// AssessBatch must give what AssessAll gives, in the same order.
func TestAssessBatchMatchesAssessAll(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 503)
	subs[17].Experts = []Expert{{ID: "broken"}}
	a, err := NewAssessor(pol, stds, AssessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, wantErr := a.AssessAll(subs, trees)
	// one by one (every result its own allocations) gives the same, field
	// for field, as the batch (results cut from shared blocks)
	k := 0
	for i := range subs {
		one, err := a.Assess(&subs[i], trees[subs[i].Project.ID])
		if err != nil {
			continue
		}
		require.Equal(t, mustJSON(t, one), mustJSON(t, want[k]), "submission %d", i)
		k++
	}
	require.Equal(t, len(want), k)
	for _, w := range []int{0, 1, 2, 7, 1000} {
		got, err := a.AssessBatch(context.Background(), subs, trees, w)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || len(got) != len(want) {
			t.Fatalf("workers %d: %d results, err %v; want %d, %v", w, len(got), err, len(want), wantErr)
		}
		for i := range got {
			if got[i].ProjectID != want[i].ProjectID || !got[i].Reduced.Equal(want[i].Reduced) || len(got[i].Reductions) != len(want[i].Reductions) {
				t.Fatalf("workers %d: result %d differs", w, i)
			}
		}
	}
	var mu sync.Mutex // the assessor is shared by concurrent callers
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, _ := a.AssessAll(subs[:50], trees)
			mu.Lock()
			defer mu.Unlock()
			for i := range got {
				if !got[i].Reduced.Equal(want[i].Reduced) {
					t.Errorf("concurrent result %d differs", i)
				}
			}
		})
	}
	wg.Wait()
}
