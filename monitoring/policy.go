package monitoring

import (
	_ "embed"
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Policy is a finance bureau's monitoring policy as data: the budget base,
// schedules, alert thresholds, absolute triggers, escalation steps and the
// year-end recovery rules. [DefaultPolicy] returns the bundled defaults,
// which are local practice, not national rules (see its doc and the
// policy's Sources); a policy is usually loaded from JSON and checked with
// [Policy.Validate].
//
// The zero Policy measures against the adjusted budget on the completed-months
// schedule, has no yellow band (any lag is red), no triggers, no escalation
// and recovers nothing.
type Policy struct {
	// Base is the budget execution is measured against: adjusted (zero,
	// 全年预算数) or initial (年初预算数); "adjusted" or "initial" in JSON.
	// It is always written, so a marshalled policy names its base.
	Base performance.BudgetBase `json:"base"`
	// Schedule is the default schedule; its zero value is completed
	// months ÷ 12.
	Schedule Schedule `json:"schedule"`
	// Schedules are further schedules that budgets (by [Budget.ScheduleID])
	// or categories refer to by ID.
	Schedules []Schedule `json:"schedules,omitempty"`
	// CategorySchedules maps a budget's Category (such as 基建) to a schedule
	// ID; a budget's own ScheduleID wins.
	CategorySchedules map[string]string `json:"category_schedules,omitempty"`
	// YellowGap is the largest lag, in percentage points, that is still
	// yellow (default 10): behind by more is red. Exact: 10.00 points is
	// yellow, 10.0001 red.
	YellowGap decimal.Decimal `json:"yellow_gap"`
	// Triggers are absolute triggers (重点监控触发条件) checked besides the
	// gap.
	Triggers []Trigger `json:"triggers,omitempty"`
	// Steps escalate actions on projects as they stay behind, mildest first.
	Steps []Step `json:"steps,omitempty"`
	// UnitSteps escalate actions on budget units whose pooled execution stays
	// behind.
	UnitSteps []Step `json:"unit_steps,omitempty"`
	// GoalGap is how far, in percentage points, a cumulative indicator's
	// attainment may trail the expected share before it is at risk
	// (default 10).
	GoalGap decimal.Decimal `json:"goal_gap"`
	// RectifyMonths is the time allowed for a rectification (整改期限), in
	// months: due at the end of the month RectifyMonths after the check
	// (default 3, the next quarter end).
	RectifyMonths int `json:"rectify_months"`
	// YearEnd says which unspent balances are recovered at year end.
	YearEnd YearEndPolicy `json:"year_end"`
	// Sources cites where each default comes from, by JSON field name
	// ("yellow_gap", "steps", "rectify_months", "year_end", …): a national
	// document and article, the city whose practice it is, or
	// "illustrative". It only documents the policy: it decides nothing and
	// is left out of the policy hash.
	Sources map[string]string `json:"sources,omitempty"`
}

// A Trigger is an absolute trigger (绝对触发条件): a project meeting all its
// set conditions is raised to Level and put under key monitoring (重点监控),
// whatever its gap. Unset (nil) conditions always hold.
//
// A trigger with Month m is evaluated by the first check on or after the end
// of month m, on the figures as of that month end; it fires once a year per
// project (the [State] remembers it), and the project stays under key
// monitoring afterwards. Month 0 evaluates at every check on its figures.
type Trigger struct {
	// ID is the trigger's stable code, such as "aug_2m_below_60".
	ID string `json:"id"`
	// Name describes the trigger to finance staff.
	Name performance.Text `json:"name"`
	// Month is the month (1–12) at whose end the trigger is evaluated, or 0.
	Month time.Month `json:"month"`
	// MinBudget holds when the budget is at least this many yuan.
	MinBudget *decimal.Decimal `json:"min_budget,omitempty"`
	// BelowRate holds when the execution rate is below this percentage.
	BelowRate *decimal.Decimal `json:"below_rate,omitempty"`
	// MinUnspent holds when the unspent balance is at least this many yuan.
	MinUnspent *decimal.Decimal `json:"min_unspent,omitempty"`
	// Level is the level the project is raised to (usually red).
	Level Level `json:"level"`
	// Source cites where the trigger comes from (a city's practice and
	// year, or "illustrative"); documentation only, left out of the hash.
	Source string `json:"source,omitempty"`
	// Actions are issued when the trigger fires.
	Actions []ActionKind `json:"actions,omitempty"`
}

// A Step is one rung of an escalation ladder (逐级升级): when a project (or
// unit) has been at Level or worse for Streak consecutive checks, Actions
// are issued. Of the steps that hold, the last listed applies, so list them
// mildest first.
type Step struct {
	// Level is the least level that counts (yellow counts yellow and red).
	Level Level `json:"level"`
	// Streak is how many consecutive checks at Level or worse, at least 1.
	Streak int `json:"streak"`
	// Actions are issued when the step applies.
	Actions []ActionKind `json:"actions"`
}

// YearEndPolicy says which unspent balances (结转结余资金) are candidates for
// recovery (收回) at year end. A project whose period ends within the year
// leaves a surplus (结余); one that continues leaves a carry-over (结转).
type YearEndPolicy struct {
	// RecoverSurplus recovers every surplus.
	RecoverSurplus bool `json:"recover_surplus"`
	// RecoverCarryOverBelow recovers a carry-over when the year's execution
	// rate is below this percentage; nil recovers none.
	RecoverCarryOverBelow *decimal.Decimal `json:"recover_carry_over_below,omitempty"`
}

//go:embed policy.json
var defaultPolicyJSON []byte

// DefaultPolicy returns a fresh copy of the default policy (policy.json in
// this package): yellow up to 10 points behind; key monitoring of budgets of
// 2,000,000 yuan or more below 60% at the end of August, and of projects
// below 60% at the end of the third quarter with 2,000,000 yuan or more
// unspent; notify → rectify → interview → suspend as a project stays red;
// surplus recovered, carry-overs recovered below 60%.
//
// None of these is a national rule. Sources, as the policy's Sources and
// each trigger's Source say: the August trigger is Taiyuan's practice
// (2020), the third-quarter trigger Shuozhou's (2015, which counted units);
// the 10-point yellow gap, the escalation streaks, the goal gap, the
// three-month rectification period and the 60% carry-over cut are
// illustrative; the adjusted-budget base is national (财预〔2020〕10号).
//
// The escalation ladder, illustrative (the streak is consecutive checks at
// that level): a project yellow once is notified (通报); red once, notified
// and asked to rectify (整改); red twice running, interviewed (约谈) and
// rectifying; red three times running, disbursement suspended (暂缓拨款)
// while it rectifies. A unit is notified after two yellow checks running
// and interviewed after two red ones. The order of the consequences is the
// one local bureaus publish; the counts are the library's. Separately,
// [Monitor.AgedYearEnd] recovers carry-overs unspent for two years: that
// rule is national (预算法 第四十二条), not part of this policy.
func DefaultPolicy() *Policy {
	p, err := ParsePolicy(defaultPolicyJSON)
	if err != nil {
		panic("monitoring: bundled policy.json is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return p
}

// DefaultPolicyJSON returns the bundled default policy as JSON, for callers
// who want to start their own from it.
func DefaultPolicyJSON() []byte { return append([]byte(nil), defaultPolicyJSON...) }

// ParsePolicy decodes a policy from JSON, rejecting unknown fields, and
// validates it.
func ParsePolicy(data []byte) (*Policy, error) {
	var p Policy
	if err := performance.DecodeJSON(data, &p); err != nil {
		return nil, fmt.Errorf("monitoring: policy: %w", err)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate reports every problem of the policy at once as
// performance.Problems: unknown base, bad schedules, duplicate or unknown
// schedule IDs, a negative yellow gap, triggers without an ID or with a
// month outside 0–12, steps with a streak below 1. It only reads the policy,
// so policies shared between goroutines may be validated concurrently.
func (p *Policy) Validate() error {
	var ps performance.Problems
	if p.Base > performance.BaseInitial {
		ps.Add("unknown_base", "base", "预算口径应为adjusted或initial", `the base must be "adjusted" or "initial"`)
	}
	if err := p.Schedule.Validate(); err != nil {
		ps = append(ps, err.(performance.Problems).Prefix("schedule")...)
	}
	seen := map[string]bool{}
	for i, s := range p.Schedules {
		path := fmt.Sprintf("schedules[%d]", i)
		if s.ID == "" {
			ps.Add("missing_id", path+".id", "进度表缺少编号", "the schedule has no ID")
		} else if seen[s.ID] {
			ps.Add("duplicate_id", path+".id", "进度表编号重复: "+s.ID, "duplicate schedule ID "+s.ID)
		}
		seen[s.ID] = true
		if err := s.Validate(); err != nil {
			ps = append(ps, err.(performance.Problems).Prefix(path)...)
		}
	}
	for _, c := range sortedKeys(p.CategorySchedules) {
		if id := p.CategorySchedules[c]; !seen[id] {
			ps.Add("unknown_schedule", "category_schedules."+c, "未定义的进度表: "+id, "unknown schedule "+id)
		}
	}
	if p.YellowGap.Sign() < 0 {
		ps.Add("negative_gap", "yellow_gap", "黄灯阈值不能为负", "the yellow gap must not be negative")
	}
	tseen := map[string]bool{}
	for i, t := range p.Triggers {
		path := fmt.Sprintf("triggers[%d]", i)
		if t.ID == "" || tseen[t.ID] {
			ps.Add("bad_trigger_id", path+".id", "触发条件编号缺失或重复", "the trigger ID is missing or duplicated")
		}
		tseen[t.ID] = true
		if t.Month < 0 || t.Month > 12 {
			ps.Add("bad_month", path+".month", "月份应在0至12之间", "the month must be 0–12")
		}
		if t.Level > Red {
			ps.Add("bad_level", path+".level", "未知的预警等级", "unknown level")
		}
	}
	for name, steps := range map[string][]Step{"steps": p.Steps, "unit_steps": p.UnitSteps} {
		for i, s := range steps {
			if s.Streak < 1 {
				ps.Add("bad_streak", fmt.Sprintf("%s[%d].streak", name, i), "连续次数至少为1", "the streak must be at least 1")
			}
		}
	}
	if p.GoalGap.Sign() < 0 {
		ps.Add("negative_gap", "goal_gap", "目标进度阈值不能为负", "the goal gap must not be negative")
	}
	if p.RectifyMonths < 0 {
		ps.Add("bad_rectify_months", "rectify_months", "整改期限不能为负", "the rectification period must not be negative")
	}
	sortProblems(ps)
	return ps.Err()
}

// scheduleIndex returns the schedule for a budget, its own, its
// category's or the default, as 0 for the default schedule or j+1 for
// Schedules[j].
func (p *Policy) scheduleIndex(b *Budget) int {
	id := b.ScheduleID
	if id == "" {
		id = p.CategorySchedules[b.Category]
	}
	if id != "" {
		for j, s := range p.Schedules {
			if s.ID == id {
				return j + 1
			}
		}
	}
	return 0
}

// step returns the actions of the last step that holds for a streak record.
func step(steps []Step, s Streak) []ActionKind {
	var out []ActionKind
	for _, st := range steps {
		n := s.Behind
		if st.Level >= Red {
			n = s.Red
		}
		if st.Level <= LevelNone || n >= st.Streak {
			out = st.Actions
		}
	}
	return out
}
