package exante

import (
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// Dimension is the code of a dimension of an ex-ante scoring sheet
// (评估维度), such as "necessity". Dimensions are data: a sheet declares
// its own ([AssessCriteria.Dimensions], [AssessDimension]); the constants
// below are the codes of the bundled sheets. The zero value, DimensionNone,
// means "no dimension" and is invalid on an item. A dimension marshals to
// text and JSON as its code.
type Dimension string

// The dimensions of the bundled sheets. Necessity, Economy and Feasibility
// belong to both; Efficiency and Effectiveness to the 3E sheet;
// GoalReasonableness and FinancingCompliance to the national one.
const (
	// DimensionNone means no dimension. It is the zero value.
	DimensionNone Dimension = ""
	// Necessity is 必要性 (立项必要性 in the national contents): is the
	// project needed, and is public money the right means?
	Necessity Dimension = "necessity"
	// Feasibility is 可行性 (实施方案可行性): can it be carried out as
	// planned?
	Feasibility Dimension = "feasibility"
	// Economy is 经济性 (投入经济性): is the cost estimate reasonable
	// against standards?
	Economy Dimension = "economy"
	// Efficiency is 效率性: are the resources used efficiently?
	Efficiency Dimension = "efficiency"
	// Effectiveness is 效益性: are the expected benefits worth the money?
	Effectiveness Dimension = "effectiveness"
	// GoalReasonableness is 绩效目标合理性: are the performance goals clear,
	// relevant and set at a reasonable level?
	GoalReasonableness Dimension = "goal_reasonableness"
	// FinancingCompliance is 筹资合规性: are the sources of the money lawful
	// and the financing channels clear?
	FinancingCompliance Dimension = "financing_compliance"
)

// MaxDimensionCode is the longest dimension code, in bytes, that decoding
// accepts.
const MaxDimensionCode = 64

// builtinDimensionNames are the names of the bundled sheets' dimensions,
// for [Dimension.Name].
var builtinDimensionNames = map[Dimension]performance.Text{
	Necessity:           {ZH: "必要性", EN: "necessity"},
	Feasibility:         {ZH: "可行性", EN: "feasibility"},
	Economy:             {ZH: "经济性", EN: "economy"},
	Efficiency:          {ZH: "效率性", EN: "efficiency"},
	Effectiveness:       {ZH: "效益性", EN: "effectiveness"},
	GoalReasonableness:  {ZH: "绩效目标合理性", EN: "reasonableness of goals"},
	FinancingCompliance: {ZH: "筹资合规性", EN: "compliance of financing"},
	PolicyNecessity:     {ZH: "政策必要性", EN: "necessity of the policy"},
	PolicyObjectives:    {ZH: "政策目标合理性", EN: "reasonableness of the policy's goals"},
	PolicyInstruments:   {ZH: "政策工具可行性", EN: "feasibility of the policy's instruments"},
	PolicyFunding:       {ZH: "资金保障与筹资合规性", EN: "funding and compliance of financing"},
	PolicyBenefit:       {ZH: "预期效益", EN: "expected benefits"},
}

// Dimensions lists the five dimensions of the 3E sheet in their customary
// order. It returns a fresh slice.
func Dimensions() []Dimension {
	return []Dimension{Necessity, Feasibility, Economy, Efficiency, Effectiveness}
}

// String returns the dimension's code, such as "necessity", or "" for
// DimensionNone.
func (d Dimension) String() string { return string(d) }

// Name returns the name of a bundled sheet's dimension in the given
// language, such as "必要性" or "necessity", and the code for any other;
// a sheet's own names are in its [AssessDimension].
func (d Dimension) Name(l performance.Lang) string {
	if n, ok := builtinDimensionNames[d]; ok {
		return n.In(l)
	}
	return string(d)
}

// MarshalText encodes the dimension's code.
func (d Dimension) MarshalText() ([]byte, error) { return []byte(d), nil }

// UnmarshalText decodes any form [ParseDimension] accepts, normalised to
// the code; any other text, trimmed, is kept as the code or Chinese name of
// a dimension the sheet declares ([AssessCriteria.Validate] checks that it
// does). Text longer than [MaxDimensionCode] bytes is an error wrapping
// [ErrUnknownName].
func (d *Dimension) UnmarshalText(b []byte) error {
	if v, err := ParseDimension(string(b)); err == nil {
		*d = v
		return nil
	} else if s := strings.TrimSpace(string(b)); len(s) > MaxDimensionCode {
		return err
	} else {
		*d = Dimension(s)
	}
	return nil
}

// An AssessDimension is one dimension a scoring sheet declares (评估内容):
// its code, which items and scores refer to, its names, its full score and
// where it comes from.
type AssessDimension struct {
	// Code identifies the dimension; items name it by Code or by its
	// Chinese name.
	Code Dimension `json:"code"`
	// Name is the dimension's name in Chinese and English.
	Name performance.Text `json:"name"`
	// Weight is the dimension's full score (分值); when not zero it must
	// equal the sum of its items' weights.
	Weight decimal.Decimal `json:"weight"`
	// Source cites where the dimension (and its weight) comes from. It
	// documents the sheet and is not part of any policy hash.
	Source string `json:"source,omitempty"`
}

// An AssessSheet is a bundled ex-ante scoring sheet (事前绩效评估评分表):
// its dimensions and items, and its source.
type AssessSheet struct {
	// ID names the sheet in [AssessCriteria.Sheet].
	ID         string            `json:"id"`
	Name       performance.Text  `json:"name"`
	Source     string            `json:"source"`
	Dimensions []AssessDimension `json:"dimensions"`
	Items      []AssessItem      `json:"items"`
}

// Bundled sheet IDs for [AssessCriteria.Sheet].
const (
	SheetNational = "national"
	SheetThreeE   = "3e"
)

// NationalSheet returns the national assessment contents as a scoring
// sheet of 100 points, the sheet criteria that name none use: 立项必要性, 投入经济性, 绩效目标合理性, 实施方案可行性
// and 筹资合规性, 20 points each, in the order the document lists them,
// each split into two items. It returns fresh slices.
//
// Source: 中发〔2018〕34号 (中共中央 国务院关于全面实施预算绩效管理的意见)
// 四（六）: new major policies and projects are assessed ex ante, "重点论证
// 立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性等".
// The opinion names the contents only: the equal weights and the items are
// illustrative.
func NationalSheet() AssessSheet {
	const src = "中发〔2018〕34号 四（六）: the contents of an ex-ante assessment; the weight is illustrative"
	w := decimal.NewFromInt
	return AssessSheet{
		ID:     SheetNational,
		Name:   performance.Text{ZH: "事前绩效评估评分表（国家评估内容）", EN: "ex-ante scoring sheet (national assessment contents)"},
		Source: "中发〔2018〕34号 四（六） (the five contents); the weights (20 each) and the items are illustrative",
		Dimensions: []AssessDimension{
			{Code: Necessity, Name: performance.Text{ZH: "立项必要性", EN: "necessity of the project"}, Weight: w(20), Source: src},
			{Code: Economy, Name: performance.Text{ZH: "投入经济性", EN: "economy of inputs"}, Weight: w(20), Source: src},
			{Code: GoalReasonableness, Name: performance.Text{ZH: "绩效目标合理性", EN: "reasonableness of goals"}, Weight: w(20), Source: src},
			{Code: Feasibility, Name: performance.Text{ZH: "实施方案可行性", EN: "feasibility of the plan"}, Weight: w(20), Source: src},
			{Code: FinancingCompliance, Name: performance.Text{ZH: "筹资合规性", EN: "compliance of financing"}, Weight: w(20), Source: src},
		},
		Items: []AssessItem{
			{ID: "NN1", Dimension: Necessity, Name: "立项依据是否充分，是否符合发展规划和部门职能", Weight: w(10)},
			{ID: "NN2", Dimension: Necessity, Name: "是否属于公共财政支持范围，与其他项目是否重复", Weight: w(10)},
			{ID: "NE1", Dimension: Economy, Name: "投入成本是否经济，测算是否符合支出标准", Weight: w(12)},
			{ID: "NE2", Dimension: Economy, Name: "预算规模与项目内容是否匹配", Weight: w(8)},
			{ID: "NG1", Dimension: GoalReasonableness, Name: "绩效目标是否明确、与项目内容相关", Weight: w(10)},
			{ID: "NG2", Dimension: GoalReasonableness, Name: "绩效指标是否细化量化，指标值是否合理", Weight: w(10)},
			{ID: "NF1", Dimension: Feasibility, Name: "实施方案是否完整，进度安排是否合理", Weight: w(10)},
			{ID: "NF2", Dimension: Feasibility, Name: "组织管理和保障条件是否具备", Weight: w(10)},
			{ID: "NC1", Dimension: FinancingCompliance, Name: "资金来源是否合规，筹资渠道是否明确", Weight: w(10)},
			{ID: "NC2", Dimension: FinancingCompliance, Name: "财政投入方式是否恰当，有无违规举债", Weight: w(10)},
		},
	}
}

// ThreeESheet returns the five-dimension 3E sheet: the dimensions of
// [Dimensions] with the items of [ThreeEItems] (necessity 20,
// feasibility 20, economy 20, efficiency 15, effectiveness 25). It is the
// alternative to the national sheet, the one the seed's bureau used (the
// bundled sample names it: "sheet": "3e"), and the dimensions that items
// listed without dimensions name. It returns fresh slices.
//
// Source: the seed's wording (拉财字〔2022〕9号,
// 必要性/可行性/经济性/效率性/效益性); the weights and items are
// illustrative.
func ThreeESheet() AssessSheet {
	const src = "the seed, 拉财字〔2022〕9号 (the 3E wording); the weight is illustrative"
	w := decimal.NewFromInt
	dims := make([]AssessDimension, 0, 5)
	for _, d := range Dimensions() {
		dims = append(dims, AssessDimension{Code: d, Name: builtinDimensionNames[d], Source: src})
	}
	for i, x := range []int64{20, 20, 20, 15, 25} {
		dims[i].Weight = w(x)
	}
	return AssessSheet{
		ID:         SheetThreeE,
		Name:       performance.Text{ZH: "事前绩效评估评分表（五维度）", EN: "ex-ante scoring sheet (five 3E dimensions)"},
		Source:     "the seed, 拉财字〔2022〕9号 (the 3E wording); the weights and the items are illustrative",
		Dimensions: dims,
		Items:      ThreeEItems(),
	}
}

// Sheets returns the bundled sheets: the national one, the 3E one and the
// policy sheet ([PolicySheet]).
func Sheets() []AssessSheet { return []AssessSheet{NationalSheet(), ThreeESheet(), PolicySheet()} }

// bundledSheet returns the bundled sheet called id.
func bundledSheet(id string) (AssessSheet, bool) {
	switch strings.ToLower(strings.TrimSpace(id)) {
	case SheetNational:
		return NationalSheet(), true
	case SheetThreeE:
		return ThreeESheet(), true
	case SheetPolicy:
		return PolicySheet(), true
	}
	return AssessSheet{}, false
}

// resolve returns the sheet's dimensions and items: a bundled sheet's, the
// declared ones, the national sheet's when none is named or declared, or
// the 3E dimensions for items declared without dimensions; items name
// their dimension by code.
// The slices are the criteria's own or fresh.
func (c *AssessCriteria) resolve() ([]AssessDimension, []AssessItem) {
	if c.Sheet != "" {
		if s, ok := bundledSheet(c.Sheet); ok {
			return s.Dimensions, s.Items
		}
		return nil, c.Items // an unknown sheet: Validate says so
	}
	if c.Dimensions == nil && c.Items == nil {
		s := NationalSheet()
		return s.Dimensions, s.Items
	}
	dims := c.Dimensions
	if dims == nil {
		dims = ThreeESheet().Dimensions
	}
	return dims, c.Items
}

// Resolved returns the criteria with the sheet in use spelled out: Sheet
// empty, Dimensions and Items those of the bundled or default sheet, each
// item naming its dimension by code. The slices are fresh.
func (c AssessCriteria) Resolved() AssessCriteria {
	dims, items := c.resolve()
	c.Sheet = ""
	c.Dimensions = slices.Clone(dims)
	c.Items = slices.Clone(items)
	idx := dimensionIndex(c.Dimensions)
	for i, it := range c.Items {
		if d, ok := idx[it.Dimension]; ok && it.Dimension != DimensionNone {
			c.Items[i].Dimension = c.Dimensions[d].Code
		}
	}
	return c
}

// dimensionIndex maps each dimension's code and Chinese name to its index;
// the first of two with one name wins.
func dimensionIndex(dims []AssessDimension) map[Dimension]int {
	idx := make(map[Dimension]int, 2*len(dims))
	for i, d := range dims {
		for _, k := range []Dimension{d.Code, Dimension(d.Name.ZH)} {
			if _, dup := idx[k]; !dup && k != DimensionNone {
				idx[k] = i
			}
		}
	}
	return idx
}

// validateSheet adds the problems of the sheet's choice and of its declared
// dimensions' codes and names.
func (c *AssessCriteria) validateSheet(ps *performance.Problems) {
	if c.Sheet != "" {
		if _, ok := bundledSheet(c.Sheet); !ok {
			ps.Add("sheet_unknown", "sheet", "未知评分表: "+c.Sheet,
				"unknown sheet "+c.Sheet+" (want "+SheetNational+", "+SheetThreeE+" or "+SheetPolicy+")")
		}
		if c.Dimensions != nil || c.Items != nil {
			ps.Add("sheet_and_items", "sheet", "已指定评分表，不能再列维度或评估要点",
				"a named sheet excludes dimensions and items of its own")
		}
		return
	}
	seen := map[Dimension]bool{}
	for i, d := range c.Dimensions {
		p := "dimensions[" + strconv.Itoa(i) + "]"
		if d.Code == DimensionNone {
			ps.Add("dimension_code_missing", p+".code", "评估维度缺少编码", "dimension has no code")
			continue
		}
		for j, k := range []Dimension{d.Code, Dimension(d.Name.ZH)} {
			if k == DimensionNone || j == 1 && k == d.Code {
				continue
			}
			if seen[k] {
				ps.Add("dimension_duplicate", p, "评估维度重复: "+string(k), "duplicate dimension "+string(k))
			}
			seen[k] = true
		}
		if d.Weight.Sign() < 0 {
			ps.Add("dimension_weight_invalid", p+".weight", "评估维度分值不能为负", "dimension weight is negative")
		}
	}
	if c.Dimensions != nil && c.Items == nil {
		ps.Add("items_missing", "items", "声明了评估维度但没有评估要点", "dimensions are declared without items")
	}
}
