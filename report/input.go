package report

import (
	"errors"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// ErrNoInput is returned by [Render] for a nil [Input].
var ErrNoInput = errors.New("report: no input")

// An Input is everything a disclosure report shows: the results of each
// stage as the stage returned them. Every section is optional; a nil or
// empty one is left out of the report with no heading. An Input serialises
// to JSON, so saved results can be rendered later (jixiao report --results).
type Input struct {
	// Title heads the page (such as 拉萨市财政局2021年度预算绩效管理信息公开);
	// empty gives a title from Year.
	Title string `json:"title,omitempty"`
	// Publisher names the body that publishes the report (发布单位).
	Publisher string `json:"publisher,omitempty"`
	// Year is the fiscal year reported on.
	Year int `json:"year"`
	// Source names the document or data the figures come from (数据来源).
	Source string `json:"source,omitempty"`

	ExAnte      *ExAnte       `json:"ex_ante,omitempty"`
	Monitoring  *Monitoring   `json:"monitoring,omitempty"`
	Evaluations []Evaluation  `json:"evaluations,omitempty"`
	Self        *Self         `json:"self,omitempty"`
	Application *Application  `json:"application,omitempty"`
	Goals       []ProjectGoal `json:"goals,omitempty"`
}

// ExAnte is the ex-ante assessment (事前绩效评估) of the year's budget rounds:
// the summaries [exante.SummarizeRounds] returns (each round with its
// departments and regions, and Round 0 for all rounds pooled) and the
// assessments they sum, for the verdict counts.
type ExAnte struct {
	Rounds      []exante.RoundSummary `json:"rounds"`
	Assessments []*exante.Assessment  `json:"assessments,omitempty"`
	// Org, when given, names each department's region beside it, since
	// departments of different regions share names (教育局).
	Org *performance.Org `json:"org,omitempty"`
}

// Monitoring is a year of in-year monitoring (绩效运行监控): the checks in date
// order as [monitoring.Monitor.Check] returned them, each continuing from the
// one before, and the year end when the year was closed.
type Monitoring struct {
	Checks  []*monitoring.Report `json:"checks"`
	YearEnd *monitoring.YearEnd  `json:"year_end,omitempty"`
	// Org places each project's unit in its department, for the alert
	// levels by department; without it only the departments' pooled
	// levels are shown.
	Org *performance.Org `json:"org,omitempty"`
	// Laggards is how many of the largest shortfalls at the last check the
	// report lists (滞后项目); zero means [DefaultLaggards].
	Laggards int `json:"laggards,omitempty"`
}

// DefaultLaggards is how many lagging projects the report lists when
// [Monitoring.Laggards] is zero: the five the demo prints (illustrative;
// no national document fixes the number).
const DefaultLaggards = 5

// MaxLaggards bounds [Monitoring.Laggards]: larger values list this many.
const MaxLaggards = 100

// An Evaluation is one round of key or deep evaluations (重点评价, 深度绩效评价)
// evaluated: its title and the result of [evaluation.KeyReport.Evaluate]
// (the grades, their distribution and the check of the published figures).
type Evaluation struct {
	ID     string                      `json:"id"`
	Title  string                      `json:"title"`
	Result *evaluation.KeyReportResult `json:"result"`
}

// Self is units' self-evaluations (单位自评) reviewed: each form as the unit
// filled it in, for the stated figures, with its reconciliation
// ([evaluation.SelfEvaluation.Reconcile]).
type Self struct {
	Title   string       `json:"title,omitempty"`
	Reviews []SelfReview `json:"reviews"`
}

// A SelfReview is one self-evaluation form and its reconciliation; a nil
// Reconciliation is a form that could not be scored, listed as such.
type SelfReview struct {
	Form           evaluation.SelfEvaluation  `json:"form"`
	Reconciliation *evaluation.Reconciliation `json:"reconciliation"`
}

// Application is the use of results in next year's budget (结果应用): the
// consequences [evaluation.ApplyProgram.Apply] returned, with the basis
// they rest on as one sentence.
type Application struct {
	Basis    string               `json:"basis,omitempty"`
	NextYear *evaluation.NextYear `json:"next_year"`
}

// A ProjectGoal is one project's performance goals (项目绩效目标) as the
// public table prints them: the project, its department, the amount and
// the indicator tree.
type ProjectGoal struct {
	ProjectID  string          `json:"project_id"`
	Name       string          `json:"name"`
	Department string          `json:"department,omitempty"`
	Amount     decimal.Decimal `json:"amount"`
	Tree       *goals.Tree     `json:"tree"`
}
