package bench

import (
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/cputime"
	"github.com/jixiao-go/jixiao/internal/refwork"
	"github.com/jixiao-go/jixiao/rules"
)

// liveHeap holds decimals alive during BenchmarkLiveHeap, as a host
// service's caches would.
var liveHeap []decimal.Decimal

// BenchmarkLiveHeap measures Eval, EvalTo and raw expr (one program per
// rule) on the reference workload with an empty heap and with about 1 GB
// of live decimals (JIXIAO_LIVE_MB, default 1024; each decimal with its
// big.Int is about 64 bytes): a result allocated per call costs more
// garbage collection the larger the heap it lives beside.
//
// It reports CPU time per iteration (cpu-ns/op) beside the wall time.
//
// Run: cd bench && go test -run '^$' -bench LiveHeap -benchtime 300000x -cpu 1
func BenchmarkLiveHeap(b *testing.B) {
	mb := 1024
	if s := os.Getenv("JIXIAO_LIVE_MB"); s != "" {
		mb, _ = strconv.Atoi(s)
	}
	const n = 1024
	ps, fs, _ := refwork.Generate(n)
	p, err := rules.Compile[refwork.Project](refwork.Set())
	if err != nil {
		b.Fatal(err)
	}
	e, err := NewExprPerRule()
	if err != nil {
		b.Fatal(err)
	}
	for _, heap := range []struct {
		name string
		mb   int
	}{{"empty", 0}, {strconv.Itoa(mb) + "MB", mb}} {
		liveHeap = nil
		runtime.GC()
		liveHeap = make([]decimal.Decimal, heap.mb<<20/64)
		for i := range liveHeap {
			liveHeap[i] = decimal.New(int64(i), -2)
		}
		runtime.GC()
		var res rules.Result
		var o refwork.Out[any]
		b.Run(heap.name+"/jixiao-eval", func(b *testing.B) {
			cpuLoop(b, n, func(i int) error {
				r, err := p.Eval(&ps[i], rules.EvalOptions{})
				sinkFired = r.Fired
				return err
			})
		})
		b.Run(heap.name+"/jixiao-evalto", func(b *testing.B) {
			cpuLoop(b, n, func(i int) error { return p.EvalTo(&res, &ps[i], rules.EvalOptions{}) })
		})
		b.Run(heap.name+"/expr-per-rule", func(b *testing.B) {
			cpuLoop(b, n, func(i int) error { return e.Run(fs[i], &o) })
		})
	}
	liveHeap = nil
}

// cpuLoop is loop reporting also the process's CPU time per iteration
// (cpu-ns/op, garbage collection included): the wall time of ns/op
// counts whatever else the machine runs.
func cpuLoop(b *testing.B, n int, run func(i int) error) {
	t0 := cputime.Now()
	loop(b, n, run)
	b.ReportMetric(float64(cputime.Now()-t0)/float64(b.N), "cpu-ns/op")
}
