package monitoring

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Status is one project's result at a check (项目监控结果). Rates are exact
// ratios; percentages are shown rounded.
type Status struct {
	// ProjectID, Name, UnitID and Category come from the [Budget].
	ProjectID string `json:"project_id"`
	Name      string `json:"name"`
	UnitID    string `json:"unit_id"`
	Category  string `json:"category,omitempty"`
	// Schedule is the ID of the schedule used.
	Schedule string `json:"schedule"`
	// InitialBudget and AdjustedBudget are as of the check (年初/全年预算数);
	// Budget is the one of the policy's base.
	InitialBudget  decimal.Decimal `json:"initial_budget"`
	AdjustedBudget decimal.Decimal `json:"adjusted_budget"`
	Budget         decimal.Decimal `json:"budget"`
	// Executed is the amount spent up to the check (执行数).
	Executed decimal.Decimal `json:"executed"`
	// Unspent is Budget − Executed (未执行数).
	Unspent decimal.Decimal `json:"unspent"`
	// Rate is Executed ÷ Budget (预算执行率), Expected the schedule's
	// expected progress (序时进度), Deviation Rate − Expected; all exact
	// fractions (multiply by 100 for percent or points). They are invalid
	// (zero denominators) when Budget is zero.
	Rate      performance.Ratio `json:"rate"`
	Expected  performance.Ratio `json:"expected"`
	Deviation performance.Ratio `json:"deviation"`
	// Shortfall is the money at stake (滞后金额): Budget × Expected −
	// Executed rounded half up to the fen, or zero when not behind.
	Shortfall decimal.Decimal `json:"shortfall"`
	// Level is the alert level; Key marks key monitoring (重点监控) after a
	// trigger fired, now or at an earlier check.
	Level Level `json:"level"`
	Key   bool  `json:"key,omitempty"`
	// Triggers lists the IDs of triggers that fired at this check.
	Triggers []string `json:"triggers,omitempty"`
	// Rule is the ID of the rule that set the level when the level came
	// from a rule set ([RuleSet]); empty otherwise.
	Rule string `json:"rule,omitempty"`
}

// Behind reports whether the project is behind schedule (deviation < 0).
func (s Status) Behind() bool { return s.Deviation.Valid() && s.Deviation.Num.Sign() < 0 }

// Points returns the deviation in percentage points rounded half up to
// places decimals: −12.5 means 12.5 points behind.
func (s Status) Points(places int32) decimal.Decimal { return s.Deviation.Percent(places) }

// An Action is one consequence issued at a check (处理措施): on a project, or
// on a unit when ProjectID is empty.
type Action struct {
	// Kind is the consequence, such as Rectify.
	Kind ActionKind `json:"kind"`
	// ProjectID is the project concerned; empty for an action on a unit.
	ProjectID string `json:"project_id,omitempty"`
	// UnitID is the unit responsible.
	UnitID string `json:"unit_id"`
	// Date is the check date it was issued.
	Date time.Time `json:"date"`
	// Reason is "gap" for an escalation step, "unit_gap" for a unit step,
	// or the ID of the trigger that fired.
	Reason string `json:"reason"`
	// Amount is the money concerned for suspend, reduce, recover and
	// reallocate: the project's unspent balance (or the recovery amount at
	// year end); zero for other kinds.
	Amount decimal.Decimal `json:"amount"`
	// Rectification is the ID of the rectification a rectify action opened.
	Rectification string `json:"rectification,omitempty"`
}

// RectStatus is where a rectification stands (整改状态). The zero value
// RectOpen means issued and not yet due.
type RectStatus uint8

const (
	// RectOpen is issued, not done, not yet due (整改中).
	RectOpen RectStatus = iota
	// RectDone is done: a later check found the project no longer red
	// (已整改).
	RectDone
	// RectOverdue is past its due date and not done (逾期未整改).
	RectOverdue
)

// String returns "open", "done" or "overdue".
func (s RectStatus) String() string { return rectTable.String(int(s), "rect_status") }

// Name returns the status in the given language.
func (s RectStatus) Name(lang performance.Lang) string {
	return rectTable.Name(int(s), lang, "rect_status")
}

// MarshalText encodes the status as its English name.
func (s RectStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

var rectTable = enum.Table[RectStatus]{
	{V: RectOpen, Code: "open", Zh: "整改中", Aliases: []string{"", "未整改"}},
	{V: RectDone, Code: "done", Zh: "已整改", Aliases: []string{"整改完成", "已完成整改"}},
	{V: RectOverdue, Code: "overdue", Zh: "逾期未整改", Aliases: []string{"逾期"}},
}

// ParseRectStatus reads a rectification status from its code (open, done,
// overdue; in any case) or its Chinese name (整改中, 已整改, 逾期未整改; also
// 未整改, 整改完成, 已完成整改, 逾期). The empty string is RectOpen. Anything
// else is an error wrapping [ErrUnknownName] that names the allowed values.
func ParseRectStatus(s string) (RectStatus, error) {
	if v, ok := rectTable.Parse(s); ok {
		return v, nil
	}
	return RectOpen, fmt.Errorf("%w: rectification status %q (%s)", ErrUnknownName, s, rectTable.Want())
}

// UnmarshalText decodes any form [ParseRectStatus] accepts.
func (s *RectStatus) UnmarshalText(b []byte) error {
	return enum.DecodeTable(s, rectTable, false, ParseRectStatus, b)
}

// A Rectification is an order to rectify (整改通知) tracked across checks:
// issued at one check, due RectifyMonths later, done when a check on any
// later date finds the project no longer red, overdue when a check on or
// after the due date still finds it red. Done late is done with Late set.
type Rectification struct {
	// ID is "project@issue date", such as "XM2021007@2021-06-30".
	ID        string `json:"id"`
	ProjectID string `json:"project_id"`
	UnitID    string `json:"unit_id"`
	// Issued is the check date it was ordered (下达日期); Due the deadline
	// (整改期限).
	Issued time.Time `json:"issued"`
	Due    time.Time `json:"due"`
	// Status is open, done or overdue as of the latest check.
	Status RectStatus `json:"status"`
	// Done is the date of the check that found it done; Late marks done
	// after Due.
	Done time.Time `json:"done,omitzero"`
	Late bool      `json:"late,omitempty"`
	// Reason is the level or trigger that led to it, such as "red".
	Reason string `json:"reason"`
}

// Streak counts a project's or unit's consecutive checks behind schedule
// (yellow or red) and consecutive checks red.
type Streak struct {
	Behind int `json:"behind"`
	Red    int `json:"red"`
}

// State is what one check passes to the next (监控台账): streaks, triggers
// already fired and rectifications. The zero State starts a year. It is
// plain data and encodes to deterministic JSON.
type State struct {
	AsOf           time.Time           `json:"as_of,omitzero"`
	Projects       map[string]Streak   `json:"projects,omitempty"`
	Units          map[string]Streak   `json:"units,omitempty"`
	Fired          map[string][]string `json:"fired,omitempty"`
	Rectifications []Rectification     `json:"rectifications,omitempty"`
}

// Check runs one monitoring check as of asOf (a quarter end, a month end or
// the ledger's cut-off) over the ledger's executed amounts, continuing from
// prior (the zero State for the first check of the year).
//
// It returns ErrAsOf (wrapped) when the ledger cannot answer asOf or asOf is
// not after prior.AsOf, and ErrMismatch when the ledger or the prior state
// is of another year.
// Per-project problems (zero budgets, records of unmonitored projects) do not
// stop the check; they are listed in Report.Problems.
func (m *Monitor) Check(asOf time.Time, l *Ledger, prior State) (*Report, error) {
	return m.check(context.Background(), asOf, l, prior, 1, true)
}

// CheckContext is [Monitor.Check] stopping when ctx is cancelled, for checks
// of many projects (about 10 µs each, so a second per 100,000). It checks
// ctx before each project and, once ctx is cancelled, returns a nil report
// and ctx's error wrapped (errors.Is(err, context.Canceled)): the report's
// tallies, actions and next State are of every project, so none is
// returned for part of them.
func (m *Monitor) CheckContext(ctx context.Context, asOf time.Time, l *Ledger, prior State) (*Report, error) {
	return m.check(ctx, asOf, l, prior, 1, true)
}

// CheckBatch is [Monitor.CheckContext] on workers goroutines (at least one;
// a caller on a 2-core machine passes 2): the projects are cut into
// contiguous runs, each checked by one goroutine (and the two lagging
// lists of a large check are sorted on two), and the report is exactly
// the one CheckContext gives. It returns when every goroutine is
// done; a cancellation stops each within one project.
func (m *Monitor) CheckBatch(ctx context.Context, asOf time.Time, l *Ledger, prior State, workers int) (*Report, error) {
	return m.check(ctx, asOf, l, prior, workers, true)
}

// CheckProjects is [Monitor.CheckContext] for a caller that reads only the
// projects (项目监控结果): a replay of past years, say. The report's
// Projects, Problems, Rectifications and the actions of projects (each
// with its rectification) are exactly those CheckContext gives; it has no
// groups (Units, Departments, Regions, Total and the lagging lists stay
// empty), no unit actions and no action counts, and its State carries no
// unit streaks, so it is not the check whose State a following check
// should be given. Pooling the groups is about a fifth of a check.
func (m *Monitor) CheckProjects(ctx context.Context, asOf time.Time, l *Ledger, prior State) (*Report, error) {
	return m.check(ctx, asOf, l, prior, 1, false)
}

// check is the check; groups pools units, departments, regions and the
// total (with the unit actions and the action counts).
func (m *Monitor) check(ctx context.Context, asOf time.Time, l *Ledger, prior State, workers int, groups bool) (*Report, error) {
	if l.year != m.year {
		return nil, fmt.Errorf("%w: ledger of %d, monitor of %d", ErrMismatch, l.year, m.year)
	}
	through, err := l.covers(asOf)
	if err != nil {
		return nil, err
	}
	if !prior.AsOf.IsZero() && prior.AsOf.Year() != m.year {
		return nil, fmt.Errorf("%w: state of a check in %d, monitor of %d (start each year from the zero State)",
			ErrMismatch, prior.AsOf.Year(), m.year)
	}
	if !prior.AsOf.IsZero() && dayKey(asOf) <= dayKey(prior.AsOf) {
		return nil, fmt.Errorf("%w: %s is not after the previous check %s", ErrAsOf,
			asOf.Format(time.DateOnly), prior.AsOf.Format(time.DateOnly))
	}
	asOf = civil(asOf)
	r := &Report{Year: m.year, AsOf: asOf, Quarter: quarterOf(asOf), Base: m.policy.Base.String()}
	r.Problems = slices.Clone(m.problems)
	// Sized for every project: a check of a million projects otherwise
	// rehashes the map twenty times.
	next := State{AsOf: asOf, Units: map[string]Streak{}, Fired: make(map[string][]string, len(prior.Fired))}
	for k, v := range prior.Fired {
		next.Fired[k] = slices.Clone(v)
	}
	r.Projects = make([]Status, len(m.budgets))
	run := &checkRun{dev: make([]int64, len(m.budgets)), bd: make([]int64, len(m.budgets)), fast: make([]bool, len(m.budgets))}
	// Expected progress once per schedule.
	scheds := append([]Schedule{m.policy.Schedule}, m.policy.Schedules...)
	exps := make([]performance.Ratio, len(scheds))
	fexps := make([]fracExp, len(scheds))
	for j, sc := range scheds {
		e, err := sc.Expected(m.year, asOf)
		if err != nil {
			return nil, err // validated in New; cannot happen
		}
		exps[j] = e
		fexps[j].n, fexps[j].d, fexps[j].ok = frac(e)
	}
	c := &projectCheck{asOf: asOf, through: through, key: dayKey(asOf), l: l, prior: &prior,
		run: run, scheds: scheds, exps: exps, fexps: fexps, statuses: r.Projects, zeroFen: decimal.New(0, -2)}
	if m.rules != nil {
		c.rexp = newRuleExps(scheds, m.year, asOf)
	}
	// The projects are checked on workers goroutines, each a contiguous
	// run, writing only its projects' statuses and figures; their outputs
	// are merged here in project order, as one goroutine would have
	// produced them.
	runs, err := m.checkRanges(ctx, c, workers)
	if err != nil {
		return nil, err
	}
	// A million streaks inserted into the next state's map take a tenth
	// of a check: with more than one worker, on a goroutine of their own
	// while the rest of the report is put together (which reads none).
	var (
		projects map[string]Streak
		filled   sync.WaitGroup
		found    int // projects with an account in the ledger
	)
	fill := func() {
		ps := make(map[string]Streak, len(m.budgets))
		for _, ro := range runs {
			for j, st := range ro.streaks {
				ps[m.budgets[ro.lo+j].ProjectID] = st
			}
		}
		projects = ps
	}
	if workers > 1 {
		filled.Go(fill)
	} else {
		fill()
	}
	for _, ro := range runs {
		found += ro.found
		r.Problems = append(r.Problems, ro.problems...)
		for _, f := range ro.fired {
			next.Fired[f.id] = f.fired
		}
	}
	for k, v := range next.Fired {
		if len(v) == 0 {
			delete(next.Fired, k)
		}
	}
	// Each project's actions are kept as checked (actRef) and written
	// once here, into one slice of the exact length: appending them one
	// project after another copied a million projects' actions twice over.
	nActions := 0
	for _, ro := range runs {
		nActions += ro.nActs
	}
	actions := make([]Action, nActions)
	off := 0
	for _, ro := range runs {
		ro.actions(actions[off:off+ro.nActs], r.Projects, asOf)
		off += ro.nActs
	}
	if found < len(l.ids) {
		// Budgets' IDs are distinct: when as many were found as the
		// ledger has projects, it has none of another.
		m.unknownProjects(r, l)
	}
	if groups {
		m.tally(r, &prior, &next, &actions, run, workers)
	}
	m.rectify(r, &prior, &next, actions)
	if groups {
		m.countActions(r)
	}
	if len(next.Units) == 0 {
		next.Units = nil
	}
	if len(next.Fired) == 0 {
		next.Fired = nil
	}
	filled.Wait()
	next.Projects = projects
	r.State = next
	sortProblems(r.Problems)
	return r, nil
}

// countActions counts the actions issued in each unit, department, region
// and the total.
func (m *Monitor) countActions(r *Report) {
	perUnit := map[string]int{}
	for _, a := range r.Actions {
		perUnit[a.UnitID]++
	}
	r.Total.Actions = len(r.Actions)
	for i := range r.Units {
		r.Units[i].Actions = perUnit[r.Units[i].ID]
	}
	if m.org == nil {
		return
	}
	for _, gs := range []struct {
		groups []Group
		kind   performance.NodeKind
	}{{r.Departments, performance.NodeDepartment}, {r.Regions, performance.NodeRegion}} {
		idx := make(map[string]int, len(gs.groups))
		for i, g := range gs.groups {
			idx[g.ID] = i
		}
		for _, u := range sortedKeys(perUnit) {
			if n, ok := m.org.Ancestor(u, gs.kind); ok {
				if i, ok := idx[n.ID]; ok {
					gs.groups[i].Actions += perUnit[u]
				}
			}
		}
	}
}

// sortActions orders the actions from mark on (one project's or unit's) by
// kind, then reason, and drops repeated kinds.
func sortActions(actions []Action, mark int) []Action {
	tail := actions[mark:]
	if len(tail) < 2 {
		return actions
	}
	slices.SortFunc(tail, func(a, b Action) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Reason, b.Reason)) })
	tail = slices.CompactFunc(tail, func(a, b Action) bool { return a.Kind == b.Kind })
	return actions[:mark+len(tail)]
}

// checkRun is one check's scratch: the fast-path deviation of each project
// as dev/bd in fen (see fast.go).
type checkRun struct {
	dev, bd []int64
	fast    []bool
}

// levelByPolicy grades a status by the policy's yellow gap and triggers,
// returning the kinds of actions the triggers issued.
func (m *Monitor) levelByPolicy(i int, s *Status, acc *account, asOf time.Time, firedOut *[]string, actions *[]Action, run *checkRun) []ActionKind {
	switch {
	case !s.Behind():
		s.Level = Green
	case run.fast[i] && m.gapFast:
		// dev/bd ≥ −gapN/(gapD·100) ⇔ dev·gapD·100 ≥ −gapN·bd (bd > 0)
		s.Level = Red
		if exact.CmpProducts(run.dev[i], m.gapD*100, -m.gapN, run.bd[i]) >= 0 {
			s.Level = Yellow
		}
	case s.Deviation.CmpDecimal(m.policy.YellowGap.Neg().Shift(-2)) >= 0:
		s.Level = Yellow
	default:
		s.Level = Red
	}
	var trig []ActionKind
	// The triggers that fired earlier this year: looked up once per
	// trigger, so a set when there are more than a few. Trigger IDs are
	// unique, so one firing below cannot match a later trigger.
	fired := *firedOut
	var firedSet map[string]bool
	if len(fired) > 8 {
		firedSet = make(map[string]bool, len(fired))
		for _, id := range fired {
			firedSet[id] = true
		}
	}
	for j, t := range m.policy.Triggers {
		if firedSet != nil && firedSet[t.ID] || firedSet == nil && slices.Contains(fired, t.ID) {
			s.Key = true
			continue
		}
		if t.Month != 0 && dayKey(asOf) < dayKey(monthEnd(m.year, t.Month)) {
			continue
		}
		if !m.triggerHolds(i, j, acc, s, run) {
			continue
		}
		s.Key = true
		s.Level = max(s.Level, t.Level)
		s.Triggers = append(s.Triggers, t.ID)
		if t.Month != 0 {
			*firedOut = append(*firedOut, t.ID)
		}
		for _, k := range t.Actions {
			*actions = append(*actions, m.action(k, s, asOf, t.ID))
		}
		trig = append(trig, t.Actions...)
	}
	return trig
}

func advance(st Streak, lv Level) Streak {
	if lv >= Yellow {
		st.Behind++
	} else {
		st.Behind = 0
	}
	if lv >= Red {
		st.Red++
	} else {
		st.Red = 0
	}
	return st
}

// triggerHolds evaluates a trigger on the figures as of its month end (or of
// the check for month 0), acc being the project's account (nil without
// records).
func (m *Monitor) triggerHolds(i, j int, acc *account, s *Status, run *checkRun) bool {
	t := &m.policy.Triggers[j]
	if ft := &m.ft[j]; ft.ok && run.fast[i] {
		if t.Month == 0 {
			return ft.holds(s.Budget.Shift(2).IntPart(), s.Executed.Shift(2).IntPart())
		}
		if e, ok := accFen(acc, int(t.Month)); ok {
			ini, adj := m.fenAt(i, dayKey(monthEnd(m.year, t.Month)))
			return ft.holds(m.baseFen(ini, adj), e)
		}
	}
	budget, executed := s.Budget, s.Executed
	if t.Month != 0 {
		end := monthEnd(m.year, t.Month)
		ini, adj := m.budgetsAt(i, end)
		budget = m.base(ini, adj)
		executed = accThrough(acc, int(t.Month))
	}
	if t.MinBudget != nil && budget.LessThan(*t.MinBudget) {
		return false
	}
	if t.BelowRate != nil {
		if budget.Sign() <= 0 {
			return false
		}
		// executed ÷ budget < rate% ⇔ executed·100 < rate·budget (budget > 0).
		if !executed.Mul(hundred).LessThan(t.BelowRate.Mul(budget)) {
			return false
		}
	}
	if t.MinUnspent != nil && budget.Sub(executed).LessThan(*t.MinUnspent) {
		return false
	}
	return true
}

func (m *Monitor) action(k ActionKind, s *Status, asOf time.Time, reason string) Action {
	a := Action{Kind: k, ProjectID: s.ProjectID, UnitID: s.UnitID, Date: asOf, Reason: reason}
	switch k {
	case Suspend, Reduce, Recover, Reallocate:
		a.Amount = decimal.Max(s.Unspent, decimal.Zero)
	}
	return a
}

// unknownProjects reports executed amounts of projects not monitored.
func (m *Monitor) unknownProjects(r *Report, l *Ledger) {
	var unknown []string
	for _, id := range l.ids {
		if _, ok := m.budgetIndex(id); !ok {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	for _, id := range unknown {
		{
			r.Problems.Add("unknown_project", "records."+id,
				"支付记录的项目不在监控范围，执行数"+l.Executed(id).StringFixed(2)+"元未计入",
				"records of an unmonitored project, "+l.Executed(id).StringFixed(2)+" yuan executed, not counted")
		}
	}
}
