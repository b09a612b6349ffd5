package exante

import (
	"errors"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// The dimensions of the policy sheet ([PolicySheet]): the ex-ante
// assessment of a public policy (政策事前绩效评估) rather than of a project.
const (
	// PolicyNecessity is 政策必要性: is the policy needed, within the
	// government's remit, not repeating another? (立项必要性 in
	// 中发〔2018〕34号 四（六）)
	PolicyNecessity Dimension = "policy_necessity"
	// PolicyObjectives is 政策目标合理性: are the policy's goals clear and
	// measurable? (绩效目标合理性 in 中发〔2018〕34号 四（六）)
	PolicyObjectives Dimension = "policy_objectives"
	// PolicyInstruments is 政策工具可行性: are the instruments (subsidy,
	// award, interest subsidy, purchase of services) and the plan workable?
	// (实施方案可行性 in 中发〔2018〕34号 四（六）)
	PolicyInstruments Dimension = "policy_instruments"
	// PolicyFunding is 资金保障与筹资合规性: is the money sized on a basis,
	// lawfully raised and affordable? (投入经济性 and 筹资合规性 in
	// 中发〔2018〕34号 四（六）)
	PolicyFunding Dimension = "policy_funding"
	// PolicyBenefit is 预期效益: are the expected economic, social and
	// ecological benefits worth the money? Not among the contents 34号 四（六）
	// lists: illustrative.
	PolicyBenefit Dimension = "policy_benefit"
)

// SheetPolicy is the ID of [PolicySheet] for [AssessCriteria.Sheet].
const SheetPolicy = "policy"

// PolicyDimensions lists the five dimensions of the policy sheet in its
// order. It returns a fresh slice.
func PolicyDimensions() []Dimension {
	return []Dimension{PolicyNecessity, PolicyObjectives, PolicyInstruments, PolicyFunding, PolicyBenefit}
}

// PolicySheet returns the ex-ante scoring sheet of a public policy
// (政策事前绩效评估评分表): 100 points over the five [PolicyDimensions],
// 20 each, each split into two items. It is the sheet a [PolicyAssessor]
// uses when its criteria name none. It returns fresh slices.
//
// Sources: 中发〔2018〕34号 四（六） asks that new major policies be assessed
// ex ante on 立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性,
// the result a precondition of the budget request; four dimensions follow
// those contents, read for a policy. 预期效益 is not among them and is
// illustrative. The weights and the items are illustrative: no national
// sheet sets them.
func PolicySheet() AssessSheet {
	const doc = "中发〔2018〕34号 四（六）: "
	const w20 = "; the weight is illustrative"
	w := decimal.NewFromInt
	return AssessSheet{
		ID:     SheetPolicy,
		Name:   performance.Text{ZH: "政策事前绩效评估评分表", EN: "ex-ante scoring sheet of a public policy"},
		Source: "中发〔2018〕34号 四（六） (the contents of a new policy's ex-ante assessment); 预期效益, the weights (20 each) and the items are illustrative",
		Dimensions: []AssessDimension{
			{Code: PolicyNecessity, Name: builtinDimensionNames[PolicyNecessity], Weight: w(20), Source: doc + "立项必要性" + w20},
			{Code: PolicyObjectives, Name: builtinDimensionNames[PolicyObjectives], Weight: w(20), Source: doc + "绩效目标合理性" + w20},
			{Code: PolicyInstruments, Name: builtinDimensionNames[PolicyInstruments], Weight: w(20), Source: doc + "实施方案可行性" + w20},
			{Code: PolicyFunding, Name: builtinDimensionNames[PolicyFunding], Weight: w(20), Source: doc + "投入经济性、筹资合规性" + w20},
			{Code: PolicyBenefit, Name: builtinDimensionNames[PolicyBenefit], Weight: w(20), Source: "illustrative (not among the contents of 中发〔2018〕34号 四（六）)"},
		},
		Items: []AssessItem{
			{ID: "PN1", Dimension: PolicyNecessity, Name: "政策出台依据是否充分、是否属于政府职责范围", Weight: w(10)},
			{ID: "PN2", Dimension: PolicyNecessity, Name: "政策需求是否真实迫切、与现有政策是否交叉重复", Weight: w(10)},
			{ID: "PO1", Dimension: PolicyObjectives, Name: "政策目标是否明确、与发展规划相符", Weight: w(10)},
			{ID: "PO2", Dimension: PolicyObjectives, Name: "绩效指标是否清晰、可衡量", Weight: w(10)},
			{ID: "PI1", Dimension: PolicyInstruments, Name: "政策工具（补助、奖励、贴息、购买服务）选择是否恰当", Weight: w(10)},
			{ID: "PI2", Dimension: PolicyInstruments, Name: "实施方案、分配办法和管理机制是否可行", Weight: w(10)},
			{ID: "PF1", Dimension: PolicyFunding, Name: "资金规模测算是否合理、依据是否充分", Weight: w(10)},
			{ID: "PF2", Dimension: PolicyFunding, Name: "筹资渠道是否合规、是否在财政承受能力之内", Weight: w(10)},
			{ID: "PB1", Dimension: PolicyBenefit, Name: "预期经济、社会、生态效益是否显著", Weight: w(12)},
			{ID: "PB2", Dimension: PolicyBenefit, Name: "效益是否可持续、风险是否可控", Weight: w(8)},
		},
	}
}

// A PolicyProposal is a public policy put to ex-ante assessment (政策事前
// 绩效评估材料) with its experts' scoring sheets over the policy sheet's
// items. No experts means not yet assessed.
type PolicyProposal struct {
	Policy  performance.PublicPolicy `json:"policy"`
	Experts []Expert                 `json:"experts,omitempty"`
}

// A PolicyAssessment is the outcome of the ex-ante assessment of one public
// policy (政策事前绩效评估结论): the combined score per dimension and the
// verdict. 中发〔2018〕34号 四（六） makes the assessment's result a
// precondition of the budget request (评估结果作为申请预算的必备要件):
// Fundable is true only for [Support] and [SupportAfterAdjustment].
type PolicyAssessment struct {
	PolicyID string `json:"policy_id"`
	Name     string `json:"name"`
	New      bool   `json:"new,omitempty"`
	// Score is the experts' combined score, nil when nobody scored the
	// policy: the verdict is then VerdictNone and the policy not fundable.
	Score *CombinedScore `json:"score,omitempty"`
	// Verdict comes from the criteria's thresholds (VerdictBy "thresholds").
	Verdict   Verdict `json:"verdict"`
	VerdictBy string  `json:"verdict_by,omitempty"`
	Fundable  bool    `json:"fundable"`
	// Reason says why, in Chinese and English.
	Reason performance.Text `json:"reason"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// A PolicyAssessor assesses public policies before they are adopted or
// extended, on the sheet machinery of projects: the same criteria, sheets,
// combination and thresholds. It is immutable and safe for concurrent use.
type PolicyAssessor struct {
	criteria AssessCriteria
	sheet    *scoreSheet
}

// NewPolicyAssessor checks the criteria and prepares them. Criteria naming
// no sheet and declaring no dimensions or items use [PolicySheet]; zero
// thresholds mean 80 and 60 (illustrative, see [VerdictThresholds]). It
// returns [AssessCriteria.Validate]'s [performance.Problems].
func NewPolicyAssessor(c AssessCriteria) (*PolicyAssessor, error) {
	if c.Sheet == "" && c.Dimensions == nil && c.Items == nil {
		c.Sheet = SheetPolicy
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.Resolved()
	return &PolicyAssessor{criteria: c, sheet: c.sheet()}, nil
}

// Criteria returns the criteria in use, the sheet spelled out
// ([AssessCriteria.Resolved]). The slices are fresh.
func (a *PolicyAssessor) Criteria() AssessCriteria { return a.criteria.Resolved() }

// Assess assesses each proposal (政策事前绩效评估): the experts' sheets are
// combined exactly as a project's ([AssessCriteria.Combine]: mean or
// trimmed mean, rounded half up once to the criteria's places) and the
// thresholds give the verdict. Results are in input order. A proposal with
// problems — an invalid policy, a repeated policy ID, a sheet naming
// unknown items or scoring out of range — is left out and its problems
// reported, every one at once with paths such as
// "proposals[1].experts[0].scores[2].score", as [performance.Problems]
// beside the others' results.
func (a *PolicyAssessor) Assess(proposals []PolicyProposal) ([]PolicyAssessment, error) {
	out := make([]PolicyAssessment, 0, len(proposals))
	var ps performance.Problems
	seen := make(map[string]bool, len(proposals))
	var sc combineScratch
	for i := range proposals {
		pr := &proposals[i]
		path := "proposals[" + strconv.Itoa(i) + "]"
		n := len(ps)
		addProblems(&ps, pr.Policy.Validate(), path+".policy")
		if id := pr.Policy.ID; id != "" && seen[id] {
			ps.Add(performance.CodePublicPolicyID, path+".policy.id", "政策编号重复: "+id, "policy id repeated: "+id)
		}
		seen[pr.Policy.ID] = true
		r := PolicyAssessment{PolicyID: pr.Policy.ID, Name: pr.Policy.Name, New: pr.Policy.New}
		if len(pr.Experts) > 0 {
			score, err := a.sheet.combine(pr.Experts, &sc)
			if err != nil {
				addProblems(&ps, err, path)
			} else {
				r.Score = score
				r.Verdict, r.VerdictBy = a.criteria.Thresholds.Verdict(score.Total), "thresholds"
			}
		}
		if len(ps) > n {
			continue // this proposal's problems are reported; the others go on
		}
		r.Fundable = r.Verdict == Support || r.Verdict == SupportAfterAdjustment
		r.Reason = policyVerdictReason(r.Verdict)
		out = append(out, r)
	}
	return out, ps.Err()
}

// addProblems appends err's problems under prefix.
func addProblems(ps *performance.Problems, err error, prefix string) {
	var p performance.Problems
	switch {
	case err == nil:
	case errors.As(err, &p):
		*ps = append(*ps, p.Prefix(prefix)...)
	default:
		ps.Add("invalid", prefix, err.Error(), err.Error())
	}
}

func policyVerdictReason(v Verdict) performance.Text {
	switch v {
	case Support:
		return performance.Text{ZH: "政策事前绩效评估结论为予以支持", EN: "the policy's ex-ante assessment supports it"}
	case SupportAfterAdjustment:
		return performance.Text{ZH: "政策事前绩效评估结论为调整完善后予以支持", EN: "supported once the policy is adjusted"}
	case Reject:
		return performance.Text{ZH: "政策事前绩效评估结论为不予支持，不得申请预算", EN: "not supported: no budget may be requested"}
	}
	return performance.Text{ZH: "未开展事前绩效评估，评估结果是申请预算的必备要件（中发〔2018〕34号 四（六））",
		EN: "not assessed: the assessment's result is a precondition of the budget request (中发〔2018〕34号 四（六）)"}
}
