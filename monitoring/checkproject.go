package monitoring

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// projectCheck is what every project's check of one Check reads: shared by
// the goroutines of CheckBatch, and written by none but in the slots of
// the project each checks (statuses[i] and run's i-th figures).
type projectCheck struct {
	asOf     time.Time
	through  int
	key      int
	l        *Ledger
	prior    *State
	run      *checkRun
	scheds   []Schedule
	exps     []performance.Ratio
	fexps    []fracExp
	statuses []Status
	rexp     ruleExps        // with a rule set: expected progress at each month end
	zeroFen  decimal.Decimal // decimal.New(0, −2), shared by the check's figures
}

// fen returns v fen as decimal.New(v, −2) gives it, sharing the check's
// zero.
func (c *projectCheck) fen(v int64) decimal.Decimal {
	if v == 0 {
		return c.zeroFen
	}
	return decimal.New(v, -2)
}

// fracExp is a schedule's expected progress as a small fraction n/d, when
// it is one (ok).
type fracExp struct {
	n, d int64
	ok   bool
}

// projectOut is one project's part of a check's report and next state,
// merged in project order.
type projectOut struct {
	id       string
	problems performance.Problems
	streak   Streak
	fired    []string // the triggers fired this year, after this check
	actions  []Action
}

// checkProject checks budget i as of c.asOf, given its account in the
// ledger (nil: no records), writing its status and returning the rest of
// its outcome. The outcome's actions are in sc's scratch, valid until the
// next project's check.
func (m *Monitor) checkProject(c *projectCheck, sc *ruleScratch, i int, acc *account) projectOut {
	b := &m.budgets[i]
	s := &c.statuses[i]
	asOf, run, key, through := c.asOf, c.run, c.key, c.through
	out := projectOut{id: b.ProjectID, actions: sc.acts[:0]}
	out.fired = slices.Clone(c.prior.Fired[b.ProjectID])
	exp := c.exps[m.schedIdx[i]]
	*s = Status{ProjectID: b.ProjectID, Name: b.Name, UnitID: b.UnitID, Category: b.Category,
		Schedule: c.scheds[m.schedIdx[i]].ID, Expected: exp}
	// Fast path: whole fen within int64 and a small-fraction schedule.
	if fe := c.fexps[m.schedIdx[i]]; !m.noFast && m.fb[i].ok && fe.ok {
		if e, ok := accFen(acc, through); ok {
			ini, adj := m.fenAt(i, key)
			if bf := m.baseFen(ini, adj); bf > 0 {
				run.fast[i] = true
				s.InitialBudget, s.AdjustedBudget = b.Initial, b.Initial
				if adj != ini {
					s.AdjustedBudget = decimal.New(adj, -2)
				}
				s.Budget = m.base(s.InitialBudget, s.AdjustedBudget)
				// A decimal is immutable, so equal ones may share their
				// coefficient: the fen zero of the check, and a shortfall
				// equal to the unspent balance (every one behind when the
				// expected progress is 100%, as at the year end) are not
				// built again. BenchmarkNationalMonitoring counts them.
				s.Executed = c.fen(e)
				s.Unspent = c.fen(bf - e)
				s.Rate = performance.Ratio{Num: s.Executed, Den: s.Budget}
				dev, bd := e*fe.d-fe.n*bf, bf*fe.d
				run.dev[i], run.bd[i] = dev, bd
				s.Deviation = performance.Ratio{Num: c.fen(dev), Den: decimal.New(bd, -2)}
				if dev < 0 {
					// −dev/d fen, rounded half up: ⌊(2·(−dev) + d) / 2d⌋.
					if sf := (-2*dev + fe.d) / (2 * fe.d); sf == bf-e {
						s.Shortfall = s.Unspent
					} else {
						s.Shortfall = c.fen(sf)
					}
				}
			}
		}
	}
	if !run.fast[i] {
		initial, adjusted := m.budgetsAt(i, asOf)
		s.InitialBudget, s.AdjustedBudget = initial, adjusted
		s.Budget = m.base(initial, adjusted)
		s.Executed = accThrough(acc, through)
		s.Unspent = s.Budget.Sub(s.Executed)
		if s.Budget.Sign() <= 0 {
			out.problems.Add("zero_budget", "budgets."+b.ProjectID, "预算为零，无法计算执行率", "the budget is zero; no execution rate")
			out.streak = Streak{}
			return out
		}
		s.Rate = performance.Ratio{Num: s.Executed, Den: s.Budget}
		// e/b − n/d = (e·d − n·b) / (b·d), exactly.
		s.Deviation = performance.Ratio{Num: s.Executed.Mul(exp.Den).Sub(exp.Num.Mul(s.Budget)), Den: s.Budget.Mul(exp.Den)}
		if s.Behind() {
			s.Shortfall = s.Deviation.Num.Neg().DivRound(exp.Den, 2)
		}
	}
	var trig []ActionKind
	if m.rules != nil {
		o, err := m.ruleOutcome(c, sc, i, acc, out.fired, s)
		if err != nil {
			out.problems.Add("rule_error", "projects."+b.ProjectID, "监控规则计算出错: "+err.Error(), "a monitoring rule failed: "+err.Error())
		}
		s.Level, s.Rule, s.Triggers = o.level, o.rule, o.triggers
		s.Key = o.key || len(out.fired) > 0
		out.fired = append(out.fired, o.triggers...)
		for _, a := range o.actions {
			out.actions = append(out.actions, m.action(a.kind, s, asOf, a.reason))
			trig = append(trig, a.kind)
		}
	} else {
		trig = m.levelByPolicy(i, s, acc, asOf, &out.fired, &out.actions, run)
	}
	st := c.prior.Projects[b.ProjectID]
	st = advance(st, s.Level)
	out.streak = st
	for _, k := range step(m.policy.Steps, st) {
		if !slices.Contains(trig, k) {
			out.actions = append(out.actions, m.action(k, s, asOf, "gap"))
		}
	}
	out.actions = sortActions(out.actions, 0)
	return out
}
