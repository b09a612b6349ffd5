package bench

import (
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

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
// big.Int is about 64 bytes), in the same run: a result allocated per call
// costs more garbage collection the larger the heap it lives beside.
// EvalTo, which allocates nothing, is the reference that no collection
// touches.
//
// What it measures. Under GOGC=100 a collection starts when the heap has
// grown by about the live heap since the last one: beside 1 GB, once per
// ≈ 1 GB allocated, and each one marks the whole 1 GB. A window that
// allocates less than that holds no collection of the large heap at all
// (300,000 Evals of ≈ 384 B allocate ≈ 115 MB), and then measures the
// allocation but not its collection: the 1 GB case can come out faster
// than the empty one. So each sub-benchmark starts its window just after a
// forced collection (runtime.GC) and, when collections complete inside
// it, reports the cost per iteration over the part of the window that ends
// with the last completed one: whole cycles of allocation, marking and
// sweeping, from one cycle's end to another's, the steady-state cost. With
// no collection inside the window (EvalTo, or a window too short) it
// reports the whole window.
//
// Metrics: cpu-ns/op is the process's CPU time (getrusage: every thread,
// the collector's workers included) per iteration over that window;
// gc-cycles/window is how many collections completed inside the window
// (runtime/metrics /gc/cycles/total), so a reader sees whether the large
// heap was collected at all: it should be at least 3 for the allocating
// cases beside 1 GB. live-MB is the heap marked live by the collection
// that opens the window: the "empty" heap is not quite empty (the
// programs, the environments, the test binary's own data). Under GOGC=100
// a cycle marks the live heap and comes once per live heap's worth of
// allocation, so the marking per byte allocated is about the same whatever
// the heap's size (above the 4 MB minimum goal): what the large heap can
// add is its marking's cache misses and sweeping, which this measures.
// ns/op is wall time over the whole loop. A window
// with fewer collections of a live heap than that is logged with the
// -benchtime that would do.
//
// Eval allocates ≈ 384 B a call: 3 collections of 1 GB take ≈ 8.4 M
// calls, so run it with -benchtime 10000000x (minutes on a loaded
// machine; expr-per-rule is the slowest; -bench 'LiveHeap/.*/jixiao'
// leaves it out). CI's `go test ./...` runs no benchmarks.
//
// Run: cd bench && go test -run '^$' -bench LiveHeap -benchtime 10000000x -cpu 1
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
		live := uint64(heap.mb) << 20
		var res rules.Result
		var o refwork.Out[any]
		b.Run(heap.name+"/jixiao-eval", func(b *testing.B) {
			gcLoop(b, n, live, func(i int) error {
				r, err := p.Eval(&ps[i], rules.EvalOptions{})
				sinkFired = r.Fired
				return err
			})
		})
		b.Run(heap.name+"/jixiao-evalto", func(b *testing.B) {
			gcLoop(b, n, live, func(i int) error { return p.EvalTo(&res, &ps[i], rules.EvalOptions{}) })
		})
		b.Run(heap.name+"/expr-per-rule", func(b *testing.B) {
			gcLoop(b, n, live, func(i int) error { return e.Run(fs[i], &o) })
		})
	}
	liveHeap = nil
}

// gcPoll is how many iterations gcLoop runs between two reads of the
// collection count: often enough that a cycle's end is placed within a
// fraction of a millisecond, rarely enough to cost nothing measurable.
const gcPoll = 256

// gcLoop is loop over a window that holds whole collection cycles (see
// BenchmarkLiveHeap): it reports cpu-ns/op from the forced collection
// before the window to the end of the last collection completed inside
// it (the whole window when none completed), and gc-cycles/window. live
// is the heap the benchmark keeps alive, in bytes.
func gcLoop(b *testing.B, n int, live uint64, run func(i int) error) {
	b.ReportAllocs()
	sample := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:bytes"},
		{Name: "/gc/heap/live:bytes"}}
	runtime.GC() // the window starts at a cycle's end, with nothing left to sweep
	metrics.Read(sample)
	gc0, alloc0, heap0 := sample[0].Value.Uint64(), sample[1].Value.Uint64(), sample[2].Value.Uint64()
	t0 := cputime.Now()
	gcAt, cpuAt, opsAt := gc0, time.Duration(0), 0
	i := 0
	for b.Loop() {
		if err := run(i % n); err != nil {
			b.Fatal(err)
		}
		i++
		if i%gcPoll == 0 {
			metrics.Read(sample[:1])
			if g := sample[0].Value.Uint64(); g != gcAt {
				gcAt, cpuAt, opsAt = g, cputime.Now()-t0, i
			}
		}
	}
	total := cputime.Now() - t0
	metrics.Read(sample)
	allocated := sample[1].Value.Uint64() - alloc0
	cycles := gcAt - gc0
	if cycles == 0 {
		cpuAt, opsAt = total, i
	}
	if opsAt > 0 {
		b.ReportMetric(float64(cpuAt)/float64(opsAt), "cpu-ns/op")
	}
	b.ReportMetric(float64(cycles), "gc-cycles/window")
	b.ReportMetric(float64(heap0)/(1<<20), "live-MB")
	// bytes per iteration (the polls' own are a few bytes a window), and
	// the iterations 3 collections of the live heap take
	if per := allocated / uint64(max(i, 1)); b.N > 1 && live > 0 && per >= 8 && cycles < 3 {
		b.Logf("the window held %d collections of the %d MB live heap (%d B/op allocated): run with -benchtime %dx or more for 3",
			cycles, live>>20, per, 3*live/per+1)
	}
}
