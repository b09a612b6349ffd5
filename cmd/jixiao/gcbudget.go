package main

import (
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// While a command decodes its input (a portfolio of 100,000 projects with
// its goals and experts' sheets is 300 MB of text and 550 MB in memory),
// almost everything it allocates stays live: a collection every time the
// heap doubles (GOGC=100) marks the growing input again and again for
// little garbage, 0.5–1 CPU-s of `jixiao assess` on that portfolio
// (BenchmarkCommandScale, issue 17). So the loading runs with the
// collector paced by a memory limit relative to the input instead of by
// the heap's growth: GOGC is off and the limit is loadBudgetPerByte times
// the input files' size, which collects only when that much is in use.
// The portfolio's memory is about 1.8 times its files' (554 MiB for
// 308 MB on that portfolio), so the limit stays under the peak RSS target
// of twice the input in memory; an input much larger in memory than on
// disk (over three times) meets the limit before it is loaded, and the
// runtime then collects at the limit, as it would with GOMEMLIMIT set,
// spending at most about half the CPU on it. When loading is done the
// collector is paced as before. A GOGC or GOMEMLIMIT given in the
// environment is the user's choice and is left alone.
const (
	loadBudgetPerByte = 3
	// minLoadBudget keeps small inputs from collecting at a few MB.
	minLoadBudget = 256 << 20
)

// loadPacing is the process's collector pacing while loads are running:
// how many are (commands run side by side in one process, as tests and
// benchmarks run them), and what to restore when the last ends. The
// settings it guards are the runtime's own, global to the process.
var loadPacing struct {
	sync.Mutex
	n       int
	percent int
	limit   int64
}

// paceLoad paces the collector by a memory limit relative to the named
// files' total size (see loadBudgetPerByte) until the returned function is
// called; a missing file counts nothing. Loads may overlap: the first
// sets the pacing, the last restores it, and the limit is the largest any
// running load asked for.
func paceLoad(names ...string) (done func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var size int64
	for _, name := range names {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
			size += st.Size()
		}
	}
	limit := int64(minLoadBudget)
	if size < (math.MaxInt64-minLoadBudget)/loadBudgetPerByte {
		limit = max(limit, loadBudgetPerByte*size)
	}
	p := &loadPacing
	p.Lock()
	defer p.Unlock()
	if p.n == 0 {
		p.percent = debug.SetGCPercent(-1)
		p.limit = debug.SetMemoryLimit(limit)
	} else if limit > debug.SetMemoryLimit(-1) {
		debug.SetMemoryLimit(limit)
	}
	p.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			p.Lock()
			defer p.Unlock()
			if p.n--; p.n == 0 {
				debug.SetGCPercent(p.percent)
				debug.SetMemoryLimit(p.limit)
			}
		})
	}
}
