package goals

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// A PriorValue is what an indicator reached last year (上年实际完成值), for
// the review's CheckPriorActual.
type PriorValue struct {
	// Indicator names the indicator by ID, or by name when it has no ID.
	Indicator string `json:"indicator"`
	// Value is last year's actual, in Unit.
	Value decimal.Decimal `json:"value"`
	// Unit is the value's unit; empty means the target's. 万元 and 亿元 are
	// converted to yuan.
	Unit string `json:"unit,omitempty"`
}

// An ExpertComment is one remark of an expert on the goals, at a path of
// the tree ("indicators[2].target"; empty for the whole tree).
type ExpertComment struct {
	Path string `json:"path,omitempty"`
	Text string `json:"text"`
}

// A ReviewExpert is one expert's judgement of the goals (专家审核意见): a
// score out of 100 and comments.
type ReviewExpert struct {
	ID       string          `json:"id"`
	Score    decimal.Decimal `json:"score"`
	Comments []ExpertComment `json:"comments,omitempty"`
}

// A ReviewInput is what the bureau reviews of one project's goals: the tree
// as submitted, the project's category (for its core indicators), last
// year's actuals, the cost estimate and the experts' judgements, each
// optional but the tree.
type ReviewInput struct {
	ProjectID string `json:"project_id"`
	// Category is the project's category (项目类别), whose core indicators
	// the review looks for.
	Category string `json:"category,omitempty"`
	// Tree is the goals as submitted.
	Tree *Tree `json:"tree"`
	// Prior lists last year's actuals.
	Prior []PriorValue `json:"prior,omitempty"`
	// CostLines are the project's cost estimate (明细测算).
	CostLines []performance.CostLine `json:"cost_lines,omitempty"`
	// Experts are the experts' judgements.
	Experts []ReviewExpert `json:"experts,omitempty"`
	// Panel, when not nil, is the panel of experts that reviews the goals
	// (drawn by package experts, whose Panel.Ref gives it, or supplied):
	// only its members may give judgements. Nil accepts any expert.
	Panel *performance.PanelRef `json:"panel,omitempty"`
}

// A ReviewFinding is one finding of a goal review (审核意见): the check
// that found it, a stable code, the path in the reviewed tree and the
// message, with the points it cost.
type ReviewFinding struct {
	Check     string           `json:"check"`
	Code      string           `json:"code"`
	Path      string           `json:"path"`
	Message   performance.Text `json:"message"`
	Deduction decimal.Decimal  `json:"deduction"`
	// Fails reports that the finding fails the review whatever the score.
	Fails bool `json:"fails,omitempty"`
}

// A Review is the result of a goal review (绩效目标审核结果, 财预〔2015〕88号
// 第二十五条): the score, the grade of the rules' scale, whether the goals
// pass on to the budget, and every finding.
//
// Score = the experts' mean score (100 when no expert scored) − the
// findings' deductions, never below 0, rounded half away from zero to two
// places. The grade is the first of the scale whose Min the score reaches,
// or the lowest when a finding fails the review.
type Review struct {
	ProjectID string `json:"project_id"`
	// Rules is the version of the rules applied.
	Rules string `json:"rules"`
	// ExpertScore is the experts' mean score, nil when none scored.
	ExpertScore *decimal.Decimal `json:"expert_score,omitempty"`
	// Deducted is the sum of the findings' deductions.
	Deducted decimal.Decimal `json:"deducted"`
	Score    decimal.Decimal `json:"score"`
	// Grade is the grade's code, GradeName its name.
	Grade     string           `json:"grade"`
	GradeName performance.Text `json:"grade_name"`
	Pass      bool             `json:"pass"`
	// Panel is the panel the input named, with its draw's seed and
	// algorithm and its members, nil when it named none.
	Panel *performance.PanelRef `json:"panel,omitempty"`
	// Findings are in check order (the order of ReviewRules' checks), each
	// check's in tree order.
	Findings []ReviewFinding `json:"findings"`
}

// Reason returns why the review blocks funding, for a gate: the grade and
// the findings' codes, or the empty Text when it passes.
func (r *Review) Reason() performance.Text {
	if r.Pass {
		return performance.Text{}
	}
	return performance.Text{
		ZH: fmt.Sprintf("绩效目标审核结果为“%s”（%s 分，%d 条审核意见），不予安排预算", r.GradeName.In(performance.LangZH), r.Score, len(r.Findings)),
		EN: fmt.Sprintf("goal review graded %s (score %s, %d findings): not fundable", r.GradeName.In(performance.LangEN), r.Score, len(r.Findings)),
	}
}

// Review reviews one project's goals under the rules (绩效目标审核): every
// check the rules list, in their order, over the tree, last year's actuals,
// the core indicators of the project's category in core (nil: none, so
// CheckCoreValue and CheckCoreMissing find nothing), the cost estimate and
// the experts' judgements. Custom scoring expressions of the tree are
// compiled with opts (see [Tree.Validate]).
//
// The rules are validated first; invalid rules give a nil Review and their
// [performance.Problems]. Otherwise the Review is complete, and problems of
// the input itself — a prior value naming no indicator of the tree or in
// another unit, an expert's score outside [0, 100], a judgement by an
// expert not on the input's panel (code [performance.CodeNotOnPanel]) — are
// returned beside it as [performance.Problems] with paths
// ("prior[1].indicator", "experts[0].score", "experts[2].id"); the item is
// left out of the review (a non-member's score and comments both), never
// the others. A missing tree is a structure finding, not an error. The
// Review carries the input's panel.
//
// The work is linear in the tree, the prior values, the cost lines, the
// core indicators, the comments, the experts and the panel's members.
func (r *ReviewRules) Review(in *ReviewInput, core *Library, opts ...rules.Option) (*Review, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("goals: review rules: %w", err)
	}
	if in == nil {
		in = &ReviewInput{}
	}
	rv := &Review{ProjectID: in.ProjectID, Rules: r.Version, Findings: []ReviewFinding{}}
	var input performance.Problems
	rc := reviewer{r: r, in: in, rv: rv, input: &input}
	if in.Tree != nil {
		rc.index = indicatorIndex(in.Tree)
	}
	rc.seated = rc.members()
	for _, c := range r.Checks {
		rc.c = c
		switch c.Code {
		case CheckStructure:
			rc.structure(opts)
		case CheckLevels:
			rc.levels()
		case CheckQuantitative:
			rc.quantitative()
		case CheckMeasurable:
			rc.measurable()
		case CheckPriorActual:
			rc.priorActual()
		case CheckCoreValue:
			rc.coreValue(core)
		case CheckCoreMissing:
			rc.coreMissing(core)
		case CheckCostEstimate:
			rc.costEstimate()
		case CheckExperts:
			rc.comments()
		}
	}
	base := hundred
	if m, ok := rc.expertMean(); ok {
		rv.ExpertScore = &m
		base = m
	}
	failed := false
	for i := range rv.Findings {
		rv.Deducted = rv.Deducted.Add(rv.Findings[i].Deduction)
		failed = failed || rv.Findings[i].Fails
	}
	rv.Score = base.Sub(rv.Deducted)
	if rv.Score.IsNegative() {
		rv.Score = decimal.Zero
	}
	rv.Score = rv.Score.Round(2)
	g := r.grade(rv.Score, failed)
	rv.Grade, rv.GradeName, rv.Pass = g.Code, g.Name, g.Pass
	return rv, input.Err()
}

// reviewer is the state of one review.
type reviewer struct {
	r     *ReviewRules
	in    *ReviewInput
	rv    *Review
	input *performance.Problems
	c     ReviewCheck
	index map[string]int // indicator ID and name → first index
	// seated[j] reports whether experts[j]'s judgement counts: it is by a
	// member of the input's panel, or the input names no panel.
	seated []bool
}

// members checks the experts' judgements against the input's panel,
// reporting each by a non-member as an input problem, and records the
// panel on the review.
func (rc *reviewer) members() []bool {
	seated := make([]bool, len(rc.in.Experts))
	p := rc.in.Panel
	var on map[string]bool
	if p != nil {
		ref := *p
		ref.Experts = slices.Clone(p.Experts)
		rc.rv.Panel = &ref
		on = make(map[string]bool, len(p.Experts))
		for _, id := range p.Experts {
			on[id] = true
		}
	}
	for j, e := range rc.in.Experts {
		if p != nil && !on[e.ID] {
			rc.input.Add(performance.CodeNotOnPanel, "experts["+strconv.Itoa(j)+"].id",
				"审核专家不在专家组："+e.ID, "the expert is not on the panel: "+e.ID)
			continue
		}
		seated[j] = true
	}
	return seated
}

// indicatorIndex maps each indicator's ID and name to its first index.
func indicatorIndex(t *Tree) map[string]int {
	m := make(map[string]int, 2*len(t.Indicators))
	for i := range t.Indicators {
		in := &t.Indicators[i]
		for _, k := range [...]string{in.ID, in.Name} {
			if _, ok := m[k]; !ok && k != "" {
				m[k] = i
			}
		}
	}
	return m
}

func (rc *reviewer) add(code, path, zh, en string) {
	rc.rv.Findings = append(rc.rv.Findings, ReviewFinding{Check: rc.c.Code, Code: code, Path: path,
		Message: performance.Text{ZH: zh, EN: en}, Deduction: rc.c.Deduction, Fails: rc.c.Fails})
}

func (rc *reviewer) tree() []Indicator {
	if rc.in.Tree == nil {
		return nil
	}
	return rc.in.Tree.Indicators
}

func (rc *reviewer) structure(opts []rules.Option) {
	if rc.in.Tree == nil {
		rc.add("no_goals", "tree", "未设定绩效目标", "no performance goals")
		return
	}
	if err := rc.in.Tree.Validate(opts...); err != nil {
		for _, p := range performance.ProblemsOf(err).Prefix("tree") {
			rc.add(p.Code, p.Path, p.Message.ZH, p.Message.EN)
		}
	}
}

// tpath is the path of a field of indicator i of the reviewed tree.
func tpath(i int, field string) string { return "tree." + ipath(i, field) }

func (rc *reviewer) levels() {
	has := make([]bool, len(level1Table))
	for i := range rc.tree() {
		if k := rc.tree()[i].Level1; k.Valid() {
			has[k] = true
		}
	}
	for _, k := range rc.r.requiredLevel1() {
		if k.Valid() && !has[k] {
			rc.add("missing_level1_kind", "tree.indicators", "缺少"+k.Name(performance.LangZH), "no "+k.Name(performance.LangEN)+" indicator")
		}
	}
}

func (rc *reviewer) quantitative() {
	used, quant := make([]bool, len(level2Table)), make([]bool, len(level2Table))
	for _, in := range rc.tree() {
		if in.Level1 != Output || !in.Level2.Valid() {
			continue
		}
		used[in.Level2] = true
		if in.Target.Quantitative() || in.Level2 == Timeliness && in.Target.IsDeadline() {
			quant[in.Level2] = true
		}
	}
	for _, k := range rc.r.quantitativeKinds() {
		if k.Valid() && used[k] && !quant[k] {
			rc.add("no_quantitative", "tree.indicators",
				k.Name(performance.LangZH)+"没有定量指标", "no quantitative "+k.Name(performance.LangEN)+" indicator")
		}
	}
}

func (rc *reviewer) measurable() {
	for i, in := range rc.tree() {
		tg := in.Target
		switch {
		case in.Level1 == Output && tg.Op == Qualitative:
			rc.add("not_measurable", tpath(i, ".target"),
				fmt.Sprintf("产出指标“%s”的指标值为定性表述，无法衡量", in.Name),
				fmt.Sprintf("output indicator %q has a qualitative target, which cannot be measured", in.Name))
		case (tg.Op == AtLeast || tg.Op == Above) && tg.Quantitative() && !tg.Value.IsPositive():
			rc.add("not_measurable", tpath(i, ".target"),
				fmt.Sprintf("指标“%s”的指标值 %s 任何结果都能达到", in.Name, tg),
				fmt.Sprintf("indicator %q: target %s is met by any result", in.Name, tg))
		}
	}
}

// laxer reports whether target t asks less than value v (in t's unit): a
// ≥ or > target below v, a ≤ or < target above it. Other operators are
// not compared.
func laxer(t Target, v decimal.Decimal) bool {
	switch t.Op {
	case AtLeast, Above:
		return t.Value.LessThan(v)
	case AtMost, Below:
		return t.Value.GreaterThan(v)
	}
	return false
}

func (rc *reviewer) priorActual() {
	for j, p := range rc.in.Prior {
		path := "prior[" + strconv.Itoa(j) + "]"
		i, ok := rc.index[p.Indicator]
		if !ok {
			rc.input.Add("unknown_indicator", path+".indicator", fmt.Sprintf("目标中没有指标 %q", p.Indicator),
				fmt.Sprintf("no indicator %q in the goals", p.Indicator))
			continue
		}
		in := rc.tree()[i]
		if !in.Target.Quantitative() {
			continue
		}
		shift, ok := unitShift(p.Unit, in.Target.Unit)
		if !ok {
			rc.input.Add("unit_mismatch", path+".unit", fmt.Sprintf("单位“%s”与指标值单位“%s”不一致", p.Unit, in.Target.Unit),
				fmt.Sprintf("unit %q differs from the target's %q", p.Unit, in.Target.Unit))
			continue
		}
		v := p.Value.Shift(shift)
		if laxer(in.Target, v) {
			rc.add("below_prior_actual", tpath(i, ".target"),
				fmt.Sprintf("指标“%s”的指标值 %s 低于上年实际完成值 %s%s", in.Name, in.Target, v, in.Target.Unit),
				fmt.Sprintf("indicator %q: target %s asks less than last year's actual %s%s", in.Name, in.Target, v, in.Target.Unit))
		}
	}
}

func (rc *reviewer) coreValue(core *Library) {
	if core == nil {
		return
	}
	for _, d := range core.Core(rc.in.Category) {
		if d.Target == nil || !d.Target.Quantitative() {
			continue
		}
		i, ok := rc.match(d)
		if !ok {
			continue
		}
		in := rc.tree()[i]
		if !in.Target.Quantitative() {
			continue
		}
		if in.Target.Unit != d.Target.Unit {
			rc.add("core_unit_mismatch", tpath(i, ".target.unit"),
				fmt.Sprintf("指标“%s”的单位“%s”与核心指标单位“%s”不一致", in.Name, in.Target.Unit, d.Target.Unit),
				fmt.Sprintf("indicator %q: unit %q differs from the core indicator's %q", in.Name, in.Target.Unit, d.Target.Unit))
			continue
		}
		if laxer(in.Target, d.Target.Value) || d.Target.Op == Equal && (in.Target.Op == AtLeast || in.Target.Op == Above) && in.Target.Value.LessThan(d.Target.Value) {
			rc.add("below_core_value", tpath(i, ".target"),
				fmt.Sprintf("指标“%s”的指标值 %s 低于核心指标值 %s（%s）", in.Name, in.Target, d.Target, d.Source),
				fmt.Sprintf("indicator %q: target %s asks less than the core value %s (%s)", in.Name, in.Target, d.Target, d.Source))
		}
	}
}

// match finds the tree's indicator for a core definition: by ID, else by
// name.
func (rc *reviewer) match(d Definition) (int, bool) {
	if i, ok := rc.index[d.ID]; ok {
		return i, true
	}
	i, ok := rc.index[d.Name]
	return i, ok
}

func (rc *reviewer) coreMissing(core *Library) {
	if core == nil || rc.in.Tree == nil {
		return
	}
	for _, d := range core.Core(rc.in.Category) {
		if _, ok := rc.match(d); !ok {
			rc.add("missing_core", "tree.indicators",
				fmt.Sprintf("%s项目缺少核心指标“%s”（%s，%s）", rc.in.Category, d.Name, d.ID, d.Source),
				fmt.Sprintf("a %s project lacks the core indicator %q (%s, %s)", rc.in.Category, d.Name, d.ID, d.Source))
		}
	}
}

func (rc *reviewer) costEstimate() {
	if len(rc.in.CostLines) == 0 {
		return
	}
	var total decimal.Decimal
	lines := make(map[string]int, len(rc.in.CostLines))
	for j, l := range rc.in.CostLines {
		total = total.Add(l.Amount)
		if _, ok := lines[l.Item]; !ok {
			lines[l.Item] = j
		}
	}
	for i, in := range rc.tree() {
		tg := in.Target
		if in.Level2 != OutputCost && in.Level1 != Cost || !tg.Quantitative() || tg.Unit != "元" {
			continue
		}
		if j, ok := lines[in.Name]; ok {
			if amt := rc.in.CostLines[j].Amount; !tg.Value.Equal(amt) {
				rc.add("cost_line_mismatch", tpath(i, ".target"),
					fmt.Sprintf("成本指标“%s”的指标值 %s 与测算明细 cost_lines[%d] 的金额 %s元 不一致", in.Name, tg, j, amt),
					fmt.Sprintf("cost indicator %q: target %s differs from cost_lines[%d]'s amount %s元", in.Name, tg, j, amt))
			}
			continue
		}
		if tg.Value.GreaterThan(total) {
			rc.add("cost_above_estimate", tpath(i, ".target"),
				fmt.Sprintf("成本指标“%s”的指标值 %s 高于测算总额 %s元", in.Name, tg, total),
				fmt.Sprintf("cost indicator %q: target %s is above the estimate's total %s元", in.Name, tg, total))
		}
	}
}

func (rc *reviewer) comments() {
	for j, e := range rc.in.Experts {
		if !rc.seated[j] {
			continue
		}
		for _, c := range e.Comments {
			path := "tree"
			if c.Path != "" {
				path = "tree." + c.Path
			}
			rc.add("expert_comment", path, "专家 "+e.ID+"："+c.Text, "expert "+e.ID+": "+c.Text)
		}
	}
}

// expertMean returns the mean of the experts' valid scores, rounded half
// away from zero to two places, reporting scores outside [0, 100] as input
// problems.
func (rc *reviewer) expertMean() (decimal.Decimal, bool) {
	var sum decimal.Decimal
	n := 0
	for j, e := range rc.in.Experts {
		if !rc.seated[j] {
			continue
		}
		if e.Score.IsNegative() || e.Score.GreaterThan(hundred) {
			rc.input.Add("invalid_score", "experts["+strconv.Itoa(j)+"].score",
				fmt.Sprintf("专家评分 %s 应在 0 到 100 之间", e.Score), fmt.Sprintf("score %s must be in [0, 100]", e.Score))
			continue
		}
		sum = sum.Add(e.Score)
		n++
	}
	if n == 0 {
		return decimal.Decimal{}, false
	}
	return sum.DivRound(decimal.NewFromInt(int64(n)), 2), true
}
