package policy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// ErrNoStage is returned by a Program's stage method when the policy has no
// part for that stage.
var ErrNoStage = errors.New("policy: the policy has no such stage")

// A Program is a compiled [Policy]: every stage checked and compiled once,
// with the organisation tree, the expenditure standards and the host's
// options, and identified by one hash ([Program.Ref]). It is the one entry
// a host service needs for the year: a method per stage, each taking its
// dates as parameters and stamping its results with the policy's ref.
//
// A Program is immutable and safe for concurrent use.
type Program struct {
	ref       performance.PolicyRef
	policy    *Policy
	org       *performance.Org
	standards []performance.ExpenditureStandard
	goals     goals.Config
	scheme    performance.Scheme
	framework *evaluation.Framework

	assessor *exante.Assessor
	exRef    exante.RuleSetRef

	mpolicy *monitoring.Policy // nil: no monitoring stage
	mrules  *monitoring.Rules
	monRef  exante.RuleSetRef

	apply    *evaluation.ApplyProgram
	applyRef exante.RuleSetRef

	core *goals.Library // the policy's core indicators; nil: none

	dept *evaluation.Framework // the department framework, with the scheme

	pubAssessor *exante.PolicyAssessor    // nil: no public_policies stage
	pubRules    *evaluation.PolicyProgram // nil: no public_policies stage

	// opts are the host's options as Compile was given them, without the
	// policy's field declarations: custom goal scoring compiles with them
	// (its environment has no host values).
	opts []rules.Option
}

// Compile checks and compiles every stage of p with the host's options
// (functions, types, limits: they reach every stage's rules) and returns the
// Program. org places units in departments and regions (results
// application reads their names, monitoring pools by them, round summaries
// group by them); it may be nil, and the stages then run without it.
//
// standards are the expenditure standards (支出标准) the ex-ante line rules
// check unit prices against. They are used only when the policy carries
// none itself: a policy with inline standards, or a standards_file read by
// [Load], uses its own, and passing non-nil standards as well is an error of
// stage "standards" (two sources of caps would make the hash ambiguous).
//
// Every problem of every stage is returned at once, joined, each an
// [*Error] naming its stage and matching ErrPolicy; rule compile errors
// inside are *rules.Error with the rule id, line, column and snippet.
func (p *Policy) Compile(org *performance.Org, standards []performance.ExpenditureStandard, opts ...rules.Option) (*Program, error) {
	var errs []error
	add := func(stage string, err error) {
		if err != nil {
			errs = append(errs, &Error{Stage: stage, Err: err})
		}
	}
	if p.StandardsFile != "" && !p.standardsLoaded {
		add("standards_file", fmt.Errorf("%s not read: load the policy with policy.Load or set Standards", p.StandardsFile))
	}
	if p.standardsLoaded || p.Standards != nil {
		if standards != nil {
			add("standards", errors.New("the policy has its own expenditure standards; pass nil"))
		}
		standards = p.Standards
	}
	if err := validateFields(p.Fields); err != nil {
		add("fields", err)
	}
	if _, err := parseDate(p.EffectiveFrom); err != nil {
		add("effective_from", err)
	}
	if _, err := parseDate(p.EffectiveTo); err != nil {
		add("effective_to", err)
	}
	pr := &Program{policy: p, org: org, standards: append([]performance.ExpenditureStandard(nil), standards...),
		scheme: performance.DefaultScheme(), framework: p.Framework, opts: append([]rules.Option(nil), opts...)}
	if p.Goals != nil {
		pr.goals = *p.Goals
	}
	if p.Scheme != nil {
		if err := p.Scheme.Validate(); err != nil {
			add("scheme", err)
		}
		pr.scheme = *p.Scheme
	}
	if pr.framework == nil {
		pr.framework = evaluation.KeyFramework()
	} else if err := pr.framework.Validate(); err != nil {
		add("framework", err)
	}
	// The host's options and the policy's field declarations reach every
	// stage's rules.
	if len(p.Fields) > 0 {
		opts = append(append([]rules.Option(nil), opts...), rules.WithFields(p.Fields...))
	}
	if e := p.ExAnte; e != nil {
		a, err := e.Compile(pr.standards, opts...)
		add("exante", err)
		pr.assessor = a
		pr.exRef = exante.RuleSetRef{ID: e.Rules.ID, Version: e.Rules.Version, Hash: e.Rules.Hash()}
	}
	if m := p.Monitoring; m != nil {
		pol := monitoring.DefaultPolicy()
		if m.Policy != nil {
			cp := *m.Policy
			pol = &cp
		}
		// The hash is of the policy as written, before Validate fills in
		// what it derives (as history recorded it).
		polHash := policyHash(pol)
		add("monitoring.policy", pol.Validate())
		pr.mpolicy = pol
		if m.Rules != nil {
			r, err := monitoring.CompileRules(m.Rules, opts...)
			add("monitoring.rules", err)
			pr.mrules = r
			pr.monRef = exante.RuleSetRef{ID: m.Rules.ID, Version: m.Rules.Version, Hash: m.Rules.Hash()}
		} else {
			pr.monRef = exante.RuleSetRef{ID: "monitoring-policy", Hash: polHash}
		}
	}
	if a := p.Apply; a != nil {
		ap, err := a.Compile(opts...)
		add("apply", err)
		pr.apply = ap
		if a.Projects != nil {
			pr.applyRef = exante.RuleSetRef{ID: a.Projects.ID, Version: a.Projects.Version, Hash: a.Projects.Hash()}
		}
	}
	if r := p.GoalReview; r != nil {
		add("goal_review", r.Validate())
	}
	if r := p.GoalAdjustment; r != nil {
		add("goal_adjustment", r.Validate())
	}
	pr.dept = evaluation.DepartmentFramework()
	pr.dept.Scheme = pr.scheme
	if d := p.Department; d != nil {
		if d.Framework != nil {
			pr.dept = d.Framework
			add("department", d.Framework.Validate())
		}
		probe := goals.DepartmentForm{Method: d.Method, Coefficients: d.Coefficients}
		var ps performance.Problems
		if errors.As(probe.Validate(pr.goals), &ps) {
			for _, q := range ps {
				if q.Path == "method" || strings.HasPrefix(q.Path, "coefficients") {
					add("department", q)
				}
			}
		}
	}
	if p.CoreIndicators != nil {
		lib, err := goals.NewLibrary("policy", p.CoreIndicators, pr.opts...)
		add("core_indicators", err)
		pr.core = lib
	}
	if pp := p.PublicPolicies; pp != nil {
		a, prog, err := compilePublicPolicies(pp, pr.opts) // PolicyEnv has no host values
		add("public_policies", err)
		pr.pubAssessor, pr.pubRules = a, prog
	}
	fp, err := fingerprint(opts...)
	add("options", err)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	h, err := hashOf(p, org, pr.standards, pr.mpolicy, pr.scheme, fp)
	if err != nil {
		return nil, &Error{Stage: "policy", Err: err}
	}
	pr.ref = performance.PolicyRef{ID: p.ID, Version: p.Version, Hash: h}
	return pr, nil
}

// Ref identifies the program: the policy's id and version and the hash of
// everything that decides (see [performance.PolicyRef]). Changing a
// threshold, weight, rule, scheme band, expenditure standard, org unit, goals
// setting, host field or registered host function changes the hash;
// descriptions, display names and the JSON key order do not.
func (pr *Program) Ref() performance.PolicyRef { return pr.ref }

// Policy returns the policy the program was compiled from. It is shared:
// do not modify it.
func (pr *Program) Policy() *Policy { return pr.policy }

// Org returns the organisation tree the program was compiled with, or nil.
func (pr *Program) Org() *performance.Org { return pr.org }

// Scheme returns the grading scheme (a copy).
func (pr *Program) Scheme() performance.Scheme {
	s := pr.scheme
	s.Bands = append([]performance.Band(nil), s.Bands...)
	s.Overrides = append([]performance.Override(nil), s.Overrides...)
	return s
}

// Goals returns the goals scoring configuration.
func (pr *Program) Goals() goals.Config { return pr.goals }

// Stages reports which stages the policy has: ex-ante assessment,
// monitoring and results application (grading, self-evaluation and key
// evaluation are always available).
func (pr *Program) Stages() (exante, monitor, apply bool) {
	return pr.assessor != nil, pr.mpolicy != nil, pr.apply != nil
}

// RuleSets returns the refs of the rule sets of ex-ante assessment,
// monitoring and results application, zero for a stage the policy lacks.
// Monitoring without a rule set is named "monitoring-policy" with the hash
// of its policy.
func (pr *Program) RuleSets() (exante, monitor, apply exante.RuleSetRef) {
	return pr.exRef, pr.monRef, pr.applyRef
}
