package monitoring_test

import (
	"context"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
)

// BenchmarkCheckRules is one check of 100,000 projects over 1,000,000
// records with the bundled rule set, as a backtest replays it: on
// 30 September (history's default check date: nine month ends evaluated,
// the last one also the check date's) and at the year end, one goroutine.
// cpu-µs/project is the check's CPU time per project (the machine may be
// shared).
func BenchmarkCheckRules(b *testing.B) {
	d := newBenchData(100_000, 1_000_000)
	for _, asOf := range []struct {
		name string
		day  int
		mo   time.Month
	}{{"sep30", 30, 9}, {"dec31", 31, 12}} {
		b.Run(asOf.name, func(b *testing.B) {
			at := day(2021, asOf.mo, asOf.day)
			m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, d.budgets, nil)
			if err != nil {
				b.Fatal(err)
			}
			m = m.WithRules(monitoring.DefaultRules())
			l, err := monitoring.Aggregate(context.Background(), 2021, at, d.records(0, 1_000_000))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var cpu float64
			for b.Loop() {
				c0 := cpuSeconds()
				if _, err := m.CheckBatch(context.Background(), at, l, monitoring.State{}, 1); err != nil {
					b.Fatal(err)
				}
				cpu += cpuSeconds() - c0
			}
			b.ReportMetric(cpu/float64(b.N)/100_000*1e6, "cpu-µs/project")
		})
	}
}
