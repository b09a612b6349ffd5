package monitoring

import (
	"time"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// The rule environment's fast path. A check with a rule set evaluates it
// at every month end since the previous check and on the check date, so
// a year-end check builds twelve environments per project. Each is built
// here the way [Monitor.env] builds it, with equal values of the same
// exponents (TestRuleEnvEqualsDecimal), but
//
//   - the schedule's expected progress is computed once per check and
//     schedule, not once per project (ruleExps);
//   - the executed amount is summed month by month as the month ends
//     advance, not from January each time (execCursor);
//   - Rate and Deviation are the kernel's exact.MulDiv in int64 with
//     128-bit intermediates, rounded half away from zero at ruleplaces as
//     decimal.DivRound rounds, when the figures fit, and decimal division
//     otherwise;
//   - on a check dated a month end the month end's evaluation is the
//     check date's too (same date, same environment), so it runs once.

// expAt is a schedule's expected progress at one date, in the forms the
// environment reads.
type expAt struct {
	r    performance.Ratio
	pct  decimal.Decimal // r.Percent(ruleplaces)
	n, d int64           // r = n/d in small integers, when ok
	ok   bool
	err  error
}

func newExpAt(sc Schedule, year int, at time.Time) expAt {
	r, err := sc.Expected(year, at)
	if err != nil {
		return expAt{err: err}
	}
	e := expAt{r: r, pct: r.Percent(ruleplaces)}
	e.n, e.d, e.ok = frac(r)
	return e
}

// ruleExps holds, per schedule of a check, the expected progress at each
// month end (months[j][mo−1]) and on the check date (asOf[j]).
type ruleExps struct {
	months [][12]expAt
	asOf   []expAt
}

func newRuleExps(scheds []Schedule, year int, asOf time.Time) ruleExps {
	x := ruleExps{months: make([][12]expAt, len(scheds)), asOf: make([]expAt, len(scheds))}
	for j, sc := range scheds {
		for mo := time.January; mo <= asOf.Month(); mo++ {
			x.months[j][mo-1] = newExpAt(sc, year, monthEnd(year, mo))
		}
		x.asOf[j] = newExpAt(sc, year, asOf)
	}
	return x
}

// ruleScratch is one goroutine's reusable storage for rule evaluations.
// env is the environment being evaluated: handed to the rules engine by
// pointer, a local one moved to the heap at every month end.
type ruleScratch struct {
	res  rules.Result // the whole set's evaluations
	mres rules.Result // the month program's (Rules.months)
	seen firedSet
	env  Env
	acts []Action // a project's actions as they are found, reused
}

// firedSet is the set of triggers fired this year: a list while short, a
// map beyond (a host's prior State may carry any number of IDs).
type firedSet struct {
	ids []string
	m   map[string]bool
}

const firedListMax = 8

func (s *firedSet) reset(ids []string) {
	s.ids, s.m = append(s.ids[:0], ids...), nil
	if len(s.ids) > firedListMax {
		s.index()
	}
}

func (s *firedSet) index() {
	s.m = make(map[string]bool, len(s.ids))
	for _, id := range s.ids {
		s.m[id] = true
	}
}

func (s *firedSet) has(id string) bool {
	if s.m != nil {
		return s.m[id]
	}
	for _, x := range s.ids {
		if x == id {
			return true
		}
	}
	return false
}

func (s *firedSet) add(id string) {
	s.ids = append(s.ids, id)
	switch {
	case s.m != nil:
		s.m[id] = true
	case len(s.ids) > firedListMax:
		s.index()
	}
}

// execCursor sums one project's executed months as the month ends
// advance: in int64 fen while every month holds a fen sum and the total
// stays within exact.MaxFen, else by the ledger's exact decimal sum. It
// also remembers what the environment it fills last held (see ruleEnv).
type execCursor struct {
	acc *account // nil: the project has no records
	n   int      // months summed in fen
	fen int64
	big bool // fen no longer applies
	// budget is the last budget converted to the kernel's form (bv, bok):
	// a project's budget is the same decimal at every month end unless an
	// adjustment falls between them.
	budget   decimal.Decimal
	bv       exact.Fixed
	bok, bin bool // bin: budget holds a conversion
	// filled: the environment holds this project's constant fields. kept:
	// its Executed is keptFen fen (decimal.New(keptFen, −2)); hasUnspent,
	// hasRate: its Unspent, Rate are of that amount and of keptBudget.
	filled, kept        bool
	hasUnspent, hasRate bool
	keptFen             int64
	keptBudget          decimal.Decimal
	// share, when ok, is the check's status of the project on the fast
	// path: an environment whose executed fen and budget are the
	// status's takes its Executed and Unspent rather than building equal
	// decimals (on the check date, mostly; BenchmarkCheckRules).
	share statusFen
}

// statusFen is a fast-path status's figures: executed is fen fen
// (decimal.New(fen, −2)), unspent is budget − executed at exponent −2.
type statusFen struct {
	ok                        bool
	fen                       int64
	executed, unspent, budget decimal.Decimal
}

// fixedBudget returns exact.FromDecimal(b), converting only a budget other
// than the last one (a decimal is immutable: the same coefficient pointer
// and exponent are the same value).
func (c *execCursor) fixedBudget(b decimal.Decimal) (exact.Fixed, bool) {
	if !c.bin || c.budget != b {
		c.budget, c.bin = b, true
		c.bv, c.bok = exact.FromDecimal(b)
	}
	return c.bv, c.bok
}

// advance sums months through n (1–12, never less than the previous
// call's) and returns the executed fen; false when the sum is not one in
// fen (then c.acc.through(n) is the amount). A project without records
// has 0 fen.
func (c *execCursor) advance(n int) (int64, bool) {
	if c.acc == nil {
		return 0, true
	}
	n = max(0, min(n, 12))
	if c.big || c.acc.exact != nil || n < c.n {
		c.big = true
		return 0, false
	}
	for ; c.n < n; c.n++ {
		s := c.fen + c.acc.fen[c.n]
		if s > exact.MaxFen || s < -exact.MaxFen || c.acc.fen[c.n] > exact.MaxFen || c.acc.fen[c.n] < -exact.MaxFen {
			c.big = true
			return 0, false
		}
		c.fen = s
	}
	return c.fen, true
}

// ruleEnv is [Monitor.env] on the fast path, in place: it sets *e to the
// environment of project i on date at, with the ledger summed through
// month n by cur and the schedule's expected progress x at that date. e
// must be the environment cur filled last, if any (one project's month
// ends in order): the project's constant fields are written once, and
// Executed, Unspent and Rate are kept when the executed fen and the budget
// are those of the previous call, so that a month without payments
// builds one decimal (Deviation) instead of four. Of Unspent, Rate and
// Deviation, only those need names are computed; the others are zero or
// of an earlier call, for a program that does not read them.
func (m *Monitor) ruleEnv(e *Env, i int, at time.Time, n int, x *expAt, cur *execCursor, st Streak, need envNeeds) error {
	if x.err != nil {
		return x.err
	}
	b := &m.budgets[i]
	ini, adj := b.Initial, b.Initial
	if len(m.adjust[i]) > 0 {
		ini, adj = m.budgetsAt(i, at)
	}
	if !cur.filled {
		*e = Env{ProjectID: b.ProjectID, UnitID: b.UnitID, Category: b.Category, Host: b.Host,
			Streak: st.Behind, RedStreak: st.Red}
		cur.filled = true
	}
	e.Month, e.MonthEnd, e.Quarter = int(at.Month()), at.Day() == monthEnd(at.Year(), at.Month()).Day(), quarterOf(at)
	e.Budget, e.InitialBudget, e.AdjustedBudget = m.base(ini, adj), ini, adj
	e.Expected = x.pct
	bv, bok := cur.fixedBudget(e.Budget)
	fen, eok := cur.advance(n)
	var ev exact.Fixed
	reuse := false // e.Executed is this call's amount, of keptFen fen
	isFen := false // e.Executed is decimal.New(fen, −2)
	switch {
	case cur.acc == nil:
		// account.through's sum of nothing: decimal.Zero, at exponent 0.
		e.Executed = decimal.Zero
		ev, eok = exact.FromDecimal(e.Executed)
		reuse = cur.kept
	case eok:
		// account.through sums from decimal.Zero: the fen at exponent −2.
		ev, isFen = exact.Fixed{C: fen, E: -2}, true
		reuse = cur.kept && fen == cur.keptFen
		switch {
		case reuse:
		case cur.share.ok && fen == cur.share.fen:
			e.Executed = cur.share.executed // decimal.New(fen, −2)
		default:
			e.Executed = decimal.New(fen, -2)
		}
	default:
		e.Executed = cur.acc.through(n)
		ev, eok = exact.FromDecimal(e.Executed)
	}
	if !reuse || e.Budget != cur.keptBudget {
		cur.hasUnspent, cur.hasRate = false, false
	}
	// Below, Unspent and Rate, when set, are of this amount and budget.
	cur.kept = cur.acc == nil || !cur.big
	cur.keptFen, cur.keptBudget = fen, e.Budget
	if need.unspent && !cur.hasUnspent {
		if sh := &cur.share; sh.ok && isFen && fen == sh.fen && e.Budget == sh.budget && e.Budget.Exponent() >= -2 {
			// unspent's exponent is min(budget's, −2) = −2, its value
			// the status's budget − executed.
			e.Unspent = sh.unspent
		} else {
			e.Unspent = unspent(e.Budget, e.Executed, bv, ev, bok && eok)
		}
		cur.hasUnspent = true
	}
	if e.Budget.Sign() <= 0 {
		e.Rate, e.Deviation, cur.hasRate = decimal.Decimal{}, decimal.Decimal{}, true
		return nil
	}
	fast := bok && eok
	if need.rate && !cur.hasRate {
		if rate, ok := rateOf(bv, ev); fast && ok {
			e.Rate = decimal.New(rate, -ruleplaces)
		} else {
			e.Rate = e.Executed.Mul(hundred).DivRound(e.Budget, ruleplaces)
		}
		cur.hasRate = true
	}
	if !need.deviation {
		e.Deviation = decimal.Decimal{}
		return nil
	}
	if fast && x.ok {
		if dev, ok := devOf(bv, ev, x.n, x.d); ok {
			e.Deviation = decimal.New(dev, -ruleplaces)
			return nil
		}
	}
	// Round once, from the exact deviation, not from rounded parts.
	dev := e.Executed.Mul(x.r.Den).Sub(x.r.Num.Mul(e.Budget))
	e.Deviation = dev.Mul(hundred).DivRound(e.Budget.Mul(x.r.Den), ruleplaces)
	return nil
}

// unspent returns budget − executed as decimal subtraction gives it (at
// the smaller of the two exponents), in int64 when bv and ev (their exact
// forms, valid when ok) allow.
func unspent(budget, executed decimal.Decimal, bv, ev exact.Fixed, ok bool) decimal.Decimal {
	if ok {
		e := min(budget.Exponent(), executed.Exponent())
		bc, ok1 := exact.AtPlaces(bv, -e)
		ec, ok2 := exact.AtPlaces(ev, -e)
		if d, ok3 := sub64(bc, ec); ok1 && ok2 && ok3 {
			return decimal.New(d, e)
		}
	}
	return budget.Sub(executed)
}

// rateDev returns, as coefficients at ruleplaces rounded half away from
// zero, executed·100 ÷ budget and (executed·d − n·budget)·100 ÷
// (budget·d): the rate in percent and the deviation from n/d in points;
// false when an intermediate does not fit in int64.
func rateDev(budget, executed exact.Fixed, n, d int64) (rate, dev int64, ok bool) {
	if rate, ok = rateOf(budget, executed); !ok {
		return 0, 0, false
	}
	dev, ok = devOf(budget, executed, n, d)
	return rate, dev, ok
}

// rateOf is rateDev's rate alone.
func rateOf(budget, executed exact.Fixed) (int64, bool) {
	return exact.MulDiv(executed, exact.Fixed{C: 100}, budget, ruleplaces)
}

// devOf is rateDev's deviation alone.
func devOf(budget, executed exact.Fixed, n, d int64) (int64, bool) {
	// Both at the smaller exponent: the ratio does not depend on it.
	e := min(budget.E, executed.E)
	bc, ok1 := exact.AtPlaces(budget, -e)
	ec, ok2 := exact.AtPlaces(executed, -e)
	ed, ok3 := mul64(ec, d)
	nb, ok4 := mul64(n, bc)
	num, ok5 := sub64(ed, nb)
	bd, ok6 := mul64(bc, d)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return 0, false
	}
	return exact.MulDiv(exact.Fixed{C: num}, exact.Fixed{C: 100}, exact.Fixed{C: bd}, ruleplaces)
}

// mul64 is a·b, false on overflow (the kernel's MulDiv by one).
func mul64(a, b int64) (int64, bool) {
	return exact.MulDiv(exact.Fixed{C: a}, exact.Fixed{C: b}, exact.Fixed{C: 1}, 0)
}

// sub64 is a − b, false on overflow.
func sub64(a, b int64) (int64, bool) {
	s := a - b
	if (a >= 0) != (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, true
}
