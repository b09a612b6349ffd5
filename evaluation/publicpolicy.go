package evaluation

import (
	"fmt"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// PolicyConclusion is what the ex-post evaluation of a public policy
// concludes (政策评价结论): continue, adjust or exit (继续实施、调整完善、退出),
// the dynamic evaluation-and-adjustment 中发〔2018〕34号 asks for (建立动态
// 评价调整机制，政策到期、绩效低下的政策要及时清理退出). The zero value,
// ConclusionNone, means nothing was concluded. Values are append-only.
type PolicyConclusion uint8

const (
	// ConclusionNone means no conclusion (未作结论). It is the zero value.
	ConclusionNone PolicyConclusion = iota
	// PolicyContinue is 继续实施: the policy and its projects go on.
	PolicyContinue
	// PolicyAdjust is 调整完善: the policy goes on revised; its projects are
	// cut by the deciding rule's share.
	PolicyAdjust
	// PolicyExit is 退出 (清理退出): the policy ends; its projects get no
	// funding next year and, where the rule says so, their unspent money is
	// recovered (收回).
	PolicyExit
)

var conclusionTable = enum.Table[PolicyConclusion]{
	{V: ConclusionNone, Code: "", Zh: "未作结论", En: "none"},
	{V: PolicyContinue, Code: "continue", Zh: "继续实施", Aliases: []string{"继续"}},
	{V: PolicyAdjust, Code: "adjust", Zh: "调整完善", Aliases: []string{"调整", "完善"}},
	{V: PolicyExit, Code: "exit", Zh: "退出", Aliases: []string{"清理退出", "取消"}},
}

// ParsePolicyConclusion reads a conclusion from its code (continue, adjust,
// exit; in any case; "" for none) or its Chinese name (继续实施, 调整完善,
// 退出; also 继续, 调整, 完善, 清理退出, 取消). Anything else is an error
// wrapping [ErrUnknownName] that names the allowed values.
func ParsePolicyConclusion(s string) (PolicyConclusion, error) {
	if v, ok := conclusionTable.Parse(s); ok {
		return v, nil
	}
	return ConclusionNone, unknown("policy conclusion", s, conclusionTable)
}

// String returns the conclusion's code: "continue", "adjust", "exit", or ""
// for ConclusionNone.
func (c PolicyConclusion) String() string { return conclusionTable.String(int(c), "PolicyConclusion") }

// Name returns the conclusion in the given language: "继续实施" or
// "continue" ("未作结论" or "none" for ConclusionNone).
func (c PolicyConclusion) Name(l performance.Lang) string {
	return conclusionTable.Name(int(c), l, "PolicyConclusion")
}

// MarshalText encodes the conclusion's code.
func (c PolicyConclusion) MarshalText() ([]byte, error) {
	if int(c) >= len(conclusionTable) {
		return nil, fmt.Errorf("evaluation: unknown policy conclusion %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes any form [ParsePolicyConclusion] accepts.
func (c *PolicyConclusion) UnmarshalText(b []byte) error {
	return enum.DecodeTable(c, conclusionTable, false, ParsePolicyConclusion, b)
}

// Finding codes a [PolicyFinding] may carry that [PolicyEnv] turns into
// flags; other codes are counted only.
const (
	// FindingOverlap: the policy overlaps or repeats another (政策交叉重复).
	FindingOverlap = "overlap"
	// FindingIdleFunds: money lies idle (资金沉淀闲置).
	FindingIdleFunds = "idle_funds"
	// FindingTargetMissed: the policy's goals were not reached (目标未实现).
	FindingTargetMissed = "target_missed"
)

// A PolicyFinding is one problem the evaluation of a policy found (发现的
// 问题), with a code for rules and whether it is serious (重大问题).
type PolicyFinding struct {
	Code    string           `json:"code"`
	Serious bool             `json:"serious,omitempty"`
	Text    performance.Text `json:"text,omitzero"`
}

// MaxPolicyFindings is the most findings one [PolicyEvaluation] may list; a
// bound on input, not a rule of any document.
const MaxPolicyFindings = 10000

// A PolicyEvaluation is the ex-post performance evaluation of one public
// policy for a fiscal year (政策绩效评价): its score (0–100) under an
// evaluation framework such as [KeyFramework] (财预〔2020〕10号 covers
// policies as well as projects), grade, attainment of its goals, and
// findings.
type PolicyEvaluation struct {
	Policy performance.PublicPolicy `json:"policy"`
	// Year is the fiscal year evaluated; the policy is expired
	// ([performance.PublicPolicy.Expired]) when its term ends in it or
	// before.
	Year int `json:"year"`
	// Score is the evaluation's total, 0 to 100.
	Score decimal.Decimal `json:"score"`
	// Grade is the evaluation's grade; GradeNone means the rules' scheme
	// grades Score.
	Grade performance.Grade `json:"grade,omitempty"`
	// Attainment is the share of the policy's goals attained, 0 to 1.
	Attainment decimal.Decimal `json:"attainment"`
	// Findings are the problems found, at most [MaxPolicyFindings].
	Findings []PolicyFinding `json:"findings,omitempty"`
}

// A PolicyOutcome is what the ex-post evaluation of one public policy
// concluded and what follows for the projects funded under it.
type PolicyOutcome struct {
	PolicyID   string            `json:"policy_id"`
	Year       int               `json:"year"`
	Score      decimal.Decimal   `json:"score"`
	Grade      performance.Grade `json:"grade"`
	Conclusion PolicyConclusion  `json:"conclusion"`
	// Rule is the ID of the rule that decided the conclusion.
	Rule string `json:"rule"`
	// Reason says why, in Chinese and English: the rule's reason outputs,
	// else its name and description.
	Reason performance.Text `json:"reason"`
	// CutShare is the share cut from each project with PolicyAdjust, zero
	// otherwise; Recover says that PolicyExit recovers the projects'
	// unspent money.
	CutShare decimal.Decimal `json:"cut_share"`
	Recover  bool            `json:"recover,omitempty"`
	// Projects are the consequences for the projects funded under the
	// policy, in the policy's order.
	Projects []PolicyStanding `json:"projects"`
	// Fired lists every rule that fired, in evaluation order.
	Fired []string `json:"fired"`
	// RuleSet identifies the conclusion rules that ran.
	RuleSet performance.RuleSetRef `json:"rule_set"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// A PolicyStanding is what a public policy's conclusion means for one
// project funded under it (政策评价结论对项目的影响), the input results
// application reads as [ProjectEnv].PolicyConclusion, PolicyCutShare and
// PolicyRecover: with PolicyExit the project gets no funding next year
// (NoFunding, 不再安排) and its unspent money is recovered when Recover;
// with PolicyAdjust it is cut by CutShare.
type PolicyStanding struct {
	ProjectID  string           `json:"project_id"`
	PolicyID   string           `json:"policy_id"`
	Conclusion PolicyConclusion `json:"conclusion"`
	CutShare   decimal.Decimal  `json:"cut_share"`
	NoFunding  bool             `json:"no_funding,omitempty"`
	Recover    bool             `json:"recover,omitempty"`
}
