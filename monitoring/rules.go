package monitoring

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

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
	// months is the program a month end other than the check date runs,
	// and mtrigger its trigger table: the trigger rules alone when they
	// decide alone (see triggerSet), prog and trigger otherwise; nil when
	// the set has no trigger rule, as such a month end then decides
	// nothing.
	months   *rules.Program[Env]
	mtrigger []bool
	// mneeds are the computed fields months reads.
	mneeds envNeeds
	// By month (index month − 1), for a date in that month: mskip says the
	// month program fires no rule and reports no error there, so a month
	// end before the check date is not evaluated at all; mneedsAt and
	// pneeds are the computed fields the month program and the whole set
	// read there (see monthGate). BenchmarkCheckRules, the replay's
	// check, justifies them: the bundled triggers are of August and
	// September, and the seven month ends before them decided nothing at
	// the cost of an environment each.
	mskip    [12]bool
	mneedsAt [12]envNeeds
	pneeds   [12]envNeeds
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
	r := &Rules{set: &cp, prog: p, trigger: trigger, months: p, mtrigger: trigger, mneeds: allNeeds}
	mrules := cp.Rules
	if sub, ok := triggerSet(&cp, trigger); ok {
		r.months, r.mtrigger, mrules = nil, nil, nil
		if sub != nil {
			// The same expressions and options compiled already: no error.
			tp, err := rules.Compile[Env](sub, opts...)
			if err != nil {
				return nil, err
			}
			r.months, r.mtrigger, r.mneeds = tp, make([]bool, len(sub.Rules)), needsOf(sub.Rules)
			for i := range r.mtrigger {
				r.mtrigger[i] = true
			}
			mrules = sub.Rules
		}
	}
	for mo := 1; mo <= 12; mo++ {
		r.mneedsAt[mo-1], r.mskip[mo-1] = needsAt(mrules, mo)
		r.pneeds[mo-1], _ = needsAt(cp.Rules, mo)
	}
	return r, nil
}

// monthGate returns K when a rule's condition opens with the test
// Month == K (or K == Month) on an integer literal, the first operand of
// its chain of ands: `Month == 8 && Budget >= 2000000 && …`. At an
// evaluation date of another month such a rule reads Month alone and
// neither fires nor fails, as the rules engine evaluates && from the
// left and stops at the first false operand (and reads a field only
// where an identifier names it; host fields cannot shadow Month, and a
// local of that name needs a let, which is not an and-chain).
func monthGate(r *rules.Rule) (int, bool) {
	tree, err := parser.Parse(r.When)
	if err != nil {
		return 0, false
	}
	n := tree.Node
	for {
		b, ok := n.(*ast.BinaryNode)
		if !ok || b.Operator != "&&" && b.Operator != "and" {
			break
		}
		n = b.Left
	}
	b, ok := n.(*ast.BinaryNode)
	if !ok || b.Operator != "==" {
		return 0, false
	}
	isMonth := func(n ast.Node) bool { id, ok := n.(*ast.IdentifierNode); return ok && id.Value == "Month" }
	switch {
	case isMonth(b.Left):
		if k, ok := b.Right.(*ast.IntegerNode); ok {
			return k.Value, true
		}
	case isMonth(b.Right):
		if k, ok := b.Left.(*ast.IntegerNode); ok {
			return k.Value, true
		}
	}
	return 0, false
}

// needsAt returns the computed fields rules read at a date of month mo,
// and whether none of them can fire or fail there (each is gated to
// another month, monthGate): the rules gated to another month read
// nothing computed.
func needsAt(rs []rules.Rule, mo int) (envNeeds, bool) {
	var open []rules.Rule
	for i := range rs {
		if k, ok := monthGate(&rs[i]); !ok || k == mo {
			open = append(open, rs[i])
		}
	}
	if len(open) == 0 {
		return envNeeds{}, true
	}
	return needsOf(open), false
}

// envNeeds says which of the environment's computed fields (Unspent, Rate,
// Deviation: each a decimal built per evaluation) a program reads.
type envNeeds struct{ unspent, rate, deviation bool }

var allNeeds = envNeeds{true, true, true}

// needsOf returns the computed fields the rules' expressions name. The
// rules engine reads an environment field only through an identifier of
// its exact name (rules' fieldByName), so a field no identifier names is
// never read; an expression that does not parse here names them all.
func needsOf(rs []rules.Rule) envNeeds {
	var v needsVisitor
	for _, r := range rs {
		srcs := []string{r.When}
		for _, o := range r.Outputs {
			srcs = append(srcs, o.Expr)
		}
		for _, src := range srcs {
			tree, err := parser.Parse(src)
			if err != nil {
				return allNeeds
			}
			ast.Walk(&tree.Node, &v)
		}
	}
	return v.n
}

type needsVisitor struct{ n envNeeds }

func (v *needsVisitor) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		switch id.Value {
		case "Unspent":
			v.n.unspent = true
		case "Rate":
			v.n.rate = true
		case "Deviation":
			v.n.deviation = true
		}
	}
}

// triggerSet returns the set's trigger rules as a set of their own, for
// the month ends before the check date, where only triggers are folded
// (fold), when evaluating them alone fires exactly the trigger rules that
// evaluating the whole set fires: under the collect hit policy, with no
// group holding both trigger and other rules (only a group or a first or
// unique hit policy makes one rule's firing depend on another's). It
// returns nil and true for a set without trigger rules, false when the
// whole set must run. Rule order, periods and switches are the rules'
// own, so kept; the other rules are not evaluated at those month ends, as
// Rules documents ("Other rules are evaluated once, on the check date"),
// so their runtime errors are reported from the check date alone.
// TestMonthProgramEqualsWholeSet holds a check on this set to a check on
// the whole set.
func triggerSet(s *rules.Set, trigger []bool) (*rules.Set, bool) {
	if s.HitPolicy != "" && s.HitPolicy != rules.HitCollect {
		return nil, false
	}
	kind := map[string]bool{}
	n := 0
	for i, x := range s.Rules {
		if trigger[i] {
			n++
		}
		if x.Group == "" {
			continue
		}
		if k, ok := kind[x.Group]; ok && k != trigger[i] {
			return nil, false
		}
		kind[x.Group] = trigger[i]
	}
	if n == 0 {
		return nil, true
	}
	sub := *s
	sub.Rules = make([]rules.Rule, 0, n)
	for i, x := range s.Rules {
		if trigger[i] {
			sub.Rules = append(sub.Rules, x)
		}
	}
	return &sub, true
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

// isTrigger reports whether fired rule f of a program whose trigger table
// is trigger is tagged "trigger", in constant time.
func isTrigger(trigger []bool, f *rules.Fired) bool {
	return f.Index >= 0 && f.Index < len(trigger) && trigger[f.Index]
}

// evalTo evaluates program p (the set's or its month-end program) for one
// env into res, reusing its storage, recording only the rules that fired
// (monitoring reads nothing else).
func evalTo(p *rules.Program[Env], res *rules.Result, env *Env, at time.Time) error {
	return p.EvalTo(res, env, rules.EvalOptions{AsOf: at, FiredOnly: true})
}

// fold folds an evaluation's fired rules into o (trigger is the trigger
// table of the program evaluated; evalErr is the
// evaluation's own error: it is returned and nothing is folded).
// onlyTriggers keeps trigger rules only (month-end evaluations), skipping
// those in fired (the triggers that already fired this year) and adding
// those that fire to it; else trigger rules are ignored (the check-date
// evaluation) and fired is not used.
func fold(trigger []bool, res *rules.Result, evalErr error, onlyTriggers bool, fired *firedSet, o *outcome) error {
	if evalErr != nil {
		return evalErr
	}
	var errs []string
	for _, e := range res.Errors {
		errs = append(errs, e.Error())
	}
	for i := range res.Fired {
		f := &res.Fired[i]
		trig := isTrigger(trigger, f)
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
	exp, err := m.schedule(i).Expected(m.year, at)
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

// envAt sets *e to the environment of project i on date at through month
// n: by ruleEnv, updating the environment the cursor last filled and
// computing only the fields need names, or by env (every field) when the
// monitor is held to the decimal path.
func (m *Monitor) envAt(e *Env, c *projectCheck, cur *execCursor, i int, at time.Time, n int, x *expAt, st Streak, need envNeeds) error {
	if m.noFast {
		v, err := m.env(i, at, c.l, n, st)
		if err != nil {
			return err
		}
		*e = v
		return nil
	}
	return m.ruleEnv(e, i, at, n, x, cur, st, need)
}

// ruleOutcome evaluates trigger rules at each month end after the previous
// check up to asOf, then the other rules on asOf; acc is the project's
// account (nil without records). A month end before asOf runs the month
// program (the trigger rules alone when they decide alone, triggerSet; no
// program when the set has no trigger) unless the monitor is held to the
// decimal path, which runs the whole set everywhere. A check dated a month
// end evaluates that month end once, with the whole set: its environment
// and date are the check date's, so its result serves both folds.
func (m *Monitor) ruleOutcome(c *projectCheck, sc *ruleScratch, i int, acc *account, fired []string, s *Status) (outcome, error) {
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
	cur := execCursor{acc: acc}
	if c.run.fast[i] && acc != nil {
		// The status's fen figures, for environments of equal ones.
		cur.share = statusFen{ok: true, fen: s.Executed.CoefficientInt64(), executed: s.Executed, unspent: s.Unspent, budget: s.Budget}
	}
	j := m.schedIdx[i]
	r := m.rules
	var evalErr error
	evaluated := false // sc.res holds the evaluation of asOf
	asOfKey := dayKey(asOf)
	for mo := from; mo <= asOf.Month(); mo++ {
		end := monthEnd(m.year, mo)
		k := dayKey(end)
		if k > asOfKey {
			break
		}
		last := k == asOfKey
		// Each program evaluates into its own result: a result keeps its
		// program's frame.
		prog, trig, res, need := r.months, r.mtrigger, &sc.mres, r.mneedsAt[mo-1]
		if last || m.noFast {
			prog, trig, res, need = r.prog, r.trigger, &sc.res, r.pneeds[mo-1]
		} else if r.mskip[mo-1] {
			// No rule of the month program can fire or fail at this
			// month end (needsAt); the decimal path evaluates it.
			continue
		}
		if prog == nil {
			continue
		}
		if err := m.envAt(&sc.env, c, &cur, i, end, int(mo), &c.rexp.months[j][mo-1], st, need); err != nil {
			return o, err
		}
		evalErr = evalTo(prog, res, &sc.env, end)
		if err := fold(trig, res, evalErr, true, &sc.seen, &o); err != nil {
			errs = append(errs, err.Error())
		}
		evaluated = last
	}
	trigLevel := o.level
	o.level, o.rule = LevelNone, ""
	if !evaluated {
		if err := m.envAt(&sc.env, c, &cur, i, asOf, int(asOf.Month()), &c.rexp.asOf[j], st, r.pneeds[asOf.Month()-1]); err != nil {
			return o, err
		}
		evalErr = evalTo(r.prog, &sc.res, &sc.env, asOf)
	}
	if err := fold(r.trigger, &sc.res, evalErr, false, nil, &o); err != nil {
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
