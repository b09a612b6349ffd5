// The replay benchmarks stream histories of any size from this generator;
// they live beside it, in tools/, so that history's own tests import no
// generator (history sits on a lower floor than tools).
package synth_test

import (
	"context"
	"flag"
	"fmt"
	"iter"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/cputime"
	"github.com/jixiao-go/jixiao/internal/historytest"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/history/synth"
)

// dir is the bundled history the benchmarks compile their policies from.
var dir = filepath.Join("..", "..", "..", "..", "testdata", "history")

func loadBundle(t testing.TB) historytest.Bundle { return historytest.Load(t, dir) }

var benchProjects = flag.Int("history.projects", 100_000, "projects in BenchmarkReplay's larger history (the smaller has a tenth)")

// generated streams n synthetic records of one fiscal year from a seeded
// generator, in constant memory.
func generated(b historytest.Bundle, n int) iter.Seq2[*history.Record, error] {
	var units []string
	for _, nd := range b.Org.Nodes() {
		if nd.Kind == performance.NodeUnit {
			units = append(units, nd.ID)
		}
	}
	cfg := synth.Config{Seed: 7, Years: []int{2024}, Projects: n, Units: units}
	return func(yield func(*history.Record, error) bool) {
		for r := range cfg.Records() {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// poolSize is how many distinct records the replay benchmarks generate
// (outside the timer) and cycle through: 4,096 records of about 15 KB,
// more than the caches hold, so the stages do not run on warm data.
const poolSize = 4096

// pool generates the benchmarks' records once, before any timer runs.
func pool(b historytest.Bundle) []*history.Record {
	var out []*history.Record
	for r, err := range generated(b, poolSize) {
		if err != nil {
			panic(err)
		}
		out = append(out, r)
	}
	return out
}

// cycled streams n records of one fiscal year from recs, already generated:
// record i is a shallow copy of recs[i % len(recs)] whose project ID gets
// the cycle's number, so the IDs of a year stay distinct. Records are facts
// a replay never changes, so the copies share the pool's slices; the
// timed loop pays one small allocation per record for the copy, not the
// generator. The synthetic records carry no forms or rectifications, the
// only parts that name the project ID again.
func cycled(recs []*history.Record, n int) iter.Seq2[*history.Record, error] {
	return func(yield func(*history.Record, error) bool) {
		var id []byte
		for i := range n {
			r := *recs[i%len(recs)]
			if c := i / len(recs); c > 0 {
				id = strconv.AppendInt(append(append(id[:0], r.Project.ID...), '-'), int64(c), 10)
				r.Project.ID = string(id)
			}
			if !yield(&r, nil) {
				return
			}
		}
	}
}

// measure runs f once, timed, and returns the process CPU time f took
// (every goroutine, GC included) and the largest HeapInuse seen above the
// heap in use when f starts, in MiB: the run's own working memory, the
// pool of generated records and the programs left out. The heap is
// sampled every 20ms. The GC before f, which scans the pool, is outside
// both the timer and the CPU figure.
func measure(b *testing.B, f func()) (cpu time.Duration, peakMiB float64) {
	b.StopTimer()
	runtime.GC()
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	b.StartTimer()
	c0 := cputime.Now()
	f()
	cpu = cputime.Now() - c0
	b.StopTimer()
	close(done)
	wg.Wait()
	b.StartTimer()
	return cpu, float64(peak.Load()-min(peak.Load(), ms0.HeapInuse)) / (1 << 20)
}

// BenchmarkReplay measures one policy over n project-years (the baseline)
// and the diff of two policies over the same records, both with two
// workers. The records are generated before the timer starts (pool) and
// streamed by cycled, so the figures are the replay's, not the generator's
// (BenchmarkGenerate is that). cpu-ns/project is the process's CPU time
// per project-year (both cores, GC included): issue 17's target is 30 µs
// for one, and a diff at most twice one. peak-heap-MiB, the run's working
// heap, shows memory does not grow with n. Run the acceptance figure with
// -history.projects=1000000.
func BenchmarkReplay(b *testing.B) {
	bd := loadBundle(b)
	v1, v2 := bd.Program(b, "policy_v1.json"), bd.Program(b, "policy_v2.json")
	recs := pool(bd)
	for _, n := range []int{*benchProjects / 10, *benchProjects} {
		b.Run(fmt.Sprintf("one/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			var cpu time.Duration
			for b.Loop() {
				c, p := measure(b, func() {
					if _, err := history.Replay(context.Background(), v1, cycled(recs, n), history.StreamOptions{Workers: 2}); err != nil {
						b.Fatal(err)
					}
				})
				cpu, peak = cpu+c, max(peak, p)
			}
			report(b, n, cpu, peak)
		})
		b.Run(fmt.Sprintf("diff/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			var cpu time.Duration
			for b.Loop() {
				c, p := measure(b, func() {
					if _, err := history.Diff(context.Background(), v1, v2, cycled(recs, n), history.StreamOptions{Workers: 2}); err != nil {
						b.Fatal(err)
					}
				})
				cpu, peak = cpu+c, max(peak, p)
			}
			report(b, n, cpu, peak)
		})
	}
}

// report reports the figures per project-year: wall and CPU time, bytes
// and allocations, and the peak working heap of one run.
func report(b *testing.B, n int, cpu time.Duration, peak float64) {
	per := float64(b.N) * float64(n)
	b.ReportMetric(peak, "peak-heap-MiB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/project")
	b.ReportMetric(float64(cpu.Nanoseconds())/per, "cpu-ns/project")
}

// BenchmarkGenerate is the cost of generating the projects alone, which
// BenchmarkReplay leaves out of its timer.
func BenchmarkGenerate(b *testing.B) {
	bd := loadBundle(b)
	for b.Loop() {
		for range generated(bd, 10_000) {
		}
	}
}
