package ruletest

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/lang"
	"io"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/rules"
)

// ErrCoverage is wrapped by the error of Coverage.Check.
var ErrCoverage = errors.New("ruletest: coverage below threshold")

// Coverage (覆盖率) accumulates, over a set of evaluations of one rule set,
// how often each rule fired and how each condition turned out. Build it with
// NewCoverage, feed it with Add. A Coverage is not safe for concurrent use.
type Coverage struct {
	set   *rules.Set
	cases int
	rules []*ruleCov
	index map[string]int
}

type ruleCov struct {
	rule      *rules.Rule
	evaluated int
	fired     int
	steps     []stepCov
}

// stepCov is one sub-expression of a when, by its pre-order index.
type stepCov struct {
	expr      string
	depth     int
	evaluated int
	trueN     int
	falseN    int
}

// NewCoverage returns an empty coverage of s, listing its rules in file
// order. s must not change while the coverage is in use.
func NewCoverage(s *rules.Set) *Coverage {
	c := &Coverage{set: s, index: make(map[string]int, len(s.Rules))}
	for i := range s.Rules {
		c.index[s.Rules[i].ID] = len(c.rules)
		c.rules = append(c.rules, &ruleCov{rule: &s.Rules[i]})
	}
	return c
}

// Add counts one evaluation result of the set. Results of other rule sets'
// rules are ignored rule by rule (an unknown rule id is skipped).
func (c *Coverage) Add(r rules.Result) {
	c.cases++
	for _, f := range r.Fired {
		rc := c.rule(f.RuleID)
		if rc == nil {
			continue
		}
		rc.evaluated++
		rc.fired++
		rc.record(f.Explanation, true)
	}
	for _, s := range r.Skipped {
		rc := c.rule(s.RuleID)
		if rc == nil {
			continue
		}
		switch s.Reason {
		case rules.ReasonConditionFalse:
			rc.evaluated++
			rc.record(s.Explanation, false)
		case rules.ReasonError:
			rc.evaluated++
			if s.Explanation != nil {
				rc.record(s.Explanation, false)
			}
		}
	}
}

func (c *Coverage) rule(id string) *ruleCov {
	i, ok := c.index[id]
	if !ok {
		return nil
	}
	return c.rules[i]
}

// record counts the condition steps of one evaluation. Without an
// explanation only the whole when is counted, true when the rule fired.
func (rc *ruleCov) record(x *rules.Explanation, fired bool) {
	if x == nil {
		if len(rc.steps) == 0 {
			rc.steps = []stepCov{{expr: rc.rule.When}}
		}
		s := &rc.steps[0]
		s.evaluated++
		if fired {
			s.trueN++
		} else {
			s.falseN++
		}
		return
	}
	i := 0
	for _, st := range x.Steps() {
		if st.Field != "when" {
			continue
		}
		if i >= len(rc.steps) {
			rc.steps = append(rc.steps, stepCov{expr: st.Expr, depth: st.Depth})
		}
		s := &rc.steps[i]
		i++
		if !st.Evaluated {
			continue
		}
		s.evaluated++
		switch st.Value {
		case "true":
			s.trueN++
		case "false":
			s.falseN++
		}
	}
}

// Merge adds the counts of o, a coverage of the same set, into c.
func (c *Coverage) Merge(o *Coverage) {
	c.cases += o.cases
	for _, orc := range o.rules {
		rc := c.rule(orc.rule.ID)
		if rc == nil {
			continue
		}
		rc.evaluated += orc.evaluated
		rc.fired += orc.fired
		for i, os := range orc.steps {
			if i >= len(rc.steps) {
				rc.steps = append(rc.steps, stepCov{expr: os.expr, depth: os.depth})
			}
			s := &rc.steps[i]
			s.evaluated += os.evaluated
			s.trueN += os.trueN
			s.falseN += os.falseN
		}
	}
}

// Cases returns the number of results added.
func (c *Coverage) Cases() int { return c.cases }

// RuleCoverage is one rule's coverage.
type RuleCoverage struct {
	RuleID string `json:"rule_id"`
	Name   string `json:"name,omitempty"`
	// Enabled is false for a disabled rule, which is not counted.
	Enabled bool `json:"enabled"`
	// Evaluated counts the cases whose condition was evaluated, Fired
	// those in which the rule fired.
	Evaluated int `json:"evaluated"`
	Fired     int `json:"fired"`
	// Conditions are the boolean sub-conditions of the when, the whole
	// when first, in source order.
	Conditions []ConditionCoverage `json:"conditions"`
}

// ConditionCoverage is one boolean sub-condition of a rule's when with the
// number of evaluations in which it was true and false.
type ConditionCoverage struct {
	Expr  string `json:"expr"`
	Depth int    `json:"depth"`
	True  int    `json:"true"`
	False int    `json:"false"`
}

// Rules returns every rule's coverage in the set's order. A condition is a
// sub-expression recorded as true or false at least once, or one never
// evaluated directly under such a condition (the right side of an and/or
// that always short-circuited).
func (c *Coverage) Rules() []RuleCoverage {
	out := make([]RuleCoverage, len(c.rules))
	for i, rc := range c.rules {
		r := RuleCoverage{RuleID: rc.rule.ID, Name: rc.rule.Name, Enabled: rc.rule.IsEnabled(), Evaluated: rc.evaluated, Fired: rc.fired}
		boolean := make([]bool, len(rc.steps))
		for j, s := range rc.steps {
			boolean[j] = s.trueN+s.falseN > 0
			if !boolean[j] && s.evaluated == 0 && s.depth > 0 {
				// The nearest step before j one level up is its parent.
				for k := j - 1; k >= 0; k-- {
					if rc.steps[k].depth == s.depth-1 {
						boolean[j] = rc.steps[k].trueN+rc.steps[k].falseN > 0
						break
					}
				}
			}
			if boolean[j] {
				r.Conditions = append(r.Conditions, ConditionCoverage{Expr: s.expr, Depth: s.depth, True: s.trueN, False: s.falseN})
			}
		}
		out[i] = r
	}
	return out
}

// GapKind classifies a coverage gap.
type GapKind uint8

// Gap kinds. The zero value GapNone is never reported.
const (
	GapNone        GapKind = iota
	GapNeverFired          // the rule never fired (从未命中)
	GapAlwaysFired         // the rule fired in every case (每例均命中)
	GapNeverTrue           // a sub-condition never turned true (从未为真)
	GapNeverFalse          // a sub-condition never turned false (从未为假)
)

// String returns the gap's stable code.
func (k GapKind) String() string {
	switch k {
	case GapNeverFired:
		return "never_fired"
	case GapAlwaysFired:
		return "always_fired"
	case GapNeverTrue:
		return "never_true"
	case GapNeverFalse:
		return "never_false"
	}
	return "none"
}

// MarshalText encodes the kind as its code.
func (k GapKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

var gapKindTable = enum.Table[GapKind]{
	{V: GapNone, Code: "none", Zh: "无"},
	{V: GapNeverFired, Code: "never_fired", Zh: "从未命中"},
	{V: GapAlwaysFired, Code: "always_fired", Zh: "每例均命中"},
	{V: GapNeverTrue, Code: "never_true", Zh: "从未为真"},
	{V: GapNeverFalse, Code: "never_false", Zh: "从未为假"},
}

// ParseGapKind reads a gap kind by its code (never_fired, always_fired,
// never_true, never_false, none; in any case) or its Chinese name (从未命中,
// 每例均命中, 从未为真, 从未为假, 无). Surrounding spaces are ignored. Anything
// else is an error that names the allowed values.
func ParseGapKind(s string) (GapKind, error) {
	if k, ok := gapKindTable.Parse(s); ok {
		return k, nil
	}
	return GapNone, fmt.Errorf("ruletest: unknown gap kind %q (%s)", s, gapKindTable.Want())
}

// UnmarshalText decodes any form [ParseGapKind] accepts.
func (k *GapKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, gapKindTable, false, ParseGapKind, b)
}

// A Gap is one thing the cases did not exercise.
type Gap struct {
	RuleID string  `json:"rule_id"`
	Kind   GapKind `json:"kind"`
	// Expr is the sub-condition for condition gaps.
	Expr string `json:"expr,omitempty"`
}

// Gaps lists, rule by rule in set order, rules that never fired or fired in
// every case, and sub-conditions (below the whole when, which the rule
// gaps already cover) that never turned true or never turned false.
// Disabled rules are left out.
func (c *Coverage) Gaps() []Gap {
	var out []Gap
	for _, r := range c.Rules() {
		if !r.Enabled {
			continue
		}
		if r.Fired == 0 {
			out = append(out, Gap{RuleID: r.RuleID, Kind: GapNeverFired})
		} else if c.cases > 0 && r.Fired == c.cases {
			out = append(out, Gap{RuleID: r.RuleID, Kind: GapAlwaysFired})
		}
		for _, k := range r.Conditions {
			if k.Depth == 0 {
				continue
			}
			if k.True == 0 {
				out = append(out, Gap{RuleID: r.RuleID, Kind: GapNeverTrue, Expr: k.Expr})
			}
			if k.False == 0 {
				out = append(out, Gap{RuleID: r.RuleID, Kind: GapNeverFalse, Expr: k.Expr})
			}
		}
	}
	return out
}

// RulePercent is the share of enabled rules that fired at least once,
// in percent rounded half up to two places; 100 for a set without enabled
// rules.
func (c *Coverage) RulePercent() decimal.Decimal {
	n, hit := 0, 0
	for _, rc := range c.rules {
		if !rc.rule.IsEnabled() {
			continue
		}
		n++
		if rc.fired > 0 {
			hit++
		}
	}
	return percent(hit, n)
}

// ConditionPercent is the share of condition outcomes observed: every
// condition of every enabled rule (the whole when included) counts twice,
// once for true and once for false. Percent rounded half up to two places;
// 100 when there are no conditions.
func (c *Coverage) ConditionPercent() decimal.Decimal {
	n, hit := 0, 0
	for _, r := range c.Rules() {
		if !r.Enabled {
			continue
		}
		if len(r.Conditions) == 0 {
			// Never evaluated: its when counts as one uncovered condition.
			n += 2
			continue
		}
		for _, k := range r.Conditions {
			n += 2
			if k.True > 0 {
				hit++
			}
			if k.False > 0 {
				hit++
			}
		}
	}
	return percent(hit, n)
}

func percent(hit, n int) decimal.Decimal {
	if n == 0 {
		return decimal.NewFromInt(100)
	}
	return decimal.NewFromInt(int64(hit)*100).DivRound(decimal.NewFromInt(int64(n)), 2)
}

// Threshold is the least coverage a run must reach, in percent. A zero
// field is not checked.
type Threshold struct {
	Rules      decimal.Decimal `json:"rules"`
	Conditions decimal.Decimal `json:"conditions"`
}

// Check returns an error wrapping ErrCoverage when rule or condition
// coverage is below th, naming the figures and the gaps; nil otherwise.
func (c *Coverage) Check(th Threshold) error {
	var short []string
	if rp := c.RulePercent(); th.Rules.IsPositive() && rp.LessThan(th.Rules) {
		short = append(short, fmt.Sprintf("rule coverage %s%% < %s%%", rp.StringFixed(2), th.Rules))
	}
	if cp := c.ConditionPercent(); th.Conditions.IsPositive() && cp.LessThan(th.Conditions) {
		short = append(short, fmt.Sprintf("condition coverage %s%% < %s%%", cp.StringFixed(2), th.Conditions))
	}
	if len(short) == 0 {
		return nil
	}
	var b strings.Builder
	for _, g := range c.Gaps() {
		fmt.Fprintf(&b, "\n  %s %s", g.RuleID, g.Kind)
		if g.Expr != "" {
			fmt.Fprintf(&b, ": %s", g.Expr)
		}
	}
	return fmt.Errorf("%w: set %s: %s%s", ErrCoverage, c.set.ID, strings.Join(short, ", "), b.String())
}

// RequireCoverage fails t when c is below th (see Coverage.Check).
func RequireCoverage(t testing.TB, c *Coverage, th Threshold) {
	t.Helper()
	if c == nil {
		t.Fatal("ruletest: no coverage")
		return
	}
	if err := c.Check(th); err != nil {
		t.Error(err)
	}
}

// WriteText renders the coverage as a plain-text report: the percentages,
// one line per rule with its counts, and the gaps. Chinese labels with
// performance.LangZH (the zero value). The output is byte-identical for
// the same counts.
func (c *Coverage) WriteText(w io.Writer, lg rules.Lang) error {
	zh := lg == lang.ZH
	t := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s (%s %s)\n", t("rule set", "规则集"), c.set.ID, c.set.Version, t("hash", "哈希"), shortHash(c.set.Hash()))
	fmt.Fprintf(&b, "%s: %d\n", t("cases", "用例数"), c.cases)
	fmt.Fprintf(&b, "%s: %s%%\n", t("rule coverage", "规则覆盖率"), c.RulePercent().StringFixed(2))
	fmt.Fprintf(&b, "%s: %s%%\n", t("condition coverage", "条件覆盖率"), c.ConditionPercent().StringFixed(2))
	for _, r := range c.Rules() {
		state := ""
		if !r.Enabled {
			state = t(" (disabled)", "（已停用）")
		}
		fmt.Fprintf(&b, "  %-28s %s %d/%d%s\n", r.RuleID, t("fired", "命中"), r.Fired, c.cases, state)
		for _, k := range r.Conditions {
			fmt.Fprintf(&b, "  %s%s  %s %d  %s %d\n", strings.Repeat("  ", k.Depth+1), k.Expr, t("true", "真"), k.True, t("false", "假"), k.False)
		}
	}
	gaps := c.Gaps()
	if len(gaps) > 0 {
		fmt.Fprintf(&b, "%s:\n", t("gaps", "未覆盖"))
		for _, g := range gaps {
			fmt.Fprintf(&b, "  %s %s", g.RuleID, g.Kind)
			if g.Expr != "" {
				fmt.Fprintf(&b, ": %s", g.Expr)
			}
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// MarshalJSON encodes the coverage as its set, counts, percentages (as
// strings), rules and gaps.
func (c *Coverage) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		SetID            string         `json:"set_id"`
		Version          string         `json:"version"`
		Hash             string         `json:"hash"`
		Cases            int            `json:"cases"`
		RulePercent      string         `json:"rule_percent"`
		ConditionPercent string         `json:"condition_percent"`
		Rules            []RuleCoverage `json:"rules"`
		Gaps             []Gap          `json:"gaps"`
	}{c.set.ID, c.set.Version, c.set.Hash(), c.cases, c.RulePercent().StringFixed(2), c.ConditionPercent().StringFixed(2), c.Rules(), c.Gaps()})
}
