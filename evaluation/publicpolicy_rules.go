package evaluation

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// PolicyEnv is what the conclusion rules of [PolicyRules] see, by these
// field names: Grade compares with "优", "良", "中", "差"; Expired is
// [performance.PublicPolicy.Expired] at Year; YearsLeft is EndYear − Year
// (0 when the term is open or over); Findings counts the findings, Serious
// the serious ones; Overlap, IdleFunds and TargetMissed say whether a
// finding of that code ([FindingOverlap] …) is present; Projects counts the
// projects funded under the policy; Amount is the policy's money a year, in
// yuan.
type PolicyEnv struct {
	PolicyID     string
	Name         string
	New          bool
	Year         int
	Expired      bool
	YearsLeft    int
	Score        decimal.Decimal
	Grade        performance.Grade
	Attainment   decimal.Decimal
	Findings     int
	Serious      int
	Overlap      bool
	IdleFunds    bool
	TargetMissed bool
	Projects     int
	Amount       decimal.Decimal
}

// Output names the conclusion rules of [PolicyRules] may give.
const (
	// OutputConclusion (string): continue, adjust or exit, or their
	// Chinese names. The first fired rule with it decides the conclusion,
	// and its other outputs are the ones used.
	OutputConclusion = "conclusion"
	// OutputCutShare (number, 0–1) with an adjust conclusion: the share cut
	// from each project funded under the policy next year; without it
	// adjust cuts nothing (the policy is revised without less money).
	OutputCutShare = "cut_share"
	// OutputRecoverUnspent (bool) with an exit conclusion: the projects'
	// unspent money is recovered (收回).
	OutputRecoverUnspent = "recover_unspent"
	// OutputReason and OutputReasonEN (string): the reason in Chinese and
	// English; without them the rule's name and description.
	OutputReason   = "reason"
	OutputReasonEN = "reason_en"
)

// PolicyRules are the rules that conclude the ex-post evaluations of public
// policies (政策绩效评价结论规则) continue, adjust or exit, and the scheme
// grading their scores. It is plain data, usually read with
// [ParsePolicyRules]; [DefaultPolicyRules] is the bundled illustrative set.
// The ex-ante assessment of public policies is package exante's
// (exante.PolicySheet, exante.PolicyAssessor).
type PolicyRules struct {
	// Conclusions are the rules over [PolicyEnv] with the outputs
	// conclusion, cut_share, recover_unspent, reason and reason_en.
	Conclusions *rules.Set `json:"conclusions"`
	// Scheme grades scores when an evaluation gives no grade; nil means
	// performance.DefaultScheme (the national bands of 财预〔2020〕10号).
	Scheme *performance.Scheme `json:"scheme,omitempty"`
	// Sources cite the documents the rules follow. They describe the rules
	// and are not part of any policy hash.
	Sources []string `json:"sources,omitempty"`
}

// ParsePolicyRules reads policy conclusion rules from JSON strictly:
// unknown members are errors with their path, the rule set is read by
// rules.ParseSet (its errors prefixed "conclusions"), and the scheme is
// checked, all at once. Expressions are checked by [PolicyRules.Compile].
func ParsePolicyRules(data []byte) (*PolicyRules, error) {
	var raw struct {
		Conclusions json.RawMessage     `json:"conclusions"`
		Scheme      *performance.Scheme `json:"scheme,omitempty"`
		Sources     []string            `json:"sources,omitempty"`
	}
	if err := performance.DecodeJSON(data, &raw); err != nil {
		return nil, fmt.Errorf("evaluation: policy conclusion rules: %w", err)
	}
	p := &PolicyRules{Scheme: raw.Scheme, Sources: raw.Sources}
	var errs []error
	if len(raw.Conclusions) > 0 && string(raw.Conclusions) != "null" {
		s, err := rules.ParseSet(raw.Conclusions)
		if err != nil {
			errs = append(errs, fmt.Errorf("conclusions: %w", err))
		}
		p.Conclusions = s
	}
	if p.Scheme != nil {
		if err := p.Scheme.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("scheme: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("evaluation: policy conclusion rules: %w", err)
	}
	return p, nil
}

// A PolicyProgram is compiled [PolicyRules]. It is immutable and safe for
// concurrent use.
type PolicyProgram struct {
	conclusions *rules.Program[PolicyEnv]
	ruleNames   []performance.Text // by rule index: name and description
	scheme      performance.Scheme
	ref         performance.RuleSetRef
}

// Problem codes of compiling and concluding.
const (
	CodeNoConclusionRules = "no_conclusion_rules"
	CodeNoConclusion      = "no_conclusion"
	CodeUnknownConclusion = "unknown_conclusion"
	CodeCutShareRange     = "cut_share_out_of_range"
	CodePolicyScore       = "policy_score_out_of_range"
	CodePolicyAttainment  = "policy_attainment_out_of_range"
	CodePolicyGrade       = "policy_grade_invalid"
	CodePolicyProject     = "policy_project_unknown"
)

// policyOutputType is the type each conclusion output must declare.
func policyOutputType(name string) (rules.Type, bool) {
	switch name {
	case OutputConclusion, OutputReason, OutputReasonEN:
		return rules.TypeString, true
	case OutputCutShare:
		return rules.TypeNumber, true
	case OutputRecoverUnspent:
		return rules.TypeBool, true
	}
	return "", false
}

// Compile checks and compiles the rules with the host's rules options
// (functions and types). It returns every problem at once: no conclusion
// rules, outputs of unknown names or the wrong type (as
// [performance.Problems]), and the rules engine's compile errors
// (*rules.Error, with positions).
func (p *PolicyRules) Compile(opts ...rules.Option) (*PolicyProgram, error) {
	var ps performance.Problems
	pp := &PolicyProgram{scheme: performance.DefaultScheme()}
	if p.Scheme != nil {
		pp.scheme = *p.Scheme
	}
	if p.Conclusions == nil {
		ps.Add(CodeNoConclusionRules, "conclusions", "缺少政策评价结论规则", "no conclusion rules")
		return nil, fmt.Errorf("evaluation: policy conclusion rules: %w", ps)
	}
	pp.ref = performance.RuleSetRef{ID: p.Conclusions.ID, Version: p.Conclusions.Version, Hash: p.Conclusions.Hash()}
	for i, r := range p.Conclusions.Rules {
		pp.ruleNames = append(pp.ruleNames, performance.Text{ZH: r.Name, EN: r.Description})
		for j, o := range r.Outputs {
			op := "conclusions.rules[" + strconv.Itoa(i) + "].outputs[" + strconv.Itoa(j) + "]"
			want, ok := policyOutputType(o.Name)
			switch {
			case !ok:
				ps.Add("unknown_output", op+".name", "未知输出："+o.Name, "unknown output "+o.Name)
			case o.Type != want:
				ps.Add("wrong_output_type", op+".type", fmt.Sprintf("输出 %s 的类型应为 %s", o.Name, want),
					fmt.Sprintf("output %s must be of type %s", o.Name, want))
			}
		}
	}
	opts = append([]rules.Option{rules.WithType[performance.Grade]("grade", performance.ParseGrade)}, opts...)
	prog, cerr := rules.Compile[PolicyEnv](p.Conclusions, opts...)
	if err := errors.Join(ps.Err(), cerr); err != nil {
		return nil, fmt.Errorf("evaluation: policy conclusion rules: %w", err)
	}
	pp.conclusions = prog
	return pp, nil
}

// Conclude runs the conclusion rules over each evaluation (asOf selects the
// rules in force) and returns the outcomes sorted by policy ID. An
// evaluation with problems — an invalid policy, a repeated policy ID, a
// score outside 0–100 or attainment outside 0–1, an invalid grade, more
// than [MaxPolicyFindings] findings, no rule concluding, an unknown
// conclusion, a cut share outside 0–1 — is left out and reported, every
// problem with its path ("evaluations[2].score") as [performance.Problems],
// beside the others' outcomes; a rule failing at run time is reported
// likewise, as an error naming the policy. The work is linear in the
// evaluations and their projects.
func (pp *PolicyProgram) Conclude(evals []PolicyEvaluation, asOf time.Time) ([]PolicyOutcome, error) {
	out := make([]PolicyOutcome, 0, len(evals))
	var ps performance.Problems
	var errs []error
	seen := make(map[string]bool, len(evals))
	hundred, one := decimal.NewFromInt(100), decimal.NewFromInt(1)
	for i := range evals {
		ev := &evals[i]
		path := "evaluations[" + strconv.Itoa(i) + "]"
		n := len(ps)
		if err := ev.Policy.Validate(); err != nil {
			var vp performance.Problems
			errors.As(err, &vp)
			ps = append(ps, vp.Prefix(path+".policy")...)
		}
		if id := ev.Policy.ID; id != "" && seen[id] {
			ps.Add(performance.CodePublicPolicyID, path+".policy.id", "政策编号重复: "+id, "policy id repeated: "+id)
		}
		seen[ev.Policy.ID] = true
		if ev.Score.Sign() < 0 || ev.Score.GreaterThan(hundred) {
			ps.Add(CodePolicyScore, path+".score", "评价得分超出 0–100: "+ev.Score.String(), "score outside 0–100: "+ev.Score.String())
		}
		if ev.Attainment.Sign() < 0 || ev.Attainment.GreaterThan(one) {
			ps.Add(CodePolicyAttainment, path+".attainment", "目标完成率超出 0–1: "+ev.Attainment.String(),
				"attainment outside 0–1: "+ev.Attainment.String())
		}
		if !ev.Grade.Valid() {
			ps.Add(CodePolicyGrade, path+".grade", "评价等级无效", "invalid grade")
		}
		if len(ev.Findings) > MaxPolicyFindings {
			ps.AddLimit(&performance.LimitError{Path: path + ".findings", Name: "count",
				Value: int64(len(ev.Findings)), Max: MaxPolicyFindings})
		}
		if len(ps) > n {
			continue
		}
		o, err := pp.conclude(ev, asOf)
		if err != nil {
			var rp performance.Problems
			if errors.As(err, &rp) {
				ps = append(ps, rp.Prefix(path)...)
			} else {
				errs = append(errs, fmt.Errorf("evaluation: policy %s: %w", ev.Policy.ID, err))
			}
			continue
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b PolicyOutcome) int { return cmp.Compare(a.PolicyID, b.PolicyID) })
	return out, errors.Join(append([]error{ps.Err()}, errs...)...)
}

// conclude decides one valid evaluation.
func (pp *PolicyProgram) conclude(ev *PolicyEvaluation, asOf time.Time) (PolicyOutcome, error) {
	p := &ev.Policy
	env := PolicyEnv{PolicyID: p.ID, Name: p.Name, New: p.New, Year: ev.Year, Expired: p.Expired(ev.Year),
		Score: ev.Score, Grade: ev.Grade, Attainment: ev.Attainment, Findings: len(ev.Findings),
		Projects: len(p.ProjectIDs), Amount: p.Amount}
	if p.EndYear > ev.Year {
		env.YearsLeft = p.EndYear - ev.Year
	}
	if env.Grade == performance.GradeNone {
		b, err := pp.scheme.Grade(ev.Score)
		if err != nil {
			return PolicyOutcome{}, err
		}
		env.Grade = b.Grade
	}
	for _, f := range ev.Findings {
		if f.Serious {
			env.Serious++
		}
		switch f.Code {
		case FindingOverlap:
			env.Overlap = true
		case FindingIdleFunds:
			env.IdleFunds = true
		case FindingTargetMissed:
			env.TargetMissed = true
		}
	}
	res, err := pp.conclusions.Eval(&env, rules.EvalOptions{AsOf: asOf})
	if err != nil {
		return PolicyOutcome{}, err
	}
	if len(res.Errors) > 0 {
		errs := make([]error, len(res.Errors))
		for i, e := range res.Errors {
			errs[i] = e
		}
		return PolicyOutcome{}, errors.Join(errs...)
	}
	o := PolicyOutcome{PolicyID: p.ID, Year: ev.Year, Score: ev.Score, Grade: env.Grade, RuleSet: pp.ref,
		Fired: make([]string, 0, len(res.Fired)), Projects: make([]PolicyStanding, 0, len(p.ProjectIDs))}
	var ps performance.Problems
	var decider *rules.Fired
	for fi := range res.Fired {
		f := &res.Fired[fi]
		o.Fired = append(o.Fired, f.RuleID)
		v, ok := f.Output(OutputConclusion)
		if !ok || decider != nil {
			continue
		}
		c, err := ParsePolicyConclusion(v.String())
		if err != nil || c == ConclusionNone {
			ps.Add(CodeUnknownConclusion, "conclusion", "规则 "+f.RuleID+" 给出未知结论: "+v.String(),
				"rule "+f.RuleID+" gives an unknown conclusion: "+v.String())
			return o, ps
		}
		o.Conclusion, o.Rule, decider = c, f.RuleID, f
	}
	if decider == nil {
		ps.Add(CodeNoConclusion, "conclusion", "没有规则给出政策评价结论", "no rule gave a conclusion")
		return o, ps
	}
	o.Reason = pp.reasonOf(decider)
	switch o.Conclusion {
	case PolicyAdjust:
		if v, ok := decider.Output(OutputCutShare); ok {
			share := v.Decimal()
			if share.Sign() < 0 || share.GreaterThan(decimal.NewFromInt(1)) {
				ps.Add(CodeCutShareRange, "cut_share", "规则 "+decider.RuleID+" 的调减比例超出 0–1: "+share.String(),
					"rule "+decider.RuleID+": cut_share "+share.String()+" is outside 0–1")
				return o, ps
			}
			o.CutShare = share
		}
	case PolicyExit:
		if v, ok := decider.Output(OutputRecoverUnspent); ok {
			o.Recover = v.Bool()
		}
	}
	for _, id := range p.ProjectIDs {
		o.Projects = append(o.Projects, PolicyStanding{ProjectID: id, PolicyID: p.ID, Conclusion: o.Conclusion,
			CutShare: o.CutShare, NoFunding: o.Conclusion == PolicyExit, Recover: o.Recover})
	}
	return o, nil
}

// reasonOf is the deciding rule's reason outputs, else its name and
// description.
func (pp *PolicyProgram) reasonOf(f *rules.Fired) performance.Text {
	t := pp.ruleNames[f.Index]
	if v, ok := f.Output(OutputReason); ok && v.String() != "" {
		t.ZH = v.String()
	}
	if v, ok := f.Output(OutputReasonEN); ok && v.String() != "" {
		t.EN = v.String()
	}
	return t
}

// WithPolicyOutcomes returns a copy of projects with each funded under a
// concluded public policy given its [PolicyStanding] (ProjectOutcome.Policy),
// for results application to read. A project under several policies takes
// the gravest conclusion (exit over adjust over continue; between equals
// the larger cut share, then recovery, then the smaller policy ID), so the
// result does not depend on the order of either list; cut shares are not
// added, which could exceed the whole. A project a policy lists that is not
// among projects is reported as a problem (code policy_project_unknown,
// path "policies[i].projects[j]") beside the result: nothing is dropped
// silently.
func WithPolicyOutcomes(projects []ProjectOutcome, outcomes []PolicyOutcome) ([]ProjectOutcome, error) {
	out := slices.Clone(projects)
	at := make(map[string]int, len(out))
	for i, p := range out {
		if _, dup := at[p.ProjectID]; !dup {
			at[p.ProjectID] = i
		}
	}
	var ps performance.Problems
	for i, o := range outcomes {
		for j, s := range o.Projects {
			k, ok := at[s.ProjectID]
			if !ok {
				ps.Add(CodePolicyProject, "policies["+strconv.Itoa(i)+"].projects["+strconv.Itoa(j)+"]",
					"政策 "+o.PolicyID+" 项下项目不在评价结果中: "+s.ProjectID,
					"policy "+o.PolicyID+" funds a project not among the outcomes: "+s.ProjectID)
				continue
			}
			if cur := out[k].Policy; cur.Conclusion == ConclusionNone || graver(s, cur) {
				out[k].Policy = s
			}
		}
	}
	return out, ps.Err()
}

// graver reports whether standing a weighs more than b.
func graver(a, b PolicyStanding) bool {
	if a.Conclusion != b.Conclusion {
		return a.Conclusion > b.Conclusion
	}
	if c := a.CutShare.Cmp(b.CutShare); c != 0 {
		return c > 0
	}
	if a.Recover != b.Recover {
		return a.Recover
	}
	return strings.Compare(a.PolicyID, b.PolicyID) < 0
}

//go:embed publicpolicy.json
var defaultPolicyRulesJSON []byte

// DefaultPolicyRules returns a fresh copy of the bundled policy conclusion
// rules (publicpolicy.json in this package): expired and scored below 80,
// exit; graded 差, exit; graded 中, adjust with a 20% cut; a serious
// finding, an overlap or idle money, adjust with a 10% cut; otherwise
// continue; an exit recovers unspent money.
//
// Sources, as the file's sources and each rule's description say: the
// principle (policies expired or performing poorly cleaned up and ended, a
// dynamic evaluation-and-adjustment mechanism) is 中发〔2018〕34号's; the
// grades and their bands are those of 财预〔2020〕10号; every number (the
// 80-point bar, the 20% and 10% shares) is illustrative.
func DefaultPolicyRules() *PolicyRules {
	p, err := ParsePolicyRules(defaultPolicyRulesJSON)
	if err != nil {
		panic("evaluation: bundled publicpolicy.json is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return p
}
