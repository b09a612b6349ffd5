package monitoring

import (
	"fmt"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A GoalReport is a unit's report of one indicator's actual to date
// (绩效目标完成情况): the second half of double monitoring.
type GoalReport struct {
	// ProjectID is the project reported on.
	ProjectID string `json:"project_id"`
	// Indicator is the indicator's ID, or its name when it has no ID.
	Indicator string `json:"indicator"`
	// Date is the date the actual is reported as of.
	Date time.Time `json:"date"`
	// Value is the actual to date in Unit; empty Unit means the target's.
	// Money in 万元 or 亿元 is converted to yuan.
	Value decimal.NullDecimal `json:"value"`
	Unit  string              `json:"unit,omitempty"`
	// Done is the completion date of a deadline indicator; zero if not done.
	Done time.Time `json:"done,omitzero"`
}

// GoalStatus says whether an indicator is on track. The zero value
// GoalNotAssessed means it cannot be judged in-year (a qualitative target).
type GoalStatus uint8

const (
	// GoalNotAssessed: qualitative, judged at evaluation (未评估).
	GoalNotAssessed GoalStatus = iota
	// GoalOnTrack: on track or met (正常).
	GoalOnTrack
	// GoalAtRisk: behind, off target, or not reported (存在风险).
	GoalAtRisk
)

// String returns "not_assessed", "on_track" or "at_risk".
func (s GoalStatus) String() string { return goalTable.String(int(s), "goal_status") }

// Name returns the status in the given language.
func (s GoalStatus) Name(lang performance.Lang) string {
	return goalTable.Name(int(s), lang, "goal_status")
}

// MarshalText encodes the status as its English name.
func (s GoalStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseGoalStatus reads a status by its English name (at_risk, in any
// case) or its Chinese one (存在风险), ignoring surrounding spaces. An
// unknown value is an error wrapping [ErrUnknownName] naming the allowed
// ones.
func ParseGoalStatus(s string) (GoalStatus, error) {
	if v, ok := goalTable.Parse(s); ok {
		return v, nil
	}
	return GoalNotAssessed, enum.Errorf(ErrUnknownName, "monitoring: unknown goal status %q (%s)", s, goalTable.Want())
}

var goalTable = enum.Table[GoalStatus]{
	{V: GoalNotAssessed, Code: "not_assessed", Zh: "未评估"},
	{V: GoalOnTrack, Code: "on_track", Zh: "正常"},
	{V: GoalAtRisk, Code: "at_risk", Zh: "存在风险"},
}

// UnmarshalText decodes any form [ParseGoalStatus] accepts.
func (s *GoalStatus) UnmarshalText(b []byte) error {
	return enum.DecodeTable(s, goalTable, false, ParseGoalStatus, b)
}

// IndicatorProgress is one indicator's progress at a date (指标完成进度).
type IndicatorProgress struct {
	// ProjectID, Indicator (ID or name), Name and Target come from the tree.
	ProjectID string       `json:"project_id"`
	Indicator string       `json:"indicator"`
	Name      string       `json:"name"`
	Target    goals.Target `json:"target"`
	// Actual is the latest reported value on or before the as-of date, in
	// the target's unit; Reported is its date (zero when none).
	Actual   decimal.NullDecimal `json:"actual"`
	Reported time.Time           `json:"reported,omitzero"`
	// Cumulative marks a count or amount that accrues over the year (≥ or >
	// a number not in %): it is judged against the share of the target
	// expected by now. Others are judged against the target itself.
	Cumulative bool `json:"cumulative"`
	// Attainment is Actual ÷ Target for cumulative indicators; Expected the
	// share of the year's target expected by the as-of date (the project's
	// schedule).
	Attainment performance.Ratio `json:"attainment"`
	Expected   performance.Ratio `json:"expected"`
	Status     GoalStatus        `json:"status"`
	// Reason is why an indicator is at risk or not assessed: "behind",
	// "off_target", "deadline_missed" or "not_reported".
	Reason string `json:"reason,omitempty"`
}

// Goals is the goal half of a check (目标运行监控).
type Goals struct {
	AsOf time.Time `json:"as_of"`
	// Indicators holds every indicator, by project ID then table order.
	Indicators []IndicatorProgress `json:"indicators"`
	// AtRisk lists "project/indicator" of the indicators at risk.
	AtRisk   []string             `json:"at_risk"`
	Problems performance.Problems `json:"problems,omitempty"`
	// Versions names, by project ID, the version of the goals in force on
	// AsOf that [Monitor.GoalsAt] compared with; nil (and left out of the
	// JSON) from [Monitor.Goals]: every tree as given, as submitted.
	Versions map[string]goals.VersionRef `json:"versions,omitempty"`
}

// Goals compares each indicator's latest actual reported on or before asOf
// with its target (trees keyed by project ID):
//
//   - a cumulative indicator (≥ or > a count or amount, not in %) is at risk
//     when Actual ÷ Target falls more than the policy's GoalGap points
//     behind the share expected by asOf on the project's schedule;
//   - any other quantitative indicator (rates, ≤ costs, =, ranges) is at
//     risk when the actual to date misses the target;
//   - a deadline is at risk once passed without completion, or completed
//     late;
//   - a cumulative indicator without a report is at risk (not reported);
//     any other without a report is not assessed (reason not_reported), as
//     rates and satisfaction are often measured once a year;
//   - a qualitative indicator is not assessed in-year.
//
// Reports of unknown projects or indicators, in a unit that does not match,
// or two on the same date are listed in Problems (the larger value of a
// same-day pair is kept); they never stop the other indicators.
func (m *Monitor) Goals(asOf time.Time, trees map[string]*goals.Tree, reports []GoalReport) *Goals {
	asOf = civil(asOf)
	g := &Goals{AsOf: asOf}
	type key struct{ project, indicator string }
	latest := map[key]int{}
	known := map[string]map[string]bool{}
	k := dayKey(asOf)
	for i, r := range reports {
		path := fmt.Sprintf("goal_reports[%d]", i)
		t := trees[r.ProjectID]
		if t == nil {
			g.Problems.Add("unknown_project", path+".project_id", "没有该项目的绩效目标: "+r.ProjectID, "no goals for project "+r.ProjectID)
			continue
		}
		ids := known[r.ProjectID]
		if ids == nil { // built once per project: a lookup per report, not a scan
			ids = indicatorIDs(t)
			known[r.ProjectID] = ids
		}
		if !ids[r.Indicator] {
			g.Problems.Add("unknown_indicator", path+".indicator", "项目没有该指标: "+r.Indicator, "the project has no indicator "+r.Indicator)
			continue
		}
		if dayKey(r.Date) > k {
			continue
		}
		kk := key{r.ProjectID, r.Indicator}
		j, ok := latest[kk]
		switch {
		case !ok || dayKey(r.Date) > dayKey(reports[j].Date):
			latest[kk] = i
		case dayKey(r.Date) == dayKey(reports[j].Date):
			g.Problems.Add("duplicate_report", path, "同一日期重复报告，保留较大值", "two reports on one date; the larger value is kept")
			if r.Value.Decimal.GreaterThan(reports[j].Value.Decimal) || r.Done.After(reports[j].Done) {
				latest[kk] = i
			}
		}
	}
	pol := m.policy.GoalGap.Shift(-2)
	for _, pid := range sortedKeys(trees) {
		t := trees[pid]
		if t == nil {
			continue
		}
		sched := m.policy.Schedule
		if i, ok := m.budgetIndex(pid); ok {
			sched = m.schedule(i)
		}
		exp, err := sched.Expected(m.year, asOf)
		if err != nil {
			exp = performance.Ratio{}
		}
		for _, ind := range t.Indicators {
			id := ind.ID
			if id == "" {
				id = ind.Name
			}
			p := IndicatorProgress{ProjectID: pid, Indicator: id, Name: ind.Name, Target: ind.Target, Expected: exp}
			tg := ind.Target
			p.Cumulative = (tg.Op == goals.AtLeast || tg.Op == goals.Above) && tg.Quantitative() && tg.Unit != "%" && tg.Value.Sign() > 0
			j, reported := latest[key{pid, id}]
			var r GoalReport
			if reported {
				r = reports[j]
				p.Reported = civil(r.Date)
				v, ok := convertUnit(r, tg.Unit)
				if !ok {
					g.Problems.Add("unit_mismatch", fmt.Sprintf("goal_reports[%d].unit", j),
						"报告单位与指标值单位不一致: "+r.Unit+" / "+tg.Unit, "the reported unit does not match the target's: "+r.Unit+" / "+tg.Unit)
					reported = false
				} else {
					p.Actual = v
				}
			}
			switch {
			case tg.Op == goals.Qualitative:
				p.Status = GoalNotAssessed
			case tg.IsDeadline():
				p.Status = GoalOnTrack
				done := reported && !r.Done.IsZero()
				if done && dayKey(r.Done) > dayKey(tg.Deadline) || !done && k > dayKey(tg.Deadline) {
					p.Status, p.Reason = GoalAtRisk, "deadline_missed"
				}
			case (!reported || !p.Actual.Valid) && p.Cumulative:
				p.Status, p.Reason = GoalAtRisk, "not_reported"
			case !reported || !p.Actual.Valid:
				// A rate or cost is often measured once a year (a
				// satisfaction survey): without a report it is not judged.
				p.Status, p.Reason = GoalNotAssessed, "not_reported"
			case p.Cumulative:
				p.Attainment = performance.Ratio{Num: p.Actual.Decimal, Den: tg.Value}
				p.Status = GoalOnTrack
				// actual/target < expected − gap  ⇔  actual·d < (n − gap·d)·target
				if exp.Valid() && p.Actual.Decimal.Mul(exp.Den).LessThan(exp.Num.Sub(pol.Mul(exp.Den)).Mul(tg.Value)) {
					p.Status, p.Reason = GoalAtRisk, "behind"
				}
			default:
				p.Status = GoalOnTrack
				if !meets(tg, p.Actual.Decimal) {
					p.Status, p.Reason = GoalAtRisk, "off_target"
				}
			}
			if p.Status == GoalAtRisk {
				g.AtRisk = append(g.AtRisk, pid+"/"+id)
			}
			g.Indicators = append(g.Indicators, p)
		}
	}
	sortProblems(g.Problems)
	return g
}

// indicatorIDs returns the set of names reports may use for the tree's
// indicators: each indicator's ID, and its name when it has no ID (then ""
// matches too, as the lookup this replaces matched it).
func indicatorIDs(t *goals.Tree) map[string]bool {
	ids := make(map[string]bool, len(t.Indicators))
	for _, ind := range t.Indicators {
		ids[ind.ID] = true // "" too, when an indicator has no ID, as before
		if ind.ID == "" {
			ids[ind.Name] = true
		}
	}
	return ids
}

// convertUnit returns the report's value in the target's unit.
func convertUnit(r GoalReport, target string) (decimal.NullDecimal, bool) {
	if r.Unit == "" || !r.Value.Valid {
		return r.Value, true
	}
	u, money := goals.NormalizeUnit(r.Unit)
	if u != target {
		return decimal.NullDecimal{}, false
	}
	if money {
		switch strings.TrimSpace(r.Unit) {
		case "万元":
			return decimal.NewNullDecimal(r.Value.Decimal.Shift(4)), true
		case "亿元":
			return decimal.NewNullDecimal(r.Value.Decimal.Shift(8)), true
		}
	}
	return r.Value, true
}

// meets reports whether a value satisfies a quantitative target.
func meets(t goals.Target, v decimal.Decimal) bool {
	c := v.Cmp(t.Value)
	switch t.Op {
	case goals.AtLeast:
		return c >= 0
	case goals.AtMost:
		return c <= 0
	case goals.Equal:
		return c == 0
	case goals.Above:
		return c > 0
	case goals.Below:
		return c < 0
	case goals.Range:
		return c >= 0 && v.Cmp(t.Upper) <= 0
	}
	return true
}
