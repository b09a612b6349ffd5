package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// PublicPolicies is the year's performance management of public policies
// (政策绩效管理, of performance.PublicPolicy, not of this package's Policy):
// the ex-ante sheet new and continuing policies are assessed on, and the
// rules concluding their ex-post evaluations continue, adjust or exit.
type PublicPolicies struct {
	// ExAnte is the scoring configuration of the ex-ante assessment
	// (政策事前绩效评估); criteria naming no sheet and declaring no
	// dimensions or items use exante.PolicySheet, zero thresholds 80 and
	// 60 (illustrative).
	ExAnte exante.AssessCriteria `json:"ex_ante"`
	// ExPost are the conclusion rules of the ex-post evaluation
	// (政策绩效评价); required. evaluation.DefaultPolicyRules is the bundled
	// illustrative set.
	ExPost *evaluation.PolicyRules `json:"ex_post"`
}

// DefaultPublicPolicies returns the bundled illustrative configuration:
// the policy sheet (exante.PolicySheet) and evaluation.DefaultPolicyRules.
func DefaultPublicPolicies() *PublicPolicies {
	return &PublicPolicies{ExAnte: exante.AssessCriteria{Sheet: exante.SheetPolicy}, ExPost: evaluation.DefaultPolicyRules()}
}

// parsePublicPolicies reads the public_policies member strictly: unknown
// members with their paths, the criteria checked, the rules read by
// evaluation.ParsePolicyRules, all problems at once.
func parsePublicPolicies(data []byte) (*PublicPolicies, error) {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil, nil // as if absent
	}
	var raw struct {
		ExAnte json.RawMessage `json:"ex_ante"`
		ExPost json.RawMessage `json:"ex_post"`
	}
	if err := performance.DecodeJSON(data, &raw); err != nil {
		return nil, err
	}
	p := &PublicPolicies{}
	var errs []error
	if len(raw.ExAnte) > 0 {
		if err := performance.DecodeJSON(raw.ExAnte, &p.ExAnte); err != nil {
			errs = append(errs, fmt.Errorf("ex_ante: %w", err))
		} else if err := p.ExAnte.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("ex_ante: %w", err))
		}
	}
	if len(raw.ExPost) > 0 && string(raw.ExPost) != "null" {
		r, err := evaluation.ParsePolicyRules(raw.ExPost)
		if err != nil {
			errs = append(errs, fmt.Errorf("ex_post: %w", err))
		}
		p.ExPost = r
	}
	return p, errors.Join(errs...)
}

// compilePublicPolicies prepares both halves, reporting each one's errors.
func compilePublicPolicies(p *PublicPolicies, opts []rules.Option) (*exante.PolicyAssessor, *evaluation.PolicyProgram, error) {
	a, aerr := exante.NewPolicyAssessor(p.ExAnte)
	if aerr != nil {
		aerr = fmt.Errorf("ex_ante: %w", aerr)
	}
	rs := p.ExPost
	if rs == nil {
		rs = &evaluation.PolicyRules{} // Compile reports no_conclusion_rules
	}
	prog, perr := rs.Compile(opts...)
	if perr != nil {
		perr = fmt.Errorf("ex_post: %w", perr)
	}
	return a, prog, errors.Join(aerr, perr)
}

// canonPublicPolicies is the public_policies member without what only
// describes it: item and dimension names and sources, rule names and
// descriptions, the rules' sources, the scheme's name and source.
type canonPublicPolicies struct {
	Dimensions  []exante.Dimension       `json:"dimensions"`
	Items       []exante.AssessItem      `json:"items"`
	Method      exante.CombineMethod     `json:"method"`
	Places      int32                    `json:"places"`
	Thresholds  exante.VerdictThresholds `json:"thresholds"`
	Conclusions *canonSet                `json:"conclusions"`
	Scheme      *performance.Scheme      `json:"scheme"`
}

// canonPublic returns p's canonical form, nil for nil so that policies
// without the member keep their hashes. A named sheet hashes as its
// dimensions and items, like the same sheet written out.
func canonPublic(p *PublicPolicies) *canonPublicPolicies {
	if p == nil {
		return nil
	}
	c := p.ExAnte
	if c.Sheet == "" && c.Dimensions == nil && c.Items == nil {
		c.Sheet = exante.SheetPolicy
	}
	r := c.Resolved()
	cp := &canonPublicPolicies{Method: r.Method, Places: r.Places, Thresholds: r.Thresholds}
	for _, d := range r.Dimensions {
		cp.Dimensions = append(cp.Dimensions, d.Code)
	}
	for _, it := range r.Items {
		it.Name = ""
		cp.Items = append(cp.Items, it)
	}
	if x := p.ExPost; x != nil {
		cp.Conclusions = canonRules(x.Conclusions)
		if x.Scheme != nil {
			sc := *x.Scheme
			sc.Name, sc.Source = "", ""
			cp.Scheme = &sc
		}
	}
	return cp
}

// AssessPublicPolicies assesses public policies before adoption or
// extension (政策事前绩效评估) under the policy's public_policies stage; see
// exante.PolicyAssessor.Assess for the results and the problems beside
// them. Every assessment carries the policy ref. It returns an error
// wrapping [ErrNoStage] when the policy has no public_policies.
func (pr *Program) AssessPublicPolicies(proposals []exante.PolicyProposal) ([]exante.PolicyAssessment, error) {
	if pr.pubAssessor == nil {
		return nil, fmt.Errorf("policy: public policies: %w", ErrNoStage)
	}
	as, err := pr.pubAssessor.Assess(proposals)
	for i := range as {
		as[i].Policy = pr.ref
	}
	return as, err
}

// ConcludePublicPolicies concludes the ex-post evaluations of public
// policies (政策绩效评价: continue, adjust or exit) with the rules in force
// at asOf; see evaluation.PolicyProgram.Conclude. Every outcome carries the
// policy ref; evaluation.WithPolicyOutcomes then carries the conclusions to
// the projects for results application. It returns an error wrapping
// [ErrNoStage] when the policy has no public_policies.
func (pr *Program) ConcludePublicPolicies(evals []evaluation.PolicyEvaluation, asOf time.Time) ([]evaluation.PolicyOutcome, error) {
	if pr.pubRules == nil {
		return nil, fmt.Errorf("policy: public policies: %w", ErrNoStage)
	}
	out, err := pr.pubRules.Conclude(evals, asOf)
	for i := range out {
		out[i].Policy = pr.ref
	}
	return out, err
}
