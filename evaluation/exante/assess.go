package exante

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// An AssessItem is one sub-item (评估要点) of an assessment dimension, with its
// weight (分值): the most points an expert may give it.
type AssessItem struct {
	// ID identifies the item; expert scores refer to it.
	ID string `json:"id"`
	// Dimension is the dimension the item belongs to: the code (or the
	// Chinese name) of one of the sheet's dimensions.
	Dimension Dimension `json:"dimension"`
	// Name describes the item, such as 立项依据是否充分.
	Name string `json:"name"`
	// Weight is the item's full score.
	Weight decimal.Decimal `json:"weight"`
}

// ThreeEItems returns the items of the five-dimension 3E sheet
// ([ThreeESheet]): 100 points, necessity 20, feasibility 20, economy 20,
// efficiency 15, effectiveness 25, each split into two or three items.
// Criteria that list items but no dimensions name these dimensions (the
// sheet of policies written before dimensions were data). It returns a
// fresh slice.
//
// Source: the dimensions are the seed's wording (拉财字〔2022〕9号,
// 必要性/可行性/经济性/效率性/效益性); the weights and items are
// illustrative, invented for the samples. The national assessment contents
// of 中发〔2018〕34号 are [NationalSheet].
func ThreeEItems() []AssessItem {
	w := decimal.NewFromInt
	return []AssessItem{
		{ID: "N1", Dimension: Necessity, Name: "立项依据是否充分", Weight: w(10)},
		{ID: "N2", Dimension: Necessity, Name: "是否属于公共财政支持范围", Weight: w(10)},
		{ID: "F1", Dimension: Feasibility, Name: "实施方案是否可行", Weight: w(10)},
		{ID: "F2", Dimension: Feasibility, Name: "组织管理和保障条件", Weight: w(10)},
		{ID: "C1", Dimension: Economy, Name: "资金测算是否符合支出标准", Weight: w(12)},
		{ID: "C2", Dimension: Economy, Name: "资金来源是否合规", Weight: w(8)},
		{ID: "E1", Dimension: Efficiency, Name: "实施进度安排是否合理", Weight: w(8)},
		{ID: "E2", Dimension: Efficiency, Name: "资源配置是否高效", Weight: w(7)},
		{ID: "B1", Dimension: Effectiveness, Name: "绩效目标是否明确可衡量", Weight: w(10)},
		{ID: "B2", Dimension: Effectiveness, Name: "预期效益是否显著", Weight: w(10)},
		{ID: "B3", Dimension: Effectiveness, Name: "效益是否可持续", Weight: w(5)},
	}
}

// CombineMethod says how several experts' scores for one project are combined
// into one. The zero value is CombineMean.
type CombineMethod uint8

const (
	// CombineMean takes the arithmetic mean of the experts' totals (算术平均).
	CombineMean CombineMethod = iota
	// CombineTrimmedMean drops the highest and the lowest total and takes the
	// mean of the rest (去掉一个最高分和一个最低分). With fewer than three
	// experts nothing can be dropped and the plain mean is used.
	CombineTrimmedMean
)

// String returns "mean" or "trimmed_mean".
func (m CombineMethod) String() string {
	switch m {
	case CombineMean:
		return "mean"
	case CombineTrimmedMean:
		return "trimmed_mean"
	}
	return "CombineMethod(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText encodes the method as "mean" or "trimmed_mean".
func (m CombineMethod) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes any form [ParseCombineMethod] accepts.
func (m *CombineMethod) UnmarshalText(b []byte) error {
	return enum.DecodeTable(m, combineTable, false, ParseCombineMethod, b)
}

// Verdict is the conclusion of an ex-ante assessment (评估结论). The zero value,
// VerdictNone, means no verdict was reached (not assessed).
type Verdict uint8

const (
	// VerdictNone means not assessed (未评估). It is the zero value.
	VerdictNone Verdict = iota
	// Support is 予以支持.
	Support
	// SupportAfterAdjustment is 调整完善后予以支持.
	SupportAfterAdjustment
	// Reject is 不予支持: the project gets no budget.
	Reject
)

// String returns the verdict's code: "support", "support_after_adjustment",
// "reject", or "" for VerdictNone.
func (v Verdict) String() string { return verdictTable.String(int(v), "Verdict") }

// Name returns the verdict in the given language: "予以支持" or "support".
func (v Verdict) Name(l performance.Lang) string { return verdictTable.Name(int(v), l, "Verdict") }

// MarshalText encodes the verdict's code.
func (v Verdict) MarshalText() ([]byte, error) {
	if int(v) >= len(verdictTable) {
		return nil, fmt.Errorf("exante: unknown verdict %d", uint8(v))
	}
	return []byte(v.String()), nil
}

// UnmarshalText decodes any form [ParseVerdict] accepts.
func (v *Verdict) UnmarshalText(b []byte) error {
	return enum.DecodeTable(v, verdictTable, false, ParseVerdict, b)
}

// VerdictThresholds turn a combined score into a verdict: at least Support
// gives [Support], at least Adjust gives [SupportAfterAdjustment], anything
// lower gives [Reject]. Lower bounds are inclusive. When both are zero the
// defaults 80 and 60 apply.
//
// Source of the defaults: illustrative. The three verdicts are the ones
// bureaus publish (予以支持, 调整完善后予以支持, 不予支持); no national
// document fixes the scores that lead to them, and 80/60 are invented for
// the samples.
type VerdictThresholds struct {
	Support decimal.Decimal `json:"support"`
	Adjust  decimal.Decimal `json:"adjust"`
}

func (t VerdictThresholds) orDefault() VerdictThresholds {
	if t.Support.IsZero() && t.Adjust.IsZero() {
		return VerdictThresholds{Support: decimal.NewFromInt(80), Adjust: decimal.NewFromInt(60)}
	}
	return t
}

// Verdict returns the verdict the thresholds give to score.
func (t VerdictThresholds) Verdict(score decimal.Decimal) Verdict {
	t = t.orDefault()
	switch {
	case score.GreaterThanOrEqual(t.Support):
		return Support
	case score.GreaterThanOrEqual(t.Adjust):
		return SupportAfterAdjustment
	}
	return Reject
}

// An ItemScore is the points one expert gives one item.
type ItemScore struct {
	Item  string          `json:"item"`
	Score decimal.Decimal `json:"score"`
}

// An Expert is one expert's scoring sheet for one project (专家评分表).
type Expert struct {
	// ID identifies the expert, for example a key into the expert library (专家库).
	ID string `json:"id"`
	// Scores are the expert's points per item.
	Scores []ItemScore `json:"scores"`
}

// AssessCriteria is the scoring configuration of an ex-ante assessment. Its
// zero value is usable: the 3E sheet ([ThreeESheet], the library's default
// since before the national sheet was bundled, kept so that existing
// policies and scores keep working), the mean, two places and the
// thresholds 80/60 (illustrative, see [VerdictThresholds]).
//
// The sheet is data: Sheet names a bundled sheet ("national" for
// [NationalSheet], "3e" for [ThreeESheet]), or Dimensions and Items declare
// one. With none of the three, the national sheet ([NationalSheet]) is
// used, the default; items without dimensions name the five dimensions of
// the 3E sheet ([ThreeESheet]).
type AssessCriteria struct {
	// Sheet names a bundled sheet whose dimensions and items are used; it
	// excludes Dimensions and Items. Empty means none.
	Sheet string `json:"sheet,omitempty"`
	// Dimensions are the sheet's dimensions (评估内容) in the order scores
	// are reported; nil means the national sheet's when Items is nil too,
	// and the five of the 3E sheet when Items is not.
	Dimensions []AssessDimension `json:"dimensions,omitempty"`
	// Items is the scoring sheet; nil means the national sheet's items
	// (with no Dimensions and no Sheet).
	Items []AssessItem `json:"items,omitempty"`
	// Method says how experts are combined.
	Method CombineMethod `json:"method"`
	// Places is the number of decimals scores are rounded to, half up
	// (四舍五入); zero means 2. Use a negative value for whole points. At
	// most [performance.MaxPlaces].
	Places int32 `json:"places,omitempty"`
	// Thresholds map the combined total to a verdict.
	Thresholds VerdictThresholds `json:"thresholds"`
}

func (c *AssessCriteria) places() int32 {
	switch {
	case c.Places == 0:
		return 2
	case c.Places < 0:
		return 0
	}
	return c.Places
}

// Validate checks the scoring sheet: a known bundled sheet, not combined
// with dimensions or items of its own; dimensions with a code, unique by
// code and Chinese name, each with items and a weight (when given) equal to
// the sum of its items' weights; item IDs present and unique, each item of
// a declared dimension, positive weights; and places at most
// [performance.MaxPlaces] (code performance.CodeLimit). It returns
// [performance.Problems] or nil.
func (c *AssessCriteria) Validate() error {
	var ps performance.Problems
	c.validateSheet(&ps)
	dims, items := c.resolve()
	idx := dimensionIndex(dims)
	seen := map[string]bool{}
	dimItems := make([]decimal.Decimal, len(dims))
	dimHas := make([]bool, len(dims))
	for i, it := range items {
		p := "items[" + strconv.Itoa(i) + "]"
		switch {
		case it.ID == "":
			ps.Add("item_id_missing", p+".id", "评估要点缺少编号", "item has no id")
		case seen[it.ID]:
			ps.Add("item_id_duplicate", p+".id", "评估要点编号重复: "+it.ID, "duplicate item id "+it.ID)
		}
		seen[it.ID] = true
		if d, ok := idx[it.Dimension]; ok && it.Dimension != DimensionNone {
			dimItems[d] = dimItems[d].Add(it.Weight)
			dimHas[d] = true
		} else {
			ps.Add("item_dimension_invalid", p+".dimension", "评估要点维度无效: "+string(it.Dimension),
				"item has no dimension the sheet declares: "+string(it.Dimension))
		}
		if it.Weight.Sign() <= 0 {
			ps.Add("item_weight_invalid", p+".weight", "评估要点分值必须大于零", "item weight must be positive")
		}
	}
	if c.Dimensions != nil { // declared here, not bundled: check them
		for i, d := range dims {
			p := "dimensions[" + strconv.Itoa(i) + "]"
			switch {
			case d.Code == DimensionNone: // reported as dimension_code_missing
			case !dimHas[i]:
				ps.Add("dimension_empty", p, "评估维度没有评估要点: "+string(d.Code), "dimension has no items: "+string(d.Code))
			case !d.Weight.IsZero() && !d.Weight.Equal(dimItems[i]):
				ps.Add("dimension_weight_mismatch", p+".weight",
					fmt.Sprintf("评估维度 %s 分值 %s 不等于其评估要点分值之和 %s", d.Code, d.Weight, dimItems[i]),
					fmt.Sprintf("dimension %s weighs %s but its items add to %s", d.Code, d.Weight, dimItems[i]))
			}
		}
	}
	if t := c.Thresholds.orDefault(); t.Adjust.GreaterThan(t.Support) {
		ps.Add("thresholds_inverted", "thresholds", "调整支持线高于支持线", "adjust threshold is above the support threshold")
	}
	// A negative Places means whole points; beyond MaxPlaces is refused.
	ps.AddLimit(performance.ValidatePlaces("places", int64(max(c.Places, 0))))
	return ps.Err()
}

// DimensionScore is the combined score of one dimension.
type DimensionScore struct {
	Dimension Dimension       `json:"dimension"`
	Weight    decimal.Decimal `json:"weight"`
	Score     decimal.Decimal `json:"score"`
}

// ExpertTotal is one expert's total over all items.
type ExpertTotal struct {
	Expert string          `json:"expert"`
	Total  decimal.Decimal `json:"total"`
	// Dropped marks a total left out by the trimmed mean.
	Dropped bool `json:"dropped,omitempty"`
}

// CombinedScore is the combined expert score of one project (专家综合评分).
type CombinedScore struct {
	// Total is the combined total, rounded half up to the criteria's places;
	// the verdict is taken on this figure.
	Total decimal.Decimal `json:"total"`
	// Dimensions are the combined scores per dimension, over the experts
	// kept, in dimension order, each rounded like Total. Because each is
	// rounded on its own they may differ from Total in the last place.
	Dimensions []DimensionScore `json:"dimensions"`
	// Experts are the experts' own totals in input order.
	Experts []ExpertTotal `json:"experts"`
	// Method is the combination actually used: a trimmed mean over fewer
	// than three experts falls back to the mean.
	Method CombineMethod `json:"method"`
}

// Combine validates the experts' sheets against the criteria and combines
// them into one [CombinedScore]. Each expert's total is the sum of their item
// scores; the totals are combined by the criteria's method (the trimmed mean
// drops the single highest and the single lowest total, ties broken by
// input order); dimension scores are the mean over the same kept experts.
// Rounding is half up to the criteria's places and happens only at the end.
//
// Every problem is reported at once as [performance.Problems]: no experts,
// an unknown or repeated item, a missing item, a score below zero or above
// the item's weight.
func (c *AssessCriteria) Combine(experts []Expert) (*CombinedScore, error) {
	return c.sheet().combine(experts, nil)
}

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
	// meanCache and totalCache intern the decimals combine returns, when
	// they are on: means in any place, totals in whole hundredths.
	meanCache, totalCache intern.Scaled
	// totals and scores are the blocks a batch's scores are cut from.
	totals slab.Slab[ExpertTotal]
	scores slab.Slab[scoreBlock]
	// dimSum and fixDim are the per-dimension sums of one combine.
	dimSum []decimal.Decimal
	fixDim []int64
	// fixed remembers the scores last converted by toFixed; nil converts
	// every score.
	fixed *fixedCache
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
			if v, ok := sc.fixed.toFixed(is.Score); ok && fast {
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
			totals[e].Total = sc.totalCache.Get(fixTotals[e], scoreExp)
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
				return sc.meanCache.Get(c, -places)
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
