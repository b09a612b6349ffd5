package monitoring

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Budget is one project under monitoring with its approved budget for the
// year (批复预算).
type Budget struct {
	// ProjectID is the project's ID; execution records refer to it.
	ProjectID string `json:"project_id"`
	// Name is the project's name (项目名称).
	Name string `json:"name"`
	// UnitID is the budget unit (预算单位) responsible, a node of the Org.
	UnitID string `json:"unit_id"`
	// Category is a free classification that may select a schedule, such as
	// 基建 or 人员经费.
	Category string `json:"category,omitempty"`
	// Initial is the initial budget (年初预算数) in yuan.
	Initial decimal.Decimal `json:"initial"`
	// ScheduleID selects a schedule of the policy for this project; empty
	// uses the category's or the default.
	ScheduleID string `json:"schedule_id,omitempty"`
	// Continuing marks a project that continues into next year (跨年项目):
	// its unspent balance at year end is a carry-over (结转) rather than a
	// surplus (结余).
	Continuing bool `json:"continuing,omitempty"`
	// Host holds the project's host fields (宿主字段) for the policy's
	// monitoring rules.
	Host performance.HostValues `json:"host,omitempty"`
}

// An Adjustment is an in-year budget adjustment (预算调整): a positive Amount
// is an addition (追加), a negative one a reduction (调减). It counts from its
// Date on.
type Adjustment struct {
	// ProjectID is the project adjusted.
	ProjectID string `json:"project_id"`
	// Date is when the adjustment takes effect (调整日期).
	Date time.Time `json:"date"`
	// Amount is in yuan: positive adds (追加), negative reduces (调减).
	Amount decimal.Decimal `json:"amount"`
	// Reason is the stated reason (调整原因).
	Reason string `json:"reason,omitempty"`
}

// A Monitor checks one fiscal year's budgets against a policy (绩效运行监控).
// It is built once by [New] and never changes: checks are pure functions of
// the monitor, a [Ledger], an as-of date and the [State] the previous check
// returned. A Monitor is safe for concurrent use.
type Monitor struct {
	year     int
	policy   Policy
	org      *performance.Org
	budgets  []Budget
	adjust   [][]Adjustment
	problems performance.Problems
	rules    *Rules

	// Fast-path forms (see fast.go), computed once by New.
	// Per budget, without pointers (a million of each are scanned by
	// every garbage collection while a check runs, see
	// BenchmarkNationalMonitoring): schedIdx 0 for the default schedule,
	// j+1 for policy.Schedules[j]; fb its fen form, its adjustments in
	// fadj.
	schedIdx   []int
	fb         []fastBudget
	fadj       []fenAdj
	ft         []fastTrigger
	gapN, gapD int64
	gapFast    bool
	noFast     bool // tests: force the decimal path
}

// New returns a monitor of fiscal year year. The policy must be valid (else
// its Problems are returned and no monitor). Budgets and adjustments are
// checked: a budget with no ID, a duplicate ID, no unit, a unit unknown to
// org, a negative amount or an unknown schedule, and an adjustment of an
// unknown project or dated outside the year are left out and reported as
// Problems beside a usable monitor, and again in every [Report]. org may be
// nil; regions and departments are then not reported.
func New(year int, policy *Policy, org *performance.Org, budgets []Budget, adjustments []Adjustment) (*Monitor, error) {
	if policy == nil {
		policy = &Policy{}
	}
	if err := policy.Validate(); err != nil {
		return nil, err
	}
	// Sized for every budget: a monitor of a million projects otherwise
	// regrows its slices twenty times over.
	m := &Monitor{year: year, policy: *policy, org: org, budgets: make([]Budget, 0, len(budgets))}
	schedIDs := map[string]bool{}
	for _, s := range policy.Schedules {
		schedIDs[s.ID] = true
	}
	var ps performance.Problems
	// The budgets' positions sorted by project ID: repeated IDs are
	// neighbours, and the monitor's budgets are taken in this order, so
	// come out sorted. Two maps of every ID (to count them, then to find
	// them) were most of a replay batch's New.
	order := make([]int, len(budgets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(budgets[a].ProjectID, budgets[b].ProjectID), cmp.Compare(a, b))
	})
	// bad marks the budgets left out: here those of a repeated ID, below
	// those with another problem.
	bad := make([]bool, len(budgets))
	for k := 1; k < len(order); k++ {
		if budgets[order[k]].ProjectID == budgets[order[k-1]].ProjectID {
			bad[order[k]], bad[order[k-1]] = true, true
		}
	}
	for i, b := range budgets {
		// Built only for a problem: a million budgets otherwise format a
		// million paths.
		path := func() string { return "budgets[" + strconv.Itoa(i) + "]" }
		if b.ProjectID == "" {
			ps.Add("missing_project", path()+".project_id", "预算缺少项目编码", "the budget has no project ID")
			bad[i] = true
		} else if bad[i] { // marked above, before any other problem of budget i
			ps.Add("duplicate_project", path()+".project_id", "项目编码重复: "+b.ProjectID, "duplicate project ID "+b.ProjectID)
		}
		if b.UnitID == "" {
			ps.Add("missing_unit", path()+".unit_id", "预算缺少预算单位", "the budget has no unit")
			bad[i] = true
		} else if org != nil {
			if _, ok := org.Node(b.UnitID); !ok {
				ps.Add("unknown_unit", path()+".unit_id", "未知的预算单位: "+b.UnitID, "unknown unit "+b.UnitID)
				bad[i] = true
			}
		}
		if b.Initial.Sign() < 0 {
			ps.Add("negative_budget", path()+".initial", "年初预算数不能为负", "the initial budget must not be negative")
			bad[i] = true
		}
		if b.ScheduleID != "" && !schedIDs[b.ScheduleID] {
			ps.Add("unknown_schedule", path()+".schedule_id", "未定义的进度表: "+b.ScheduleID, "unknown schedule "+b.ScheduleID)
			bad[i] = true
		}
	}
	for _, i := range order {
		if !bad[i] {
			m.budgets = append(m.budgets, budgets[i])
		}
	}
	m.adjust = make([][]Adjustment, len(m.budgets))
	for i, a := range adjustments {
		path := fmt.Sprintf("adjustments[%d]", i)
		j, ok := m.budgetIndex(a.ProjectID)
		switch {
		case !ok:
			ps.Add("unknown_project", path+".project_id", "调整的项目不在监控范围: "+a.ProjectID, "adjusted project is not monitored: "+a.ProjectID)
		case a.Date.Year() != year:
			ps.Add("out_of_year", path+".date", fmt.Sprintf("调整日期不在%d预算年度内", year), fmt.Sprintf("the adjustment is dated outside fiscal year %d", year))
		default:
			m.adjust[j] = append(m.adjust[j], a)
		}
	}
	for _, as := range m.adjust {
		slices.SortStableFunc(as, func(a, b Adjustment) int {
			return cmp.Or(cmp.Compare(dayKey(a.Date), dayKey(b.Date)), a.Amount.Cmp(b.Amount))
		})
	}
	m.schedIdx = make([]int, 0, len(m.budgets))
	m.fb = make([]fastBudget, 0, len(m.budgets))
	for i := range m.budgets {
		m.schedIdx = append(m.schedIdx, m.policy.scheduleIndex(&m.budgets[i]))
		m.fb = append(m.fb, newFastBudget(&m.budgets[i], m.adjust[i], &m.fadj))
	}
	for i := range m.policy.Triggers {
		m.ft = append(m.ft, newFastTrigger(&m.policy.Triggers[i]))
	}
	m.gapN, m.gapD, m.gapFast = frac(performance.Ratio{Num: m.policy.YellowGap, Den: decimal.NewFromInt(1)})
	sortProblems(ps)
	m.problems = ps
	return m, ps.Err()
}

// schedule returns budget i's schedule (its own, its category's or the
// default: Policy.scheduleIndex).
func (m *Monitor) schedule(i int) Schedule {
	if j := m.schedIdx[i]; j > 0 {
		return m.policy.Schedules[j-1]
	}
	return m.policy.Schedule
}

// budgetIndex returns the position of project id in m.budgets (sorted by
// ID, each once), and whether it is there.
func (m *Monitor) budgetIndex(id string) (int, bool) {
	i := sort.Search(len(m.budgets), func(i int) bool { return m.budgets[i].ProjectID >= id })
	return i, i < len(m.budgets) && m.budgets[i].ProjectID == id
}

// Year returns the monitor's fiscal year.
func (m *Monitor) Year() int { return m.year }

// Problems returns the problems found in the budgets and adjustments given
// to New.
func (m *Monitor) Problems() performance.Problems { return slices.Clone(m.problems) }

// budgetsAt returns a project's initial and adjusted budget on date t.
func (m *Monitor) budgetsAt(i int, t time.Time) (initial, adjusted decimal.Decimal) {
	initial = m.budgets[i].Initial
	adjusted = initial
	k := dayKey(t)
	for _, a := range m.adjust[i] {
		if dayKey(a.Date) <= k {
			adjusted = adjusted.Add(a.Amount)
		}
	}
	return initial, adjusted
}

func (m *Monitor) base(initial, adjusted decimal.Decimal) decimal.Decimal {
	return performance.Execution{InitialBudget: initial, AdjustedBudget: adjusted}.Budget(m.policy.Base)
}

// sortProblems orders problems by path then code, for deterministic output.
func sortProblems(ps performance.Problems) {
	slices.SortStableFunc(ps, func(a, b *performance.Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Code, b.Code))
	})
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
