package goals

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// An AdjustmentRequest is a unit's request to adjust its approved goals
// in-year (绩效目标调整申请, 财预〔2015〕88号 第二十八条): when, by whom, the
// cause and reason, and the goals as they would be.
type AdjustmentRequest struct {
	ProjectID string    `json:"project_id"`
	Date      time.Time `json:"date"`
	By        string    `json:"by"`
	// Cause is the kind of special reason, one of AdjustmentRules.Causes
	// when the rules list them (such as policy_change, budget_adjustment,
	// force_majeure).
	Cause string `json:"cause,omitempty"`
	// Reason explains the request; required.
	Reason string `json:"reason"`
	// Tree is the goals as requested.
	Tree *Tree `json:"tree"`
}

// AdjustmentRules decide adjustment requests (绩效目标调整规则), as data.
// 财预〔2015〕88号 第二十八条 says goals, once set, are in general not
// adjusted, and an adjustment for a special reason is approved like a
// budget adjustment; the limits below are a bureau's choice, illustrative
// by default. The zero value requires only a reason, an approved version
// to adjust, and a real change.
type AdjustmentRules struct {
	Version string `json:"version"`
	Source  string `json:"source,omitempty"`
	// Causes are the accepted causes; empty accepts any (but a reason is
	// always required).
	Causes []string `json:"causes,omitempty"`
	// LastMonth is the last month (1–12) of the approved version's year in
	// which a request may be made; 0 means any month.
	LastMonth int `json:"last_month,omitempty"`
	// MaxAdjustments bounds the adjusted versions a history may hold; 0
	// means no bound.
	MaxAdjustments int `json:"max_adjustments,omitempty"`
	// LowerCauses are the causes for which a target may be made less
	// demanding (a ≥ target lowered, a ≤ target raised); for any other
	// cause such a change is refused. Empty refuses every lowering unless
	// AllowLowering is set.
	LowerCauses []string `json:"lower_causes,omitempty"`
	// AllowLowering lets any cause lower targets.
	AllowLowering bool `json:"allow_lowering,omitempty"`
	// KeepIndicators refuses a request that removes an indicator.
	KeepIndicators bool `json:"keep_indicators,omitempty"`
}

// DefaultAdjustmentRules returns illustrative rules: causes policy_change
// (政策调整), budget_adjustment (预算调整) and force_majeure (不可抗力); no
// request after October; at most two adjustments a year; targets lowered
// only for force majeure or a budget adjustment; no indicator removed.
func DefaultAdjustmentRules() AdjustmentRules {
	return AdjustmentRules{
		Version: "default-1", Source: "财预〔2015〕88号 第二十八条; limits illustrative",
		Causes:         []string{"policy_change", "budget_adjustment", "force_majeure"},
		LastMonth:      10,
		MaxAdjustments: 2,
		LowerCauses:    []string{"budget_adjustment", "force_majeure"},
		KeepIndicators: true,
	}
}

// Validate checks the rules: no_rules (nil rules), invalid_month (LastMonth outside 0–12),
// invalid_max (negative MaxAdjustments), unknown_cause (a lower cause not
// among Causes when Causes is set).
func (r *AdjustmentRules) Validate() error {
	var ps performance.Problems
	if r == nil {
		ps.Add("no_rules", "", "缺少调整规则", "no adjustment rules")
		return ps
	}
	if r.LastMonth < 0 || r.LastMonth > 12 {
		ps.Add("invalid_month", "last_month", "月份应在 0 到 12 之间", "last month must be in 0–12")
	}
	if r.MaxAdjustments < 0 {
		ps.Add("invalid_max", "max_adjustments", "调整次数上限不能为负", "max adjustments must not be negative")
	}
	for i, c := range r.LowerCauses {
		if len(r.Causes) > 0 && !slices.Contains(r.Causes, c) {
			ps.Add("unknown_cause", "lower_causes["+strconv.Itoa(i)+"]", fmt.Sprintf("原因 %q 不在 causes 中", c),
				fmt.Sprintf("cause %q is not among causes", c))
		}
	}
	return ps.Err()
}

// ErrNoRequest is returned (wrapped) by [AdjustmentRules.Decide] for a nil
// request.
var ErrNoRequest = errors.New("goals: no adjustment request")

// An AdjustmentDecision is the outcome of an adjustment request: approved
// or refused, every reason for a refusal (code, path, message), the
// changes requested, and when approved the new version to append.
type AdjustmentDecision struct {
	ProjectID string `json:"project_id"`
	// Rules is the version of the rules applied.
	Rules    string               `json:"rules"`
	Approved bool                 `json:"approved"`
	Refusals performance.Problems `json:"refusals,omitempty"`
	Changes  []Change             `json:"changes"`
	// Version is the adjusted version, numbered after the history's last;
	// nil when refused.
	Version *Version `json:"version,omitempty"`
}

// Decide decides req against the history vs under the rules. The rules and
// the history must be valid (their problems are the error, wrapping
// performance.ErrInvalid); every rule the request breaks is a refusal:
// not_approved (no approved version yet), missing_reason, cause_not_allowed,
// too_late (after LastMonth), date_order (dated before the last version),
// too_many (MaxAdjustments reached), no_change, target_lowered (path
// "tree.indicators[i].target"), indicator_removed, and the requested tree's
// own problems under "tree". The work is linear in the trees.
func (r *AdjustmentRules) Decide(vs *Versions, req *AdjustmentRequest, opts ...rules.Option) (*AdjustmentDecision, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("goals: adjustment rules: %w", err)
	}
	if req == nil {
		return nil, fmt.Errorf("goals: adjustment: %w", ErrNoRequest)
	}
	if err := vs.Validate(opts...); err != nil {
		return nil, fmt.Errorf("goals: versions of %s: %w", req.ProjectID, err)
	}
	d := &AdjustmentDecision{ProjectID: req.ProjectID, Rules: r.Version}
	var ps performance.Problems
	last := &vs.Versions[len(vs.Versions)-1]
	var approved *Version
	adjustments := 0
	for i := range vs.Versions {
		switch vs.Versions[i].Kind {
		case VersionApproved:
			approved = &vs.Versions[i]
		case VersionAdjusted:
			adjustments++
		}
	}
	if approved == nil {
		ps.Add("not_approved", "", "目标尚未批复，不能调整", "the goals are not approved yet: nothing to adjust")
	}
	if req.Reason == "" {
		ps.Add("missing_reason", "reason", "调整须说明理由", "an adjustment needs a reason")
	}
	if len(r.Causes) > 0 && !slices.Contains(r.Causes, req.Cause) {
		ps.Add("cause_not_allowed", "cause", fmt.Sprintf("调整原因 %q 不在认可范围内", req.Cause),
			fmt.Sprintf("cause %q is not accepted", req.Cause))
	}
	if approved != nil && r.LastMonth > 0 {
		y := approved.Date.Year()
		if ry, rm, _ := req.Date.Date(); ry > y || ry == y && int(rm) > r.LastMonth {
			ps.Add("too_late", "date", fmt.Sprintf("%d年%d月以后不再受理调整", y, r.LastMonth),
				fmt.Sprintf("no adjustment after month %d of %d", r.LastMonth, y))
		}
	}
	if req.Date.IsZero() || civilDay(req.Date).Before(civilDay(last.Date)) {
		ps.Add("date_order", "date", "申请日期早于最新版本", "the request is dated before the latest version")
	}
	if r.MaxAdjustments > 0 && adjustments >= r.MaxAdjustments {
		ps.Add("too_many", "", fmt.Sprintf("已调整 %d 次，达到上限", adjustments), fmt.Sprintf("already adjusted %d times, the limit", adjustments))
	}
	if req.Tree == nil {
		ps.Add("missing_tree", "tree", "缺少调整后的绩效目标", "the requested goals are missing")
		d.Changes = []Change{}
	} else {
		if err := req.Tree.Validate(opts...); err != nil {
			ps = append(ps, performance.ProblemsOf(err).Prefix("tree")...)
		}
		d.Changes = Diff(last.Tree, req.Tree)
		if len(d.Changes) == 0 {
			ps.Add("no_change", "tree", "调整后的目标与现行目标相同", "the requested goals are the goals in force")
		}
		r.checkChanges(&ps, last.Tree, req)
	}
	d.Refusals = ps
	if len(ps) == 0 {
		d.Approved = true
		d.Version = &Version{Number: last.Number + 1, Kind: VersionAdjusted, Date: civilDay(req.Date), By: req.By,
			Reason: req.Reason, Tree: req.Tree}
	}
	return d, nil
}

// checkChanges refuses lowered targets and removed indicators.
func (r *AdjustmentRules) checkChanges(ps *performance.Problems, old *Tree, req *AdjustmentRequest) {
	lowerOK := r.AllowLowering || slices.Contains(r.LowerCauses, req.Cause)
	byKey := make(map[string]int, len(old.Indicators))
	for i := range old.Indicators {
		if k := indicatorKey(&old.Indicators[i]); byKey[k] == 0 {
			byKey[k] = i + 1
		}
	}
	kept := make([]bool, len(old.Indicators))
	for j := range req.Tree.Indicators {
		n := &req.Tree.Indicators[j]
		i := byKey[indicatorKey(n)] - 1
		if i < 0 {
			continue
		}
		kept[i] = true
		o := &old.Indicators[i]
		if !lowerOK && o.Target.Quantitative() && n.Target.Quantitative() && o.Target.Op == n.Target.Op &&
			o.Target.Unit == n.Target.Unit && laxer(n.Target, o.Target.Value) {
			ps.Add("target_lowered", "tree.indicators["+strconv.Itoa(j)+"].target",
				fmt.Sprintf("指标“%s”的指标值由 %s 降为 %s，该原因不允许降低目标", n.Name, o.Target, n.Target),
				fmt.Sprintf("indicator %q: target lowered from %s to %s, which the cause does not allow", n.Name, o.Target, n.Target))
		}
	}
	if r.KeepIndicators {
		for i := range old.Indicators {
			if !kept[i] {
				ps.Add("indicator_removed", "tree.indicators",
					fmt.Sprintf("不允许删除指标“%s”", old.Indicators[i].Name),
					fmt.Sprintf("indicator %q may not be removed", old.Indicators[i].Name))
			}
		}
	}
}
