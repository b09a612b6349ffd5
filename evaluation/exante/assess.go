package exante

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/internal/enum"
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
