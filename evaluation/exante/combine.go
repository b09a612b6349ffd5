package exante

// Combining the experts' sheets of many projects: the prepared sheet, the
// working memory reused from one project to the next and the int64 fast
// path behind AssessCriteria.Combine.

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A scoreSheet is AssessCriteria prepared for combining many projects'
// scores: weights as int64 and dimension weights summed once.
type scoreSheet struct {
	items   []AssessItem
	weights []int64
	// dimOf is each item's dimension as 1 + its index in dims, or 0 for
	// an item of no declared dimension (summed in the total, never shown).
	dimOf     []int
	fast      bool
	dims      []AssessDimension
	dimWeight []decimal.Decimal // per dimension, 1-based like dimOf
	method    CombineMethod
	places    int32
	// index maps an item ID to its first position in items, for scores
	// listed out of the sheet's order: a lookup per score, so not a scan.
	index map[string]int
}

func (c *AssessCriteria) sheet() *scoreSheet {
	dims, items := c.resolve()
	sh := &scoreSheet{items: items, dims: dims, method: c.Method, places: c.places(), fast: true}
	sh.weights = make([]int64, len(sh.items))
	sh.dimOf = make([]int, len(sh.items))
	sh.dimWeight = make([]decimal.Decimal, len(dims)+1)
	sh.index = make(map[string]int, len(sh.items))
	idx := dimensionIndex(dims)
	for i, it := range sh.items {
		if _, dup := sh.index[it.ID]; !dup {
			sh.index[it.ID] = i
		}
		w, ok := toFixed(it.Weight)
		sh.weights[i], sh.fast = w, sh.fast && ok
		if d, ok := idx[it.Dimension]; ok && it.Dimension != DimensionNone {
			sh.dimOf[i] = d + 1
		}
		sh.dimWeight[sh.dimOf[i]] = sh.dimWeight[sh.dimOf[i]].Add(it.Weight)
	}
	return sh
}

// combineScratch is working memory of scoreSheet.combine reused from one
// project to the next; nothing in it outlives a call.
type combineScratch struct {
	grid      []decimal.Decimal
	fixGrid   []int64
	seen      []bool
	fixTotals []int64
	// totals and scores are the blocks a batch's scores are cut from.
	totals slab.Slab[ExpertTotal]
	scores slab.Slab[scoreBlock]
	// dimSum and fixDim are the per-dimension sums of one combine.
	dimSum []decimal.Decimal
	fixDim []int64
	// caches intern the decimals combine returns and remember the scores
	// it converted; nil interns and remembers nothing.
	caches *scoreCaches
}

// scoreCaches are the caches of combine, which hold only immutable
// decimals and what was computed from them, so that they outlive a batch:
// an [Assessor] keeps them from one call to the next (Assessor.caches),
// because a replay assesses its records in batches of a few hundred and
// filling the tables anew for each batch cost, in BenchmarkReplay
// (tools/gen/history/synth, n = 20,000), ≈ 210 KB and 430 allocations a
// batch: 143.7 → 127.0 MB and 701 → 667 thousand allocations a run once
// kept (3 Dec 2026). Its memory is bounded by [intern.Scaled]'s (about
// 520 KB a table); the pool drops what the collector finds unused.
type scoreCaches struct {
	// mean and total intern the decimals combine returns: means in any
	// place, totals in whole hundredths of the 0.0001 grid.
	mean, total intern.Scaled
	// fixed remembers the scores last converted by toFixed.
	fixed fixedCache
}

// newScoreCaches returns empty caches.
func newScoreCaches() *scoreCaches {
	c := new(scoreCaches)
	c.mean.Step = 1    // means, in any place
	c.total.Step = 100 // totals, in whole hundredths of the 0.0001 grid
	return c
}

// meanOf returns the mean v × 10^exp, from c's table of means (built
// each time when c is nil).
func (c *scoreCaches) meanOf(v int64, exp int32) decimal.Decimal {
	if c == nil {
		return decimal.New(v, exp)
	}
	return c.mean.Get(v, exp)
}

// totalOf returns the expert total v × 10^exp, from c's table of totals
// (built each time when c is nil).
func (c *scoreCaches) totalOf(v int64, exp int32) decimal.Decimal {
	if c == nil {
		return decimal.New(v, exp)
	}
	return c.total.Get(v, exp)
}

// toFixed is [toFixed] through the caches; nil converts every time.
func (c *scoreCaches) toFixed(d decimal.Decimal) (int64, bool) {
	if c == nil {
		return toFixed(d)
	}
	return c.fixed.toFixed(d)
}

// fixedCache remembers [toFixed] of the decimals it last converted, by
// identity: a decimal.Decimal is a coefficient pointer and an exponent,
// and is immutable, so one equal as a struct to a decimal remembered has
// its value. The experts' sheets of a batch repeat a few dozen scores,
// each one shared decimal when read by performance's JSON decoder (its
// intern table) or copied from one sheet, so most conversions are found
// here: in BenchmarkAssess the int64 conversion of 50 scores per scored
// project went from a decimal.NumDigits each (a float64 logarithm) to a
// comparison. It is direct-mapped by coefficient and exponent, so that
// equal values from different pointers take one slot in turn.
type fixedCache [fixedSlots]fixedSlot

// fixedBits is log2 of fixedSlots, the slots of a fixedCache.
const (
	fixedBits  = 6
	fixedSlots = 1 << fixedBits
)

type fixedSlot struct {
	d    decimal.Decimal
	v    int64
	ok   bool
	full bool // the zero slot is empty, not the zero Decimal's
}

// toFixed is [toFixed] through the cache; a nil c converts every time.
func (c *fixedCache) toFixed(d decimal.Decimal) (int64, bool) {
	if c == nil {
		return toFixed(d)
	}
	h := uint64(d.CoefficientInt64())*0x9E3779B97F4A7C15 + uint64(uint32(d.Exponent()))
	s := &c[h>>(64-fixedBits)]
	if s.full && s.d == d {
		return s.v, s.ok
	}
	v, ok := toFixed(d)
	*s = fixedSlot{d: d, v: v, ok: ok, full: true}
	return v, ok
}

// scoreBlock is a combined score and its dimensions, allocated together;
// a sheet of more than inlineDims dimensions allocates its own.
type scoreBlock struct {
	cs   CombinedScore
	dims [inlineDims]DimensionScore
}

// inlineDims is the number of dimensions of the bundled sheets.
const inlineDims = 5

// grow returns s with length n, reusing its storage when it can.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// combine is AssessCriteria.Combine over the prepared sheet; sc, when not
// nil, provides the working memory, blocks and caches.
func (sh *scoreSheet) combine(experts []Expert, sc *combineScratch) (*CombinedScore, error) {
	items, weights, dimOf, fast := sh.items, sh.weights, sh.dimOf, sh.fast
	var ps performance.Problems
	if len(experts) == 0 {
		ps.Add("no_experts", "experts", "没有专家评分", "no expert scores")
		return nil, ps
	}
	// Scores are summed as int64 multiples of 10^scoreExp when they all fit
	// (they always do for scores with up to four decimals), which is exact
	// and allocation-free; otherwise as decimals. Both give the same sums.
	if sc == nil {
		sc = new(combineScratch)
	}
	n := len(experts) * len(items)
	sc.grid, sc.fixGrid, sc.seen = grow(sc.grid, n), grow(sc.fixGrid, n), grow(sc.seen, n)
	sc.fixTotals = grow(sc.fixTotals, len(experts))
	grid, fixGrid, seen, fixTotals := sc.grid, sc.fixGrid, sc.seen, sc.fixTotals // expert-major
	clear(seen)
	path := func(e, s int, field string) string { // built only for problems
		p := "experts[" + strconv.Itoa(e) + "]"
		if s >= 0 {
			p += ".scores[" + strconv.Itoa(s) + "]"
		}
		return p + field
	}
	// One pass places, checks and, in int64, sums every expert's scores.
	for e := range experts {
		ex := &experts[e]
		base := e * len(items)
		got, fix := seen[base:base+len(items)], fixGrid[base:base+len(items)]
		var sum int64 // no overflow: each score is at most its weight, below 10^12
		for s := range ex.Scores {
			is := &ex.Scores[s]
			i := sh.itemIndex(s, is.Item)
			switch {
			case i < 0:
				ps.Add("unknown_item", path(e, s, ".item"), "未知评估要点: "+is.Item, "unknown item "+is.Item)
				continue
			case got[i]:
				ps.Add("item_scored_twice", path(e, s, ".item"), "评估要点重复评分: "+is.Item, "item scored twice: "+is.Item)
				continue
			}
			got[i] = true
			var out bool
			if v, ok := sc.caches.toFixed(is.Score); ok && fast {
				fix[i] = v
				sum += v
				out = v < 0 || v > weights[i]
			} else {
				fast = false
				out = is.Score.Sign() < 0 || is.Score.GreaterThan(items[i].Weight)
			}
			if out {
				ps.Add("score_out_of_range", path(e, s, ".score"),
					fmt.Sprintf("得分 %s 超出 0–%s", is.Score, items[i].Weight),
					fmt.Sprintf("score %s is outside 0–%s", is.Score, items[i].Weight))
			}
		}
		fixTotals[e] = sum
		for i, ok := range got {
			if !ok {
				ps.Add("item_not_scored", path(e, -1, ".scores"), "缺少评估要点得分: "+items[i].ID, "item not scored: "+items[i].ID)
			}
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	if !fast { // the decimal grid, now that every item is scored once
		for e := range experts {
			for s, is := range experts[e].Scores {
				grid[e*len(items)+sh.itemIndex(s, is.Item)] = is.Score
			}
		}
	}

	totals := sc.totals.Take(len(experts))
	for e := range experts {
		totals[e].Expert = experts[e].ID
		if fast {
			totals[e].Total = sc.caches.totalOf(fixTotals[e], scoreExp)
			continue
		}
		for i := range items {
			totals[e].Total = totals[e].Total.Add(grid[e*len(items)+i])
		}
	}

	method := sh.method
	if method == CombineTrimmedMean && len(experts) < 3 {
		method = CombineMean
	}
	if method == CombineTrimmedMean {
		lo, hi := 0, 0
		for i, t := range totals {
			if fast { // the totals' own order, in int64
				if fixTotals[i] < fixTotals[lo] {
					lo = i
				}
				if fixTotals[i] > fixTotals[hi] {
					hi = i
				}
				continue
			}
			if t.Total.LessThan(totals[lo].Total) {
				lo = i
			}
			if t.Total.GreaterThan(totals[hi].Total) {
				hi = i
			}
		}
		if lo == hi { // all equal: drop the first and the last
			lo, hi = 0, len(totals)-1
		}
		totals[lo].Dropped = true
		totals[hi].Dropped = true
	}

	// The dimension sums over the kept experts.
	places := sh.places
	var kept int64
	var total decimal.Decimal
	sc.dimSum, sc.fixDim = grow(sc.dimSum, len(sh.dimWeight)), grow(sc.fixDim, len(sh.dimWeight))
	dimSum, fixDim := sc.dimSum, sc.fixDim
	clear(dimSum)
	clear(fixDim)
	var fixTotal int64
	for e, t := range totals {
		if t.Dropped {
			continue
		}
		kept++
		row := e * len(items)
		if fast {
			fixTotal += fixTotals[e]
			for i, d := range dimOf {
				fixDim[d] += fixGrid[row+i]
			}
			continue
		}
		total = total.Add(t.Total)
		for i, d := range dimOf {
			dimSum[d] = dimSum[d].Add(grid[row+i])
		}
	}
	mean := func(sum decimal.Decimal, fixSum int64) decimal.Decimal {
		if fast {
			if c, ok := divRoundFixed(fixSum, kept, places); ok {
				return sc.caches.meanOf(c, -places)
			}
			sum = decimal.New(fixSum, scoreExp)
		}
		return sum.DivRound(decimal.NewFromInt(kept), places)
	}
	blk := &sc.scores.Take(1)[0]
	// The block is zeroed: only the fields that are not zero are written,
	// and the dimensions' slice once, after they are appended to a local
	// slice (a pointer write less per dimension while the collector marks).
	cs := &blk.cs
	cs.Total, cs.Experts, cs.Method = mean(total, fixTotal), totals, method
	dims := blk.dims[:0]
	for i, d := range sh.dims {
		if sh.dimWeight[i+1].IsZero() { // a declared dimension no item scores
			continue
		}
		dims = append(dims, DimensionScore{
			Dimension: d.Code, Weight: sh.dimWeight[i+1], Score: mean(dimSum[i+1], fixDim[i+1]),
		})
	}
	cs.Dimensions = dims
	return cs, nil
}

// itemIndex returns the index of the item called id, looked for first at
// s (sheets usually list the items in order), or -1.
func (sh *scoreSheet) itemIndex(s int, id string) int {
	if s < len(sh.items) && sh.items[s].ID == id {
		return s
	}
	if j, ok := sh.index[id]; ok {
		return j
	}
	return -1
}

// divRoundFixed returns the coefficient c of sum × 10^scoreExp ÷ n rounded
// half away from zero to places (the quotient is c × 10^-places), for a
// non-negative sum, as DivRound would, when the arithmetic fits in int64.
func divRoundFixed(sum, n int64, places int32) (int64, bool) {
	if sum < 0 || n <= 0 || places < 0 || places > -scoreExp || sum > 1e14 {
		return 0, false
	}
	num := sum
	for range places {
		num *= 10
	}
	den := n
	for range -scoreExp {
		den *= 10
	}
	return (2*num + den) / (2 * den), true
}

// scoreExp is the exponent of the int64 fast path of [AssessCriteria.Combine]:
// scores are summed as whole multiples of 0.0001.
const scoreExp = -4

// toFixed returns d as a multiple of 10^scoreExp when that is exact and small
// enough (below 10^12) for sums of many scores to stay within int64.
func toFixed(d decimal.Decimal) (int64, bool) {
	e := d.Exponent()
	if e < scoreExp {
		return 0, false
	}
	if n := d.NumDigits(); n > 12 || int(e-scoreExp)+n > 12 {
		return 0, false
	}
	k, _ := exact.Pow10(e - scoreExp) // e−scoreExp ≤ 11
	return d.CoefficientInt64() * k, true
}
