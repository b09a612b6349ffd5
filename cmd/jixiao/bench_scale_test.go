package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/internal/cputime"
)

// BenchmarkCommandScale measures the command against the library on a
// generated CSV portfolio, in the same run: the library's AssessBatch on
// every core over the portfolio already in memory, then `jixiao assess`
// and `jixiao check` from the files. The folder is JIXIAO_SCALE, written
// by scripts/bench-command.sh (tools/gen/scale -kind portfolio); the
// benchmark is skipped without it. cpu-ns/op is the process's CPU time per
// run (the machine is shared, so wall time measures the neighbours), and
// x-library is a command's CPU time over the library's; input-MiB is the
// loaded input's live heap, the measure of the command's peak RSS target.
func BenchmarkCommandScale(b *testing.B) {
	dir := os.Getenv("JIXIAO_SCALE")
	if dir == "" {
		b.Skip("JIXIAO_SCALE is not set; run scripts/bench-command.sh")
	}
	policy := "../../testdata/exante/policy.json"
	var library time.Duration
	cpu := func(b *testing.B, run func()) time.Duration {
		start := cputime.Now()
		for b.Loop() {
			run()
		}
		per := (cputime.Now() - start) / time.Duration(b.N)
		b.ReportMetric(float64(per), "cpu-ns/op")
		return per
	}
	b.Run("library-AssessBatch", func(b *testing.B) {
		files := exAnteFiles{policy: policy}
		if err := files.resolve(dir); err != nil {
			b.Fatal(err)
		}
		in, err := files.load()
		if err != nil {
			b.Fatal(err)
		}
		a, err := in.policy.Compile(in.standards, in.opts...)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ResetTimer()
		library = cpu(b, func() {
			as, err := a.AssessBatch(context.Background(), in.subs, in.trees, runtime.GOMAXPROCS(0))
			if err != nil || len(as) != len(in.subs) {
				b.Fatalf("%d of %d assessed: %v", len(as), len(in.subs), err)
			}
		})
		// The input's size in memory: the loaded portfolio, goals and
		// policy, live after a collection (the test binary's own heap is
		// a few MB). Reported after the loop: ResetTimer drops the
		// metrics reported before it.
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "input-MiB")
		runtime.KeepAlive(in)
	})
	command := func(args ...string) func(b *testing.B) {
		return func(b *testing.B) {
			per := cpu(b, func() {
				if code := runContext(context.Background(), args, io.Discard, io.Discard); code != exitOK {
					b.Fatalf("jixiao %v: exit %d", args, code)
				}
			})
			if library > 0 {
				b.ReportMetric(float64(per)/float64(library), "x-library")
			}
		}
	}
	b.Run("assess", command("assess", "--policy", policy, dir))
	b.Run("check", command("check", dir))
}

// BenchmarkReadPortfolioCSV measures reading a generated CSV portfolio
// (projects.csv, cost_lines.csv and experts.json) into submissions, as
// assess and check do: the command's reading alone, for issue 17. The
// folder is JIXIAO_SCALE_CSV, written by tools/gen/scale -kind portfolio
// (scripts/bench-command.sh); the benchmark is skipped without it.
// cpu-ns/op is the process's CPU time per read, the decoding of
// experts.json on the other core included.
func BenchmarkReadPortfolioCSV(b *testing.B) {
	dir := os.Getenv("JIXIAO_SCALE_CSV")
	if dir == "" {
		b.Skip("JIXIAO_SCALE_CSV is not set; generate a folder with tools/gen/scale -kind portfolio")
	}
	name := filepath.Join(dir, projectsCSV)
	b.ReportAllocs()
	start := cputime.Now()
	for b.Loop() {
		subs, tally, err := readPortfolioCSV(name, csvInput{})
		if err != nil || tally.Rejected > 0 || len(subs) == 0 {
			b.Fatalf("%d submissions, %d rows rejected: %v", len(subs), tally.Rejected, err)
		}
	}
	b.ReportMetric(float64((cputime.Now()-start)/time.Duration(b.N)), "cpu-ns/op")
}
