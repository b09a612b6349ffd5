package monitoring

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Env is the environment monitoring rules are written against (监控规则变量):
// one project's figures at one evaluation date. Expressions use the field
// names, such as `Deviation >= -10` or
// `Month == 8 && Budget >= 2000000 && Executed * 100 < Budget * 60`.
//
// Money fields are exact. Rate, Expected and Deviation are percentages
// rounded half up to 10 places, as exact as a finance rule needs; compare
// money fields (Executed * 100 < Budget * 60) where exactness at the boundary
// matters.
type Env struct {
	// ProjectID, UnitID and Category come from the [Budget].
	ProjectID string
	UnitID    string
	Category  string
	// Month is the month of the evaluation date (1–12); MonthEnd says the
	// date is the month's last day; Quarter is 1–4 at a quarter end, else 0.
	Month    int
	MonthEnd bool
	Quarter  int
	// Budget is of the policy's base; InitialBudget (年初预算数) and
	// AdjustedBudget (全年预算数) are as of the evaluation date.
	Budget         decimal.Decimal
	InitialBudget  decimal.Decimal
	AdjustedBudget decimal.Decimal
	// Executed is spent to date (执行数), Unspent = Budget − Executed.
	Executed decimal.Decimal
	Unspent  decimal.Decimal
	// Rate is Executed ÷ Budget in percent, Expected the schedule's expected
	// progress in percent, Deviation = Rate − Expected in points (negative
	// when behind).
	Rate      decimal.Decimal
	Expected  decimal.Decimal
	Deviation decimal.Decimal
	// Streak counts the previous consecutive checks at yellow or red, and
	// RedStreak those at red, before this one.
	Streak    int
	RedStreak int
	// Host holds the project's host fields (宿主字段) from its [Budget],
	// read by the names the policy declares (rules.Field).
	Host performance.HostValues `rules:"host"`
}

// Rules is a compiled monitoring rule set (监控规则集) that sets alert levels
// and triggers in place of a Policy's YellowGap and Triggers. It is immutable
// and safe for concurrent use.
//
// A rule's outputs, all optional:
//
//	level    string  "green", "yellow" or "red"; the worst level of the fired rules wins
//	actions  string  action codes separated by commas, such as "interview,suspend"
//	key      bool    put the project under key monitoring (重点监控)
//
// Rules tagged "trigger" are absolute triggers: they are evaluated at every
// month end since the previous check (so a quarterly check on 30 September
// also sees 31 August) and fire at most once a year per project, putting it
// under key monitoring. Other rules are evaluated once, on the check date.
type Rules struct {
	set  *rules.Set
	prog *rules.Program[Env]
	// trigger[i] says rule i (rules.Fired.Index) is tagged "trigger":
	// looked up once per fired rule, so kept as an index, not a scan.
	trigger []bool
}

//go:embed rules.json
var defaultRulesJSON []byte

// DefaultRules returns the bundled default rule set (rules.json in this
// package), equivalent to [DefaultPolicy]'s yellow gap and triggers.
func DefaultRules() *Rules {
	r, err := ParseRules(defaultRulesJSON)
	if err != nil {
		panic("monitoring: bundled rules.json is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return r
}

// DefaultRulesJSON returns the bundled default rule set as JSON.
func DefaultRulesJSON() []byte { return append([]byte(nil), defaultRulesJSON...) }

// ParseRules reads a rule set from JSON and compiles it with opts; see
// [CompileRules].
func ParseRules(data []byte, opts ...rules.Option) (*Rules, error) {
	s, err := rules.ParseSet(data)
	if err != nil {
		return nil, fmt.Errorf("monitoring: rules: %w", err)
	}
	return CompileRules(s, opts...)
}

// CompileRules compiles a rule set against [Env]. Besides the rules
// package's errors, it rejects outputs other than level, actions and key, of
// the wrong type, and constant level or action values that are unknown.
// opts are the host's rules options (functions, types and declared fields,
// which rules read from [Budget.Host]).
func CompileRules(s *rules.Set, opts ...rules.Option) (*Rules, error) {
	var errs []string
	for _, r := range s.Rules {
		for _, o := range r.Outputs {
			want, ok := map[string]rules.Type{"level": rules.TypeString, "actions": rules.TypeString, "key": rules.TypeBool}[o.Name]
			if !ok {
				errs = append(errs, fmt.Sprintf("rule %s: unknown output %q (want level, actions or key)", r.ID, o.Name))
				continue
			}
			if o.Type != want {
				errs = append(errs, fmt.Sprintf("rule %s: output %s must be of type %s", r.ID, o.Name, want))
			}
			if lit, ok := strings.CutPrefix(o.Expr, `"`); ok && strings.HasSuffix(lit, `"`) {
				lit = strings.TrimSuffix(lit, `"`)
				var err error
				if o.Name == "level" {
					var l Level
					err = l.UnmarshalText([]byte(lit))
				} else if o.Name == "actions" {
					_, err = parseActions(lit)
				}
				if err != nil {
					errs = append(errs, fmt.Sprintf("rule %s: %v", r.ID, err))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %s", rules.ErrInvalid, strings.Join(errs, "; "))
	}
	// Grades are a registered type, as in the other stages, so that a
	// host field of type grade (PriorGrade == "差") reads the same here.
	opts = append([]rules.Option{rules.WithType[performance.Grade]("grade", performance.ParseGrade)}, opts...)
	p, err := rules.Compile[Env](s, opts...)
	if err != nil {
		return nil, err
	}
	cp := *s
	cp.Rules = slices.Clone(s.Rules)
	trigger := make([]bool, len(cp.Rules))
	for i, x := range cp.Rules {
		trigger[i] = slices.Contains(x.Tags, "trigger")
	}
	return &Rules{set: &cp, prog: p, trigger: trigger}, nil
}

// ID returns the rule set's ID.
func (r *Rules) ID() string { return r.set.ID }

// Version returns the rule set's version.
func (r *Rules) Version() string { return r.set.Version }

// Hash returns the rule set's content hash, for a report to say exactly
// which policy ran.
func (r *Rules) Hash() string { return r.set.Hash() }

func parseActions(s string) ([]ActionKind, error) {
	var out []ActionKind
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		var k ActionKind
		if err := k.UnmarshalText([]byte(f)); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// outcome is what a rule evaluation decided for one project.
type outcome struct {
	level    Level
	rule     string
	key      bool
	triggers []string
	actions  []ruleAction
}

type ruleAction struct {
	kind   ActionKind
	reason string
}

// isTrigger reports whether fired rule f is tagged "trigger", in constant
// time.
func (r *Rules) isTrigger(f *rules.Fired) bool {
	return f.Index >= 0 && f.Index < len(r.trigger) && r.trigger[f.Index]
}

// evalTo evaluates the set for one env into res, reusing its storage,
// recording only the rules that fired (monitoring reads nothing else).
func (r *Rules) evalTo(res *rules.Result, env *Env, at time.Time) error {
	return r.prog.EvalTo(res, env, rules.EvalOptions{AsOf: at, FiredOnly: true})
}

// fold folds an evaluation's fired rules into o (evalErr is the
// evaluation's own error: it is returned and nothing is folded).
// onlyTriggers keeps trigger rules only (month-end evaluations), skipping
// those in fired (the triggers that already fired this year) and adding
// those that fire to it; else trigger rules are ignored (the check-date
// evaluation) and fired is not used.
func (r *Rules) fold(res *rules.Result, evalErr error, onlyTriggers bool, fired *firedSet, o *outcome) error {
	if evalErr != nil {
		return evalErr
	}
	var errs []string
	for _, e := range res.Errors {
		errs = append(errs, e.Error())
	}
	for i := range res.Fired {
		f := &res.Fired[i]
		trig := r.isTrigger(f)
		if trig != onlyTriggers || trig && fired.has(f.RuleID) {
			continue
		}
		if trig {
			fired.add(f.RuleID)
			o.triggers = append(o.triggers, f.RuleID)
			o.key = true
		}
		if v, ok := f.Output("level"); ok {
			var l Level
			if err := l.UnmarshalText([]byte(v.String())); err != nil {
				errs = append(errs, fmt.Sprintf("rule %s: %v", f.RuleID, err))
			} else if l > o.level {
				o.level, o.rule = l, f.RuleID
			}
		}
		if v, ok := f.Output("key"); ok && v.Bool() {
			o.key = true
		}
		if v, ok := f.Output("actions"); ok {
			ks, err := parseActions(v.String())
			if err != nil {
				errs = append(errs, fmt.Sprintf("rule %s: %v", f.RuleID, err))
			}
			for _, k := range ks {
				o.actions = append(o.actions, ruleAction{k, f.RuleID})
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("monitoring: rules: %s", strings.Join(errs, "; "))
	}
	return nil
}

// WithRules returns a copy of the monitor that sets alert levels and
// triggers by the rule set instead of the policy's YellowGap and Triggers.
// Escalation steps, rectification and year end still follow the policy.
// A nil r returns a copy using the policy again.
func (m *Monitor) WithRules(r *Rules) *Monitor {
	c := *m
	c.rules = r
	return &c
}

const ruleplaces = 10

// env builds the rule environment of project i as of date at, with the
// ledger summed through month n, in decimal arithmetic throughout: the
// reference [Monitor.ruleEnv] is held to (TestRuleEnvEqualsDecimal), and
// the path of a check without the fast path (noFast).
func (m *Monitor) env(i int, at time.Time, l *Ledger, n int, st Streak) (Env, error) {
	b := &m.budgets[i]
	ini, adj := m.budgetsAt(i, at)
	e := Env{ProjectID: b.ProjectID, UnitID: b.UnitID, Category: b.Category, Host: b.Host,
		Month: int(at.Month()), MonthEnd: at.Day() == monthEnd(at.Year(), at.Month()).Day(), Quarter: quarterOf(at),
		Budget: m.base(ini, adj), InitialBudget: ini, AdjustedBudget: adj,
		Executed: l.executedThrough(b.ProjectID, n), Streak: st.Behind, RedStreak: st.Red}
	e.Unspent = e.Budget.Sub(e.Executed)
	exp, err := m.sched[i].Expected(m.year, at)
	if err != nil {
		return Env{}, err
	}
	e.Expected = exp.Percent(ruleplaces)
	if e.Budget.Sign() > 0 {
		// Round once, from the exact deviation, not from rounded parts.
		e.Rate = e.Executed.Mul(hundred).DivRound(e.Budget, ruleplaces)
		dev := e.Executed.Mul(exp.Den).Sub(exp.Num.Mul(e.Budget))
		e.Deviation = dev.Mul(hundred).DivRound(e.Budget.Mul(exp.Den), ruleplaces)
	}
	return e, nil
}

// envAt is the environment of project i on date at through month n: by
// ruleEnv, or by env when the monitor is held to the decimal path.
func (m *Monitor) envAt(c *projectCheck, cur *execCursor, i int, at time.Time, n int, x *expAt, st Streak) (Env, error) {
	if m.noFast {
		return m.env(i, at, c.l, n, st)
	}
	return m.ruleEnv(i, at, n, x, cur, st)
}

// ruleOutcome evaluates trigger rules at each month end after the previous
// check up to asOf, then the other rules on asOf. A check dated a month
// end evaluates that month end once: its environment and date are the
// check date's, so its result serves both folds.
func (m *Monitor) ruleOutcome(c *projectCheck, sc *ruleScratch, i int, fired []string) (outcome, error) {
	var o outcome
	asOf, prior := c.asOf, c.prior
	b := &m.budgets[i]
	st := prior.Projects[b.ProjectID]
	from := time.January
	if !prior.AsOf.IsZero() && prior.AsOf.Year() == m.year {
		from = prior.AsOf.Month()
		if prior.AsOf.Day() == monthEnd(m.year, from).Day() {
			from++
		}
	}
	var errs []string
	// The triggers that fired this year, before this check and at its
	// earlier month ends.
	sc.seen.reset(fired)
	cur := execCursor{}
	if s := c.l.index.find(b.ProjectID, c.l.ids); s != nil {
		cur.acc = &s.acc
	}
	j := m.schedIdx[i]
	var evalErr error
	evaluated := false // sc.res holds the evaluation of asOf
	for mo := from; mo <= asOf.Month(); mo++ {
		end := monthEnd(m.year, mo)
		if dayKey(end) > dayKey(asOf) {
			break
		}
		var err error
		if sc.env, err = m.envAt(c, &cur, i, end, int(mo), &c.rexp.months[j][mo-1], st); err != nil {
			return o, err
		}
		evalErr = m.rules.evalTo(&sc.res, &sc.env, end)
		if err := m.rules.fold(&sc.res, evalErr, true, &sc.seen, &o); err != nil {
			errs = append(errs, err.Error())
		}
		evaluated = dayKey(end) == dayKey(asOf)
	}
	trigLevel := o.level
	o.level, o.rule = LevelNone, ""
	if !evaluated {
		var err error
		if sc.env, err = m.envAt(c, &cur, i, asOf, int(asOf.Month()), &c.rexp.asOf[j], st); err != nil {
			return o, err
		}
		evalErr = m.rules.evalTo(&sc.res, &sc.env, asOf)
	}
	if err := m.rules.fold(&sc.res, evalErr, false, nil, &o); err != nil {
		errs = append(errs, err.Error())
	}
	if trigLevel > o.level {
		o.level, o.rule = trigLevel, o.triggers[0]
	}
	if len(errs) > 0 {
		return o, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return o, nil
}
