package history

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// A Record is one project in one fiscal year as history keeps it (项目年度档案):
// what was submitted, its goals, how its budget was executed, how it was
// evaluated, what it asks for next year, and the decisions taken.
// Records are facts: a replay never changes them.
type Record struct {
	// Round is the budget round of the submission (1 一上, 2 二上).
	Round int `json:"round"`
	// Project is the project as submitted, with its cost estimate; its
	// FiscalYear is the record's year.
	Project performance.Project `json:"project"`
	// Experts are the ex-ante experts' scoring sheets, if it was assessed.
	Experts []exante.Expert `json:"experts,omitempty"`
	// Goals are the project's performance goals (绩效目标); nil when it had
	// none.
	Goals *goals.Tree `json:"goals,omitempty"`
	// Execution is the year's budget and spending.
	Execution ExecutionRecord `json:"execution"`
	// Evaluation is the year's final evaluation.
	Evaluation Evaluation `json:"evaluation"`
	// CarryOver is money carried over from earlier years and still unspent
	// at year end (结转结余), in yuan.
	CarryOver decimal.Decimal `json:"carry_over"`
	// Requested is next year's request (下年度申报数), in yuan.
	Requested decimal.Decimal `json:"requested"`
	// Forms are the unit's monitoring forms of the year (绩效监控情况表,
	// 财预〔2019〕136号), of any dates; the one dated on the replay's check
	// date is reviewed. Optional: records written before forms existed
	// have none.
	Forms []monitoring.Form `json:"forms,omitempty"`
	// Rectifications are the project's rectification items (整改事项) with
	// their completions as recorded; results application reads their
	// status at its date. Optional, as Forms.
	Rectifications []evaluation.RectificationItem `json:"rectifications,omitempty"`
	// Decisions are the decisions recorded that year, with the policy and
	// rule-set hashes that produced them; nil when none were recorded.
	Decisions *Decisions `json:"decisions,omitempty"`
	// GoalVersions is the history of the goals that year (申报, 批复, 调整),
	// nil when only the submitted goals were recorded.
	GoalVersions *goals.Versions `json:"goal_versions,omitempty"`
	// GoalExperts are the experts' judgements of the goals at review
	// (绩效目标审核专家意见), and PriorActuals last year's actuals the review
	// compares targets with; both optional.
	GoalExperts  []goals.ReviewExpert `json:"goal_experts,omitempty"`
	PriorActuals []goals.PriorValue   `json:"prior_actuals,omitempty"`
	// Department is the department-wide performance (部门整体绩效) of the
	// record's department that year, carried by one record of the
	// department; optional, as Forms. A replay scores it under the year's
	// policy and feeds its grade and score to the department rules of
	// results application.
	Department *DepartmentRecord `json:"department,omitempty"`
	// PolicyEvaluation is the year's ex-post evaluation of the public
	// policy funding the project (政策绩效评价), its ProjectIDs naming the
	// projects under it; several records may carry the same policy's, which
	// must then be identical. A replay under a policy with public_policies
	// concludes it once (continue, adjust, exit) and results application
	// reads the conclusion. Optional: records written before it have none.
	PolicyEvaluation *evaluation.PolicyEvaluation `json:"policy_evaluation,omitempty"`
}

// A DepartmentRecord is a department's year under department-wide
// performance: the department's self-evaluation form and sheets and the
// bureau's sheets (evaluation.DepartmentEvaluation, whose DepartmentID
// names the department in the org), and its carried-over balances at the
// end of this year and last year, in yuan.
type DepartmentRecord struct {
	Evaluation     evaluation.DepartmentEvaluation `json:"evaluation"`
	CarryOver      decimal.Decimal                 `json:"carry_over"`
	PriorCarryOver decimal.Decimal                 `json:"prior_carry_over"`
}

// A DepartmentDecision is what results application decided for the
// department a record carries: its department-wide score and grade under
// the policy, who gave them ("bureau", "form" or "sheet"), and the cut to
// its project budget with the rule that set it.
type DepartmentDecision struct {
	DepartmentID string            `json:"department_id"`
	Score        decimal.Decimal   `json:"score"`
	Grade        performance.Grade `json:"grade"`
	By           string            `json:"by"`
	Cut          decimal.Decimal   `json:"cut"`
	Rule         string            `json:"rule,omitempty"`
}

// Key identifies a record: the project ID and the fiscal year.
func (r *Record) Key() Key { return Key{ProjectID: r.Project.ID, FiscalYear: r.Project.FiscalYear} }

// Key identifies one project in one fiscal year.
type Key struct {
	ProjectID  string `json:"project_id"`
	FiscalYear int    `json:"fiscal_year"`
}

// ExecutionRecord is one year's budget execution of a project (预算执行).
type ExecutionRecord struct {
	// InitialBudget is the initial budget (年初预算数) and AdjustedBudget the budget
	// after in-year adjustments (全年预算数), in yuan; a zero AdjustedBudget
	// means no adjustment.
	InitialBudget  decimal.Decimal `json:"initial"`
	AdjustedBudget decimal.Decimal `json:"adjusted"`
	// Monthly is the amount spent in each month, January first; fewer than
	// twelve means nothing spent in the months left out.
	Monthly []decimal.Decimal `json:"monthly"`
	// Continuing marks a project that continues next year (跨年项目).
	Continuing bool `json:"continuing,omitempty"`
}

// Budget returns the adjusted budget, or the initial one when there was no
// adjustment.
func (e ExecutionRecord) Budget() decimal.Decimal {
	if e.AdjustedBudget.IsZero() {
		return e.InitialBudget
	}
	return e.AdjustedBudget
}

// Executed returns the amount spent in the first months months (12 for the
// year), exactly.
func (e ExecutionRecord) Executed(months int) decimal.Decimal {
	ms := e.Monthly[:min(max(months, 0), len(e.Monthly))]
	if s, ok := sumInt64(ms); ok {
		return s
	}
	sum := decimal.Zero
	for _, m := range ms {
		sum = sum.Add(m)
	}
	return sum
}

// sumInt64 is the decimal sum of ds from decimal.Zero, coefficient and
// exponent alike (decimal addition keeps the smaller exponent, so the
// sum's is the least of 0 and the terms'), in int64 arithmetic; false
// when a coefficient or the sum does not fit, and the caller adds
// decimals.
func sumInt64(ds []decimal.Decimal) (decimal.Decimal, bool) {
	e := int32(0)
	for _, d := range ds {
		e = min(e, d.Exponent())
	}
	var c int64
	for _, d := range ds {
		v, ok := exact.FromDecimal(d)
		if !ok {
			return decimal.Decimal{}, false
		}
		x, ok := exact.Scale(v.C, v.E-e)
		s := c + x
		if !ok || (x > 0 && s < c) || (x < 0 && s > c) {
			return decimal.Decimal{}, false
		}
		c = s
	}
	return decimal.New(c, e), true
}

// Evaluation is a project's final evaluation of the year: its score out of
// 100 (a key evaluation's where there was one, else the reviewed
// self-evaluation's) and the share of goals attained.
type Evaluation struct {
	// Source is "self" (单位自评) or "key" (重点评价).
	Source string `json:"source"`
	// Score is the total score, 0–100; the policy's scheme grades it.
	Score decimal.Decimal `json:"score"`
	// Attainment is the share of goals attained (目标完成率), 0 to 1.
	Attainment decimal.Decimal `json:"attainment"`
}

// Decisions are what one policy decided for one record, stage by stage. A
// nil stage was not run (the policy has no rules for it) or failed for the
// record.
type Decisions struct {
	// Policy names the history policy and its combined hash.
	Policy PolicyRef `json:"policy"`
	// GoalReview is the goal review (绩效目标审核) of the submitted goals,
	// when the policy has review rules; a review that does not pass makes
	// the ex-ante assessment unfundable.
	GoalReview *GoalReviewDecision `json:"goal_review,omitempty"`
	// ExAnte is the ex-ante assessment (事前绩效评估) of the submission.
	ExAnte *ExAnteDecision `json:"exante,omitempty"`
	// Alert is the monitoring result at the third-quarter check (三季度监控).
	Alert *AlertDecision `json:"alert,omitempty"`
	// Form is the review of the record's monitoring form dated on that
	// check; nil when the record has none.
	Form *FormDecision `json:"form,omitempty"`
	// Grade is the evaluation score graded by the policy's scheme.
	Grade *GradeDecision `json:"grade,omitempty"`
	// NextYear is the results application (结果应用) to next year's request.
	NextYear *NextYearDecision `json:"next_year,omitempty"`
	// PublicPolicy is what the evaluation of the public policy funding the
	// project concluded for it (政策评价结论), when the policy has
	// public_policies and a record of the year carries that evaluation.
	PublicPolicy *evaluation.PolicyStanding `json:"public_policy,omitempty"`
}

// PolicyRef identifies the policy that decided: id, version and the hash
// of everything that decides (performance.PolicyRef, as package policy
// computes it).
type PolicyRef = performance.PolicyRef

// ExAnteDecision is the outcome of an ex-ante assessment as history keeps
// it. Fired lists the rules whose firing the assessment reports (rules that
// made it mandatory, set the verdict, or made a reduction or an increase),
// sorted.
type ExAnteDecision struct {
	RuleSet   exante.RuleSetRef `json:"rule_set"`
	Fundable  bool              `json:"fundable"`
	Verdict   exante.Verdict    `json:"verdict"`
	Submitted decimal.Decimal   `json:"submitted"`
	Reduced   decimal.Decimal   `json:"reduced"`
	Approved  decimal.Decimal   `json:"approved"`
	Fired     []string          `json:"fired,omitempty"`
	// Reasons are the reductions and increases with their reasons, for
	// explanations; not recorded.
	Reasons []performance.Text `json:"-"`
}

// GoalReviewDecision is a goal review as history keeps it: the rules'
// version, the score, the grade's code, whether it passed, and the codes
// of its findings in order.
type GoalReviewDecision struct {
	Rules    string          `json:"rules"`
	Score    decimal.Decimal `json:"score"`
	Grade    string          `json:"grade"`
	Pass     bool            `json:"pass"`
	Findings []string        `json:"findings,omitempty"`
}

// AlertDecision is a project's monitoring status at the third-quarter
// check (30 September): the alert level, key monitoring, the actions issued
// (codes such as "notify"), and the rules that set them: the level rule and
// the triggers that fired, sorted.
type AlertDecision struct {
	RuleSet exante.RuleSetRef `json:"rule_set"`
	Level   monitoring.Level  `json:"level"`
	Key     bool              `json:"key,omitempty"`
	Actions []string          `json:"actions,omitempty"`
	Fired   []string          `json:"fired,omitempty"`
}

// FormDecision is the review of a project's monitoring form at the check
// (双监控结果): the goal outlook, the recommendation of the policy's form
// matrix, whether the form passed, and the codes of its findings and of its
// lines', sorted and without repeats.
type FormDecision struct {
	Outlook        monitoring.Outlook        `json:"outlook"`
	Recommendation monitoring.Recommendation `json:"recommendation"`
	Passed         bool                      `json:"passed"`
	Findings       []string                  `json:"findings,omitempty"`
}

// GradeDecision is the evaluation score graded by the policy's scheme.
type GradeDecision struct {
	Scheme string            `json:"scheme"`
	Rating string            `json:"rating"`
	Grade  performance.Grade `json:"grade"`
}

// NextYearDecision is the results application to next year's request: the
// action, next year's amount, the money recovered, whether similar new
// projects are blocked, the deciding rule and every rule that fired in
// evaluation order.
type NextYearDecision struct {
	RuleSet       exante.RuleSetRef       `json:"rule_set"`
	Action        evaluation.BudgetAction `json:"action"`
	Requested     decimal.Decimal         `json:"requested"`
	Amount        decimal.Decimal         `json:"amount"`
	Recovered     decimal.Decimal         `json:"recovered"`
	BlocksSimilar bool                    `json:"blocks_similar,omitempty"`
	Rule          string                  `json:"rule,omitempty"`
	Fired         []string                `json:"fired,omitempty"`
	// Department is the decision for the department the record carries
	// (Record.Department); nil for the others.
	Department *DepartmentDecision `json:"department,omitempty"`
	// Explanation says why, in Chinese and English; not recorded.
	Explanation performance.Text `json:"-"`
}
