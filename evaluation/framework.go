package evaluation

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/goals"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
)

// CriterionKind is what a top-level criterion of a [Framework] measures: the
// level-1 kinds of key evaluations (决策, 过程, 产出, 效益) and the criteria of
// other frameworks. The zero value "" means unclassified; only
// [CriterionOutput] and [CriterionBenefit] carry meaning for validation (the
// output + benefit floor). Decoding reads the codes and the Chinese names
// (see [ParseCriterionKind]); any other kind is an error, so that a misspelt
// 产出 cannot silently escape the floor.
type CriterionKind string

const (
	// CriterionDecision is decision (决策): project approval, goals, funding.
	CriterionDecision CriterionKind = "decision"
	// CriterionProcess is process (过程): fund management, organisation.
	CriterionProcess CriterionKind = "process"
	// CriterionOutput is output (产出): quantity, quality, timeliness, cost.
	CriterionOutput CriterionKind = "output"
	// CriterionBenefit is benefit (效益), satisfaction included.
	CriterionBenefit CriterionKind = "benefit"
)

// A Label is one step of a criterion's label scale (评价等级), such as 高度相关
// ("highly relevant"): an evaluator who picks it gives the criterion Share of
// its weight. Share lies in [0, 1].
type Label struct {
	Name  string          `json:"name"`
	Share decimal.Decimal `json:"share"`
}

// A Criterion is one indicator of an evaluation framework (评价指标): a
// level-1 criterion such as 决策 with its weight in points, or a
// sub-indicator (二级/三级指标) under it. A criterion with Sub is scored as the
// sum of its sub-criteria, whose weights must add up to its own; a leaf is
// scored by each evaluator, either in points (0 to Weight) or by a label of
// its Scale (or of the nearest ancestor's Scale).
type Criterion struct {
	// ID identifies the criterion within its framework; ratings refer to it.
	ID string `json:"id"`
	// Name is the criterion's name, such as 项目立项 or relevance.
	Name string `json:"name"`
	// Kind classifies a top-level criterion; sub-criteria inherit it.
	Kind CriterionKind `json:"kind,omitempty"`
	// Weight is the criterion's points (分值).
	Weight decimal.Decimal `json:"weight"`
	// Scale is the criterion's label scale, best first, if labels are used.
	Scale []Label `json:"scale,omitempty"`
	// Sub lists the sub-indicators, if any.
	Sub []Criterion `json:"sub,omitempty"`
}

// A Framework is an evaluation framework (评价指标体系) as data: weighted
// criteria with sub-indicators and label scales, the scheme that turns a
// score into a rating, and overrides. Key and deep evaluations
// ([KeyFramework]), department-wide self-evaluation ([DepartmentFramework]),
// the international-loan framework ([LoanFramework]) and PART
// ([PARTFramework]) are all Frameworks; a bureau can write its own in JSON.
//
// A Framework is read-only once built and safe for concurrent use.
type Framework struct {
	// ID identifies the framework, such as "key_2020".
	ID string `json:"id"`
	// Name is its title.
	Name string `json:"name"`
	// Criteria are the top-level criteria; their weights sum to 100.
	Criteria []Criterion `json:"criteria"`
	// MinOutputBenefit, when positive, is the least total weight of output
	// and benefit criteria (60 for evaluations by a finance bureau or a
	// department, 财预〔2020〕10号).
	MinOutputBenefit decimal.Decimal `json:"min_output_benefit"`
	// Places is the number of decimals the total is rounded to, half up
	// (四舍五入), once, at the end; the bundled frameworks use 2. It is at
	// most [performance.MaxPlaces].
	Places int32 `json:"places"`
	// Scheme turns the rounded total into a rating and grade; its
	// overrides (PART's Results Not Demonstrated) win over the score when an
	// evaluation raises their flags.
	Scheme performance.Scheme `json:"scheme"`
}

// Validate reports every problem of the framework at once as
// [performance.Problems]: missing or duplicate criterion IDs, non-positive
// weights, sub-indicator weights that do not add up to their parent's,
// top-level weights that do not add up to 100, an output + benefit weight
// under the floor, label shares outside [0, 1], and the scheme's problems
// (paths under "scheme").
func (f *Framework) Validate() error {
	var ps performance.Problems
	if f.ID == "" {
		ps.Add("missing_id", "id", "评价指标体系缺少编号", "framework has no id")
	}
	if len(f.Criteria) == 0 {
		ps.Add("no_criteria", "criteria", "评价指标体系没有指标", "framework has no criteria")
	}
	seen := make(map[string]bool)
	var sum, ob decimal.Decimal
	for i := range f.Criteria {
		c := &f.Criteria[i]
		validateCriterion(&ps, c, "criteria["+strconv.Itoa(i)+"]", seen, c.Scale)
		sum = sum.Add(c.Weight)
		if c.Kind == CriterionOutput || c.Kind == CriterionBenefit {
			ob = ob.Add(c.Weight)
		}
	}
	if len(f.Criteria) > 0 && !sum.Equal(decimal.NewFromInt(100)) {
		ps.Add("weights_not_total", "criteria",
			fmt.Sprintf("一级指标分值合计 %s，应为 100", sum),
			fmt.Sprintf("top-level weights sum to %s, want 100", sum))
	}
	if f.MinOutputBenefit.IsPositive() && ob.LessThan(f.MinOutputBenefit) {
		ps.Add("output_benefit_below_floor", "criteria",
			fmt.Sprintf("产出和效益指标分值合计 %s，低于 %s", ob, f.MinOutputBenefit),
			fmt.Sprintf("output and benefit weigh %s in total, less than %s", ob, f.MinOutputBenefit))
	}
	if f.Places < 0 {
		ps.Add("negative_places", "places", "小数位数不能为负", "places must not be negative")
	} else {
		ps.AddLimit(performance.ValidatePlaces("places", int64(f.Places)))
	}
	if err := f.Scheme.Validate(); err != nil {
		if sp, ok := err.(performance.Problems); ok {
			ps = append(ps, sp.Prefix("scheme")...)
		} else {
			ps.Add("invalid_scheme", "scheme", "评级方案无效："+err.Error(), "invalid scheme: "+err.Error())
		}
	}
	return ps.Err()
}

func validateCriterion(ps *performance.Problems, c *Criterion, path string, seen map[string]bool, scale []Label) {
	switch {
	case c.ID == "":
		ps.Add("missing_id", path+".id", "指标缺少编号", "criterion has no id")
	case seen[c.ID]:
		ps.Add("duplicate_id", path+".id", "指标编号重复："+c.ID, "duplicate criterion id "+c.ID)
	default:
		seen[c.ID] = true
	}
	if !c.Weight.IsPositive() {
		ps.Add("non_positive_weight", path+".weight", "指标分值必须大于零", "criterion weight must be positive")
	}
	labels := make(map[string]bool)
	for j, l := range c.Scale {
		lp := path + ".scale[" + strconv.Itoa(j) + "]"
		if l.Name == "" || labels[l.Name] {
			ps.Add("bad_label", lp+".name", "评价等级名称为空或重复", "label name empty or duplicate")
		}
		labels[l.Name] = true
		if l.Share.IsNegative() || l.Share.GreaterThan(decimal.NewFromInt(1)) {
			ps.Add("share_out_of_range", lp+".share", "等级得分比例应在 0 到 1 之间", "label share must lie in [0, 1]")
		}
	}
	if len(c.Scale) > 0 {
		scale = c.Scale
	}
	if len(c.Sub) == 0 {
		return
	}
	var sum decimal.Decimal
	for j := range c.Sub {
		validateCriterion(ps, &c.Sub[j], path+".sub["+strconv.Itoa(j)+"]", seen, scale)
		sum = sum.Add(c.Sub[j].Weight)
	}
	if !sum.Equal(c.Weight) {
		ps.Add("sub_weights_mismatch", path+".sub",
			fmt.Sprintf("下级指标分值合计 %s，与上级分值 %s 不符", sum, c.Weight),
			fmt.Sprintf("sub-criteria weigh %s, parent weighs %s", sum, c.Weight))
	}
}

// A CriterionRating is one evaluator's score of one leaf criterion: Points (0 to the
// criterion's weight), a Label of its scale, which gives weight × share, or
// Percent, a score out of 100 for the criterion (评价分值（百分制）), which
// gives weight × percent ÷ 100 exactly: the international-loan framework
// publishes efficiency 77.39 on a weight of 50, worth 38.695 points. Label
// and Percent exclude each other. Note is the evaluator's reason (评分理由).
type CriterionRating struct {
	Criterion string           `json:"criterion"`
	Points    decimal.Decimal  `json:"points"`
	Label     string           `json:"label,omitempty"`
	Percent   *decimal.Decimal `json:"percent,omitempty"`
	Note      string           `json:"note,omitempty"`
}

// A Sheet is one evaluator's scoring sheet (评分表): a rating for every leaf
// criterion of a framework.
type Sheet struct {
	// Evaluator names the expert or agency (评价专家).
	Evaluator string            `json:"evaluator"`
	Ratings   []CriterionRating `json:"ratings"`
}

// A ScoreLine is one criterion's score on a [Scorecard]: the mean over the
// evaluators of its points, exact, and rounded for display.
type ScoreLine struct {
	Criterion string          `json:"criterion"`
	Name      string          `json:"name"`
	Level     int             `json:"level"`
	Weight    decimal.Decimal `json:"weight"`
	// Exact is Σ over evaluators ÷ number of evaluators, unrounded.
	Exact performance.Ratio `json:"exact"`
	// Points is Exact rounded half up to the framework's places.
	Points decimal.Decimal `json:"points"`
}

// A Scorecard is the scored result of a framework: every criterion's
// points, the exact and the rounded total, and the rating.
type Scorecard struct {
	Framework  string      `json:"framework"`
	Evaluators int         `json:"evaluators"`
	Lines      []ScoreLine `json:"lines"`
	// Exact is the total before rounding: the sum of all evaluators' points
	// ÷ the number of evaluators.
	Exact performance.Ratio `json:"exact"`
	// Total is Exact rounded half up to the framework's places, once.
	Total decimal.Decimal `json:"total"`
	// Rating is the band label (or the override's label) and Grade its
	// national grade.
	Rating string            `json:"rating"`
	Grade  performance.Grade `json:"grade"`
	// Override is the flag of the scheme override that set the rating, if
	// any.
	Override string `json:"override,omitempty"`
	// Panel identifies the panel of a key evaluation that named one (its
	// id, seed, algorithm and members), nil otherwise.
	Panel *experts.Ref `json:"panel,omitempty"`
	// GoalVersion names the version of the project's goals the evaluation
	// judged against ([KeyEvaluation].GoalVersions); zero (and left out of
	// the JSON) when none was given: as submitted.
	GoalVersion goals.VersionRef `json:"goal_version,omitzero"`
}

// Score scores the framework with the sheets of one or more evaluators and
// the evaluation's flags. Every leaf criterion's points are averaged over
// the evaluators; the total is the exact sum of those means, rounded half up
// to Places only at the end, and rated by the Scheme, whose overrides win
// over the score when flags raise them. Bad sheets (unknown criteria or
// labels, points out of range, a leaf left unrated or rated twice) are all
// reported at once as
// [performance.Problems] with paths such as "sheets[1].ratings[3].points".
// Score does not validate the framework itself; call Validate once when
// loading it.
func (f *Framework) Score(sheets []Sheet, flags []string) (*Scorecard, error) {
	var ps performance.Problems
	if len(sheets) == 0 {
		ps.Add("no_sheets", "sheets", "没有评分表", "no scoring sheets")
		return nil, ps
	}
	leaves := make(map[string]criterionLeaf)
	for i := range f.Criteria {
		collectLeaves(&f.Criteria[i], f.Criteria[i].Scale, leaves)
	}
	sums := make(map[string]decimal.Decimal, len(leaves))
	for si, s := range sheets {
		sp := "sheets[" + strconv.Itoa(si) + "]"
		rated := make(map[string]bool, len(s.Ratings))
		for ri, r := range s.Ratings {
			rp := func() string { return sp + ".ratings[" + strconv.Itoa(ri) + "]" }
			lf, ok := leaves[r.Criterion]
			if !ok {
				ps.Add("unknown_criterion", rp()+".criterion", "未知或非末级指标："+r.Criterion,
					"unknown or non-leaf criterion "+r.Criterion)
				continue
			}
			if rated[r.Criterion] {
				ps.Add("duplicate_rating", rp()+".criterion", "指标重复评分："+r.Criterion,
					"criterion rated twice: "+r.Criterion)
				continue
			}
			rated[r.Criterion] = true
			pts, ok := lf.points(r)
			if !ok {
				switch {
				case r.Label != "" && r.Percent != nil:
					ps.Add("ambiguous_rating", rp()+".percent", "同时给出评价等级和百分制分值", "both a label and a percent given")
				case r.Percent != nil:
					ps.Add("percent_out_of_range", rp()+".percent",
						fmt.Sprintf("百分制分值 %s 超出 0 至 100", r.Percent),
						fmt.Sprintf("percent %s outside 0 to 100", r.Percent))
				case r.Label != "":
					ps.Add("unknown_label", rp()+".label", "未知评价等级："+r.Label, "unknown label "+r.Label)
				default:
					ps.Add("points_out_of_range", rp()+".points",
						fmt.Sprintf("得分 %s 超出 0 至 %s", r.Points, lf.c.Weight),
						fmt.Sprintf("points %s outside 0 to %s", r.Points, lf.c.Weight))
				}
				continue
			}
			sums[r.Criterion] = sums[r.Criterion].Add(pts)
		}
		for _, id := range sortedIDs(leaves) {
			if !rated[id] {
				ps.Add("unrated_criterion", sp+".ratings", "指标未评分："+id, "criterion not rated: "+id)
			}
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	n := decimal.NewFromInt(int64(len(sheets)))
	sc := &Scorecard{Framework: f.ID, Evaluators: len(sheets)}
	var total decimal.Decimal
	for i := range f.Criteria {
		total = total.Add(f.lines(sc, &f.Criteria[i], 1, sums, n))
	}
	sc.Exact = performance.Ratio{Num: total, Den: n}
	sc.Total = total.DivRound(n, f.Places)
	if err := f.rate(sc, flags); err != nil {
		return nil, err
	}
	return sc, nil
}

// rate sets the rating from the scheme, overrides first. The rounded total
// is graded: a report shows 90.00 for 89.995 and grades what it shows.
func (f *Framework) rate(sc *Scorecard, flags []string) error {
	b, err := f.Scheme.Grade(sc.Total, flags...)
	if err != nil {
		return fmt.Errorf("evaluation: framework %s: %w", f.ID, err)
	}
	sc.Rating, sc.Grade = b.Label, b.Grade
	for _, fl := range flags {
		for _, o := range f.Scheme.Overrides {
			if o.Flag == fl {
				sc.Override = fl
				return nil
			}
		}
	}
	return nil
}

// lines appends c's line and its sub-criteria's in pre-order, and returns the
// sum over evaluators of c's points.
func (f *Framework) lines(sc *Scorecard, c *Criterion, level int, sums map[string]decimal.Decimal, n decimal.Decimal) decimal.Decimal {
	at := len(sc.Lines)
	sc.Lines = append(sc.Lines, ScoreLine{Criterion: c.ID, Name: c.Name, Level: level, Weight: c.Weight})
	var sum decimal.Decimal
	if len(c.Sub) == 0 {
		sum = sums[c.ID]
	}
	for i := range c.Sub {
		sum = sum.Add(f.lines(sc, &c.Sub[i], level+1, sums, n))
	}
	sc.Lines[at].Exact = performance.Ratio{Num: sum, Den: n}
	sc.Lines[at].Points = sum.DivRound(n, f.Places)
	return sum
}

type criterionLeaf struct {
	c     *Criterion
	scale []Label
}

func (l criterionLeaf) points(r CriterionRating) (decimal.Decimal, bool) {
	if r.Percent != nil {
		p := *r.Percent
		if r.Label != "" || p.IsNegative() || p.GreaterThan(decimal.NewFromInt(100)) {
			return decimal.Decimal{}, false
		}
		return l.c.Weight.Mul(p).Shift(-2), true // ÷ 100, exactly
	}
	if r.Label != "" {
		for _, s := range l.scale {
			if s.Name == r.Label {
				return l.c.Weight.Mul(s.Share), true
			}
		}
		return decimal.Decimal{}, false
	}
	if r.Points.IsNegative() || r.Points.GreaterThan(l.c.Weight) {
		return decimal.Decimal{}, false
	}
	return r.Points, true
}

func collectLeaves(c *Criterion, scale []Label, out map[string]criterionLeaf) {
	if len(c.Scale) > 0 {
		scale = c.Scale
	}
	if len(c.Sub) == 0 {
		out[c.ID] = criterionLeaf{c: c, scale: scale}
		return
	}
	for i := range c.Sub {
		collectLeaves(&c.Sub[i], scale, out)
	}
}

// ParseFramework reads a framework from JSON strictly (unknown members are
// problems with their paths, as performance.DecodeJSON reports them) and
// validates it, so that a bureau's own framework is loaded as data.
func ParseFramework(data []byte) (*Framework, error) {
	var f Framework
	if err := performance.DecodeJSON(data, &f); err != nil {
		return nil, fmt.Errorf("evaluation: framework: %w", err)
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("evaluation: framework %s: %w", f.ID, err)
	}
	return &f, nil
}
