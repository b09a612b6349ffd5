package monitoring_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
)

// BenchmarkLedgerDatesHeap streams 1,000,000 and 10,000,000 records over
// the same 100,000 projects into one ledger of a year's four quarter ends
// and one mid-month date (as `jixiao monitor --as-of` fills it), then
// builds every date's ledger (Ledger.At) in turn, as the command's checks
// take them. It reports the peak live heap above the start, sampled after
// a collection every 500,000 records and at each date's ledger
// (peak-live-MiB): flat from 1 M to 10 M records, growing with the
// projects only. cpu-s/op is the aggregation's CPU time (the machine may
// be shared).
func BenchmarkLedgerDatesHeap(b *testing.B) {
	const projects = 100_000
	dates := []time.Time{day(2021, 3, 31), day(2021, 6, 30), day(2021, 8, 15), day(2021, 9, 30), day(2021, 12, 31)}
	live := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			d := newBenchData(projects, n)
			var peak, cpu float64
			for b.Loop() {
				base := live()
				c0 := cpuSeconds()
				l, err := monitoring.NewLedgerDates(2021, dates...)
				if err != nil {
					b.Fatal(err)
				}
				k := 0
				var top uint64
				for r := range d.parsedRecords(0, n) {
					_ = l.Add(r)
					if k++; k%500_000 == 0 {
						top = max(top, live())
					}
				}
				cpu += cpuSeconds() - c0
				top = max(top, live())
				for _, date := range dates {
					v, err := l.At(date)
					if err != nil {
						b.Fatal(err)
					}
					top = max(top, live())
					runtime.KeepAlive(v)
				}
				if got, _, _ := l.Stats(); got != int64(n) {
					b.Fatalf("summed %d of %d records", got, n)
				}
				runtime.KeepAlive(l)
				peak = max(peak, float64(top-min(top, base))/(1<<20))
			}
			b.ReportMetric(peak, "peak-live-MiB")
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
		})
	}
}
