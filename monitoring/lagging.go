package monitoring

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// lagging fills the report's lagging lists (LaggingByGap, LaggingByMoney)
// from its statuses: the projects behind schedule, furthest behind first
// and largest shortfall first, ties by project ID (the statuses' order).
// When every project behind is on the fast path it sorts the compact keys
// of laggingFast, else (or when plain, for the tests) the keys of
// laggingPlain; both give the same lists
// (TestLaggingFastEqualsPlain). With workers > 1 the two lists are sorted
// on two goroutines, done before lagging returns.
func lagging(r *Report, run *checkRun, workers int, plain bool) {
	// Sized for the projects behind: a million of them otherwise regrow
	// the keys twenty times.
	nBehind := 0
	for i := range r.Projects {
		if r.Projects[i].Behind() {
			nBehind++
		}
	}
	r.LaggingByGap = make([]string, nBehind)
	r.LaggingByMoney = make([]string, nBehind)
	if plain || !laggingFast(r, run, nBehind, workers) {
		laggingPlain(r, run, nBehind, workers)
	}
}

// gapKey and moneyKey are a fast-path project's keys in the lagging
// lists, i its index in the statuses. t is ⌊|dev|·2³² / bd⌋ for its
// deviation dev/bd (dev < 0 < bd, in the fen of checkRun): a
// non-decreasing function of how far behind it is, so that t descending
// is the order of the deviations ascending wherever the t differ, and
// equal t are ordered by the exact deviations (exact.CmpProducts). A
// comparison is then mostly one of two integers, where each was two
// 128-bit products: a tenth of BenchmarkNationalMonitoring's check went
// to the sorts. shrt is the shortfall in fen.
type gapKey struct {
	t uint64
	i int32
}

type moneyKey struct {
	shrt int64
	i    int32
}

// laggingFast fills the lists from gapKey and moneyKey when every one of
// the nBehind projects behind is on the fast path and its keys fit (an
// index within int32, |dev|/bd below 2³²); it reports false, filling
// nothing, otherwise.
func laggingFast(r *Report, run *checkRun, nBehind, workers int) bool {
	if len(r.Projects) > math.MaxInt32 {
		return false
	}
	gaps := make([]gapKey, 0, nBehind)
	money := make([]moneyKey, 0, nBehind)
	for i := range r.Projects {
		s := &r.Projects[i]
		if !s.Behind() {
			continue
		}
		dev, bd := run.dev[i], run.bd[i]
		if !run.fast[i] || dev >= 0 || dev == math.MinInt64 || bd <= 0 {
			return false
		}
		hi, lo := bits.Mul64(uint64(-dev), 1<<32)
		if hi >= uint64(bd) {
			return false
		}
		t, _ := bits.Div64(hi, lo, uint64(bd))
		gaps = append(gaps, gapKey{t: t, i: int32(i)})
		money = append(money, moneyKey{shrt: s.Shortfall.CoefficientInt64(), i: int32(i)})
	}
	var wg sync.WaitGroup
	sortByMoney := func() {
		slices.SortFunc(money, func(a, b moneyKey) int {
			return cmp.Or(cmp.Compare(b.shrt, a.shrt), cmp.Compare(a.i, b.i))
		})
	}
	if workers > 1 && len(money) > 1<<10 {
		wg.Go(sortByMoney)
	} else {
		sortByMoney()
	}
	slices.SortFunc(gaps, func(a, b gapKey) int {
		if a.t != b.t {
			return cmp.Compare(b.t, a.t)
		}
		return cmp.Or(exact.CmpProducts(run.dev[a.i], run.bd[b.i], run.dev[b.i], run.bd[a.i]), cmp.Compare(a.i, b.i))
	})
	wg.Wait()
	for j := range gaps {
		r.LaggingByGap[j] = r.Projects[gaps[j].i].ProjectID
		r.LaggingByMoney[j] = r.Projects[money[j].i].ProjectID
	}
	return true
}

// laggingPlain fills the lists from keys of every kind: fast-path
// deviations compare exactly as dev/bd in 128-bit products, shortfalls as
// fen; others as exact decimals.
func laggingPlain(r *Report, run *checkRun, nBehind, workers int) {
	type lag struct {
		i             int
		fast          bool
		dev, bd, shrt int64
	}
	keys := make([]lag, 0, nBehind)
	for i := range r.Projects {
		if r.Projects[i].Behind() {
			k := lag{i: i, fast: run.fast[i], dev: run.dev[i], bd: run.bd[i]}
			if k.fast {
				k.shrt = r.Projects[i].Shortfall.CoefficientInt64()
			}
			keys = append(keys, k)
		}
	}
	byMoney := slices.Clone(keys)
	// The two orders are independent: a check given several workers
	// (CheckBatch) sorts them on two goroutines, done before this returns.
	var wg sync.WaitGroup
	sortByMoney := func() {
		slices.SortFunc(byMoney, func(a, b lag) int {
			var c int
			if a.fast && b.fast {
				c = cmp.Compare(b.shrt, a.shrt)
			} else {
				c = r.Projects[b.i].Shortfall.Cmp(r.Projects[a.i].Shortfall)
			}
			return cmp.Or(c, cmp.Compare(a.i, b.i))
		})
	}
	if workers > 1 && len(keys) > 1<<10 {
		wg.Go(sortByMoney)
	} else {
		sortByMoney()
	}
	slices.SortFunc(keys, func(a, b lag) int {
		var c int
		if a.fast && b.fast {
			c = exact.CmpProducts(a.dev, b.bd, b.dev, a.bd)
		} else {
			c = r.Projects[a.i].Deviation.Cmp(r.Projects[b.i].Deviation)
		}
		return cmp.Or(c, cmp.Compare(a.i, b.i))
	})
	wg.Wait()
	for j := range keys {
		r.LaggingByGap[j] = r.Projects[keys[j].i].ProjectID
		r.LaggingByMoney[j] = r.Projects[byMoney[j].i].ProjectID
	}
}
