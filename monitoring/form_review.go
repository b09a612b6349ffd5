package monitoring

import (
	"fmt"
	"slices"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// FormPolicy is how the bureau reviews monitoring forms ([Monitor.ReviewForms]).
// The zero value is [DefaultFormPolicy]'s: every zero field takes its
// default.
type FormPolicy struct {
	// CatchUp bounds the pace a projection may assume: a cumulative
	// indicator whose projected year-end value needs the rest of the year
	// to run more than CatchUp times as fast as the year so far is flagged
	// "projection_optimistic". Zero means 2. Illustrative: 财预〔2019〕136号
	// asks for a projection of the whole year's completion but sets no
	// bound.
	CatchUp decimal.Decimal `json:"catch_up"`
	// ExecutedTolerance is how far, in yuan, the execution a form states
	// may differ from the ledger's before it is flagged
	// "executed_mismatch". Zero means exact.
	ExecutedTolerance decimal.Decimal `json:"executed_tolerance"`
	// Matrix is the double-monitoring result (双监控结果): the
	// recommendation for each pair of execution level (from the check) and
	// goal outlook (from the form). Empty means [DefaultFormMatrix]. A
	// pair the matrix lacks gets RecommendNone and the finding "no_rule".
	Matrix []FormRule `json:"matrix,omitempty"`
}

// A FormRule is one cell of the double-monitoring matrix: what to
// recommend for a project at execution level Level whose goals have
// outlook Outlook.
type FormRule struct {
	Level          Level          `json:"level"`
	Outlook        Outlook        `json:"outlook"`
	Recommendation Recommendation `json:"recommendation"`
}

// DefaultFormMatrix returns the default double-monitoring matrix, a new
// copy each call. Illustrative, after the consequences 财预〔2019〕136号
// names for what monitoring finds (correct deviations in time; adjust
// goals through the adjustment procedure; suspend or stop disbursement
// for serious problems; recover funds that cannot be used): with
// execution not red (none, green, yellow), goals on track or at risk
// continue (the at-risk ones with the corrective measures stated) and
// unattainable goals are adjusted; with execution red, goals on track
// continue (the check's own steps act on the lag), goals at risk suspend
// disbursement and unattainable goals recover the funds.
func DefaultFormMatrix() []FormRule {
	var m []FormRule
	for _, lv := range []Level{LevelNone, Green, Yellow} {
		m = append(m,
			FormRule{lv, OutlookOnTrack, RecommendContinue},
			FormRule{lv, OutlookAtRisk, RecommendContinue},
			FormRule{lv, OutlookUnattainable, RecommendAdjustGoals})
	}
	return append(m,
		FormRule{Red, OutlookOnTrack, RecommendContinue},
		FormRule{Red, OutlookAtRisk, RecommendSuspend},
		FormRule{Red, OutlookUnattainable, RecommendRecover})
}

// DefaultFormPolicy returns the default form review policy: catch-up 2,
// exact execution, the [DefaultFormMatrix].
func DefaultFormPolicy() FormPolicy {
	return FormPolicy{CatchUp: decimal.NewFromInt(2), Matrix: DefaultFormMatrix()}
}

// Validate reports a negative catch-up or tolerance and matrix cells that
// repeat a pair or name an outlook of none, as [performance.Problems] with
// paths ("matrix[3].outlook").
func (p FormPolicy) Validate() error {
	var ps performance.Problems
	if p.CatchUp.IsNegative() {
		ps.Add("negative", "catch_up", "追赶倍数不能为负", "catch_up must not be negative")
	}
	if p.ExecutedTolerance.IsNegative() {
		ps.Add("negative", "executed_tolerance", "执行数容差不能为负", "executed_tolerance must not be negative")
	}
	seen := map[FormRule]bool{}
	for i, r := range p.Matrix {
		path := fmt.Sprintf("matrix[%d]", i)
		if r.Outlook == OutlookNone {
			ps.Add("bad_outlook", path+".outlook", "矩阵单元须指明目标预期", "a cell must name an outlook")
		}
		k := FormRule{Level: r.Level, Outlook: r.Outlook}
		if seen[k] {
			ps.Add("duplicate_cell", path, "执行等级与目标预期重复: "+r.Level.String()+"/"+r.Outlook.String(),
				"the level and outlook repeat an earlier cell: "+r.Level.String()+"/"+r.Outlook.String())
		}
		seen[k] = true
	}
	return ps.Err()
}

// A FormLine is the review of one indicator of a form.
type FormLine struct {
	// Indicator (ID or name), Name and Target come from the tree.
	Indicator string       `json:"indicator"`
	Name      string       `json:"name"`
	Target    goals.Target `json:"target"`
	// Cumulative marks a count or amount that accrues over the year, as
	// in [IndicatorProgress].
	Cumulative bool `json:"cumulative"`
	// Actual, Projected, Likelihood, Cause and Measure are the form's.
	Actual     decimal.NullDecimal `json:"actual"`
	Projected  decimal.NullDecimal `json:"projected"`
	Likelihood Likelihood          `json:"likelihood"`
	Cause      Cause               `json:"cause,omitempty"`
	Measure    string              `json:"measure,omitempty"`
	// Deviating marks an indicator that deviates from its goal; Deviations
	// say why: "likelihood" (not 确定能), "projected_misses_target", "behind"
	// (a cumulative actual more than the policy's GoalGap points behind the
	// share of the target expected by the form's date).
	Deviating  bool     `json:"deviating"`
	Deviations []string `json:"deviations,omitempty"`
	// Findings are what the review finds wrong with the line, as codes:
	// "not_reported", "likelihood_missing", "projection_missing",
	// "cause_missing", "cause_note_missing", "measure_missing",
	// "projection_below_actual", "likelihood_contradicts_projection",
	// "projection_optimistic".
	Findings []string `json:"findings,omitempty"`
}

// A FormResult is the bureau's review of one project's form and the
// double-monitoring result (双监控结果) combining it with the check's
// execution figures.
type FormResult struct {
	ProjectID string    `json:"project_id"`
	Name      string    `json:"name"`
	UnitID    string    `json:"unit_id"`
	AsOf      time.Time `json:"as_of"`
	// Level, Rate, Expected and Executed are the check's (the ledger's
	// figures); StatedExecuted is the form's.
	Level          Level               `json:"level"`
	Rate           performance.Ratio   `json:"rate"`
	Expected       performance.Ratio   `json:"expected"`
	Executed       decimal.Decimal     `json:"executed"`
	StatedExecuted decimal.NullDecimal `json:"stated_executed"`
	// Lines follow the tree's indicator order.
	Lines []FormLine `json:"lines"`
	// Outlook is the worst line: unattainable when a line's likelihood is
	// 完全不可能, at risk when a line deviates, else on track.
	Outlook Outlook `json:"outlook"`
	// Recommendation is the policy matrix's for (Level, Outlook).
	Recommendation Recommendation `json:"recommendation"`
	// Findings are the project's findings as codes: "executed_mismatch",
	// "no_rule".
	Findings []string `json:"findings,omitempty"`
	// Passed is true when neither the project nor any line has a finding.
	Passed bool `json:"passed"`
}

// A FormTally counts a review's results.
type FormTally struct {
	Reviewed    int `json:"reviewed"`
	Passed      int `json:"passed"`
	Continue    int `json:"continue"`
	AdjustGoals int `json:"adjust_goals"`
	Suspend     int `json:"suspend"`
	Recover     int `json:"recover"`
}

// A FormReview is the bureau's review of the monitoring forms of one check
// (监控表审核).
type FormReview struct {
	AsOf time.Time `json:"as_of"`
	// Projects holds every reviewed form, by project ID.
	Projects []FormResult `json:"projects"`
	// Missing lists the monitored projects with goals but no form
	// (未报送监控表), sorted.
	Missing []string  `json:"missing"`
	Tally   FormTally `json:"tally"`
	// Problems lists forms and lines left out, with stable codes and paths
	// ("forms[2].indicators[0].indicator").
	Problems performance.Problems `json:"problems,omitempty"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the review ran outside package
	// policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// ReviewForms reviews the units' monitoring forms as of the check rep
// (财预〔2019〕136号's 绩效监控情况表) against the projects' goals (trees
// keyed by project ID) and combines each with the check's execution
// figures into the double-monitoring result. The rules, for each line:
//
//   - a line deviates when its likelihood is not 确定能, when its projected
//     year-end value misses a quantitative target, or when a cumulative
//     actual (as [Monitor.Goals] defines cumulative) is more than the
//     policy's GoalGap points behind the share of the target the project's
//     schedule expects by now;
//   - every deviating line must state a cause and a corrective measure
//     (136号: the cause of a deviation and the measures to be taken), and a
//     cause of 其他 a note;
//   - projections must agree with progress: a cumulative projection may
//     not be below the actual to date; 确定能 with a projection that misses
//     the target, or 完全不可能 with one that meets it, contradicts itself;
//     and a cumulative projection may not need the rest of the year to run
//     more than fp.CatchUp times as fast as the year so far: with e the
//     expected share, a the actual and p the projection, flagged when
//     (p − a)·e > CatchUp·a·(1 − e) (at the year end, when p > a);
//   - an indicator of the tree without a line is "not_reported".
//
// A project's outlook is its worst line, and its recommendation the
// policy matrix's cell for (execution level, outlook). The stated
// execution is compared with the ledger's, within fp.ExecutedTolerance.
//
// Forms of another date than rep.AsOf, without a project ID, of projects
// not in the check or without goals, a second form of one project, lines
// of unknown indicators and a second line of one indicator are listed in
// Problems and left out; they never stop the others. Linear in the forms'
// lines and the trees' indicators.
func (m *Monitor) ReviewForms(rep *Report, trees map[string]*goals.Tree, forms []Form, fp FormPolicy) *FormReview {
	def := DefaultFormPolicy()
	if fp.CatchUp.IsZero() {
		fp.CatchUp = def.CatchUp
	}
	if len(fp.Matrix) == 0 {
		fp.Matrix = def.Matrix
	}
	cells := make(map[FormRule]Recommendation, len(fp.Matrix))
	for _, c := range fp.Matrix {
		k := FormRule{Level: c.Level, Outlook: c.Outlook}
		if _, dup := cells[k]; !dup {
			cells[k] = c.Recommendation
		}
	}
	asOf := civil(rep.AsOf)
	rv := &FormReview{AsOf: asOf, Projects: []FormResult{}, Missing: []string{}}
	seen := map[string]bool{}
	for i, f := range forms {
		path := fmt.Sprintf("forms[%d]", i)
		st, ok := rep.Status(f.ProjectID)
		switch {
		case f.ProjectID == "":
			rv.Problems.Add("missing_project_id", path+".project_id", "监控表缺少项目编号", "the form has no project ID")
			continue
		case dayKey(f.AsOf) != dayKey(asOf):
			rv.Problems.Add("other_date", path+".as_of", "监控表日期与本次监控日期不符: "+civil(f.AsOf).Format(time.DateOnly),
				"the form is dated "+civil(f.AsOf).Format(time.DateOnly)+", not the check's date")
			continue
		case !ok:
			rv.Problems.Add("unknown_project", path+".project_id", "未监控该项目: "+f.ProjectID, "the project is not monitored: "+f.ProjectID)
			continue
		case trees[f.ProjectID] == nil:
			rv.Problems.Add("no_goals", path+".project_id", "没有该项目的绩效目标: "+f.ProjectID, "no goals for project "+f.ProjectID)
			continue
		case seen[f.ProjectID]:
			rv.Problems.Add("duplicate_form", path+".project_id", "同一项目重复报送监控表: "+f.ProjectID, "a second form for project "+f.ProjectID)
			continue
		}
		seen[f.ProjectID] = true
		res := m.reviewForm(path, st, trees[f.ProjectID], f, fp, &rv.Problems)
		rec, ok := cells[FormRule{Level: res.Level, Outlook: res.Outlook}]
		if !ok {
			res.Findings = append(res.Findings, "no_rule")
		}
		res.Recommendation = rec
		res.Passed = len(res.Findings) == 0
		for _, l := range res.Lines {
			res.Passed = res.Passed && len(l.Findings) == 0
		}
		rv.Projects = append(rv.Projects, res)
	}
	slices.SortFunc(rv.Projects, func(a, b FormResult) int {
		if a.ProjectID < b.ProjectID {
			return -1
		}
		if a.ProjectID > b.ProjectID {
			return 1
		}
		return 0
	})
	for _, s := range rep.Projects {
		if trees[s.ProjectID] != nil && !seen[s.ProjectID] {
			rv.Missing = append(rv.Missing, s.ProjectID)
		}
	}
	for _, p := range rv.Projects {
		rv.Tally.Reviewed++
		if p.Passed {
			rv.Tally.Passed++
		}
		switch p.Recommendation {
		case RecommendContinue:
			rv.Tally.Continue++
		case RecommendAdjustGoals:
			rv.Tally.AdjustGoals++
		case RecommendSuspend:
			rv.Tally.Suspend++
		case RecommendRecover:
			rv.Tally.Recover++
		}
	}
	sortProblems(rv.Problems)
	return rv
}

// reviewForm reviews one form of a monitored project with goals.
func (m *Monitor) reviewForm(path string, st Status, t *goals.Tree, f Form, fp FormPolicy, ps *performance.Problems) FormResult {
	res := FormResult{ProjectID: st.ProjectID, Name: st.Name, UnitID: st.UnitID, AsOf: civil(f.AsOf),
		Level: st.Level, Rate: st.Rate, Expected: st.Expected, Executed: st.Executed, StatedExecuted: f.Executed,
		Lines: []FormLine{}, Outlook: OutlookOnTrack}
	if f.Executed.Valid && f.Executed.Decimal.Sub(st.Executed).Abs().GreaterThan(fp.ExecutedTolerance) {
		res.Findings = append(res.Findings, "executed_mismatch")
	}
	ids := indicatorIDs(t)
	lines := make(map[string]int, len(f.Indicators))
	for j, fi := range f.Indicators {
		lp := fmt.Sprintf("%s.indicators[%d].indicator", path, j)
		if fi.Indicator == "" || !ids[fi.Indicator] {
			ps.Add("unknown_indicator", lp, "项目没有该指标: "+fi.Indicator, "the project has no indicator "+fi.Indicator)
			continue
		}
		if _, dup := lines[fi.Indicator]; dup {
			ps.Add("duplicate_indicator", lp, "同一指标重复填报: "+fi.Indicator, "a second line for indicator "+fi.Indicator)
			continue
		}
		lines[fi.Indicator] = j
	}
	gap := m.policy.GoalGap.Shift(-2)
	for _, ind := range t.Indicators {
		id := ind.ID
		if id == "" {
			id = ind.Name
		}
		tg := ind.Target
		l := FormLine{Indicator: id, Name: ind.Name, Target: tg,
			Cumulative: (tg.Op == goals.AtLeast || tg.Op == goals.Above) && tg.Quantitative() && tg.Unit != "%" && tg.Value.Sign() > 0}
		j, ok := lines[id]
		if !ok {
			l.Findings = []string{"not_reported"}
			res.Lines = append(res.Lines, l)
			continue
		}
		fi := f.Indicators[j]
		l.Actual, l.Projected, l.Likelihood, l.Cause, l.Measure = fi.Actual, fi.Projected, fi.Likelihood, fi.Cause, fi.Measure
		reviewLine(&l, fi, st.Expected, gap, fp.CatchUp)
		switch {
		case l.Likelihood == Impossible:
			res.Outlook = OutlookUnattainable
		case l.Deviating && res.Outlook == OutlookOnTrack:
			res.Outlook = OutlookAtRisk
		}
		res.Lines = append(res.Lines, l)
	}
	return res
}

// reviewLine sets a line's deviations and findings; e is the share of the
// year's target expected by the form's date, gap the goal gap as a
// fraction, catchUp the policy's bound.
func reviewLine(l *FormLine, fi FormIndicator, e performance.Ratio, gap, catchUp decimal.Decimal) {
	tg := l.Target
	quant := tg.Quantitative() && !tg.IsDeadline()
	a, p := fi.Actual, fi.Projected
	if l.Likelihood == Possible || l.Likelihood == Impossible {
		l.Deviations = append(l.Deviations, "likelihood")
	}
	if quant && p.Valid && !meets(tg, p.Decimal) {
		l.Deviations = append(l.Deviations, "projected_misses_target")
	}
	// actual/target < e − gap  ⇔  a·d < (n − gap·d)·target, as in Goals.
	if l.Cumulative && a.Valid && e.Valid() && a.Decimal.Mul(e.Den).LessThan(e.Num.Sub(gap.Mul(e.Den)).Mul(tg.Value)) {
		l.Deviations = append(l.Deviations, "behind")
	}
	l.Deviating = len(l.Deviations) > 0
	find := func(code string) { l.Findings = append(l.Findings, code) }
	if l.Likelihood == LikelihoodUnknown {
		find("likelihood_missing")
	}
	if quant && !p.Valid {
		find("projection_missing")
	}
	if l.Deviating && fi.Cause == CauseNone {
		find("cause_missing")
	}
	if fi.Cause == CauseOther && fi.CauseNote == "" {
		find("cause_note_missing")
	}
	if l.Deviating && fi.Measure == "" {
		find("measure_missing")
	}
	if l.Cumulative && a.Valid && p.Valid && p.Decimal.LessThan(a.Decimal) {
		find("projection_below_actual")
	}
	if quant && p.Valid {
		ok := meets(tg, p.Decimal)
		if l.Likelihood == Certain && !ok || l.Likelihood == Impossible && ok {
			find("likelihood_contradicts_projection")
		}
	}
	// (p − a)·e > catchUp·a·(1 − e) with e = n/d: (p − a)·n > catchUp·a·(d − n).
	if l.Cumulative && a.Valid && p.Valid && e.Valid() && e.Num.Sign() > 0 && l.Likelihood != Impossible &&
		p.Decimal.Sub(a.Decimal).Mul(e.Num).GreaterThan(catchUp.Mul(a.Decimal).Mul(e.Den.Sub(e.Num))) {
		find("projection_optimistic")
	}
}
