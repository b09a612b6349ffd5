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

// peakHeap samples the live heap every 20ms while f runs and returns the
// largest HeapInuse seen, in MiB.
func peakHeap(f func()) float64 {
	runtime.GC()
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
	f()
	close(done)
	wg.Wait()
	return float64(peak.Load()) / (1 << 20)
}

// BenchmarkReplay measures one policy over n generated projects (the
// baseline) and the diff of two policies over the same projects, both with
// two workers. Compare the ns/op of the pairs: the diff decides every
// record twice and should take about twice one run, at most 2.5×.
// peak-heap-MiB shows memory does not grow with n. Run the acceptance
// figure with -history.projects=1000000.
func BenchmarkReplay(b *testing.B) {
	bd := loadBundle(b)
	v1, v2 := bd.Program(b, "policy_v1.json"), bd.Program(b, "policy_v2.json")
	for _, n := range []int{*benchProjects / 10, *benchProjects} {
		b.Run(fmt.Sprintf("one/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			cpu0 := cputime.Now()
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					if _, err := history.Replay(context.Background(), v1, generated(bd, n), history.Options{Workers: 2}); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(peak, "peak-heap-MiB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/project")
			b.ReportMetric(float64((cputime.Now()-cpu0).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/project")
		})
		b.Run(fmt.Sprintf("diff/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			cpu0 := cputime.Now()
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					if _, err := history.Diff(context.Background(), v1, v2, generated(bd, n), history.Options{Workers: 2}); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(peak, "peak-heap-MiB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/project")
			b.ReportMetric(float64((cputime.Now()-cpu0).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/project")
		})
	}
}

// BenchmarkGenerate is the cost of generating the projects alone, which
// both runs above include.
func BenchmarkGenerate(b *testing.B) {
	bd := loadBundle(b)
	for b.Loop() {
		for range generated(bd, 10_000) {
		}
	}
}
