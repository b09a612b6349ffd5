package policy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Round is the ex-ante assessment of a round's submissions (事前绩效评估):
// one Assessment per submission that could be assessed, in input order,
// and the round summaries (per round, then all rounds pooled) in total, per
// department and per region, reduction rates to 2 places of a percent.
type Round struct {
	Policy      performance.PolicyRef `json:"policy"`
	Assessments []*exante.Assessment  `json:"assessments"`
	Summaries   []exante.RoundSummary `json:"rounds"`
}

// AssessRound assesses every submission with its goals (trees by project
// ID) under the ex-ante stage, with the rules in force at asOf (zero checks
// no effective periods), with workers goroutines (as
// exante.Assessor.AssessBatch, which stops within one project of ctx's
// cancellation and returns what is finished with the wrapped ctx error),
// and sums the rounds with the program's org. One submission that cannot
// be assessed is
// left out and its *exante.AssessError returned beside the rest;
// unknown units are counted under exante.Unassigned and reported as
// performance.Problems. Every Assessment and summary carries the policy
// ref. It returns ErrNoStage without an ex-ante stage.
func (pr *Program) AssessRound(ctx context.Context, asOf time.Time, subs []exante.Submission, trees map[string]*goals.Tree, workers int) (*Round, error) {
	if pr.assessor == nil {
		return nil, fmt.Errorf("%w: exante", ErrNoStage)
	}
	as, err := pr.assessorAt(asOf).AssessBatch(ctx, subs, trees, workers)
	for _, a := range as {
		a.Policy = pr.ref
	}
	sums, serr := exante.SummarizeRounds(as, pr.org, 2)
	for i := range sums {
		sums[i].Policy = pr.ref
	}
	return &Round{Policy: pr.ref, Assessments: as, Summaries: sums}, errors.Join(err, serr)
}

// Assess assesses one submission with its goals (nil when it has none) as
// of asOf; see exante.Assessor.Assess for the errors.
func (pr *Program) Assess(asOf time.Time, s *exante.Submission, tree *goals.Tree) (*exante.Assessment, error) {
	if pr.assessor == nil {
		return nil, fmt.Errorf("%w: exante", ErrNoStage)
	}
	a, err := pr.assessorAt(asOf).Assess(s, tree)
	if a != nil {
		a.Policy = pr.ref
	}
	return a, err
}

// AssessEach assesses each submission with its goals (trees[i]; nil for
// none) under the ex-ante rules in force at asOf (zero: every enabled
// rule), as [Program.Assess] does one by one: out[i] and errs[i] are for
// subs[i]. It is exante.Assessor.AssessEach's, or ErrNoStage; a cancelled
// ctx returns nil slices and ctx's error.
func (pr *Program) AssessEach(ctx context.Context, asOf time.Time, subs []exante.Submission, trees []*goals.Tree) ([]*exante.Assessment, []error, error) {
	return pr.AssessEachShared(ctx, asOf, subs, trees, nil)
}

// AssessEachShared is [Program.AssessEach] sharing the experts' combined
// scores of the batch through share with the other programs assessing
// the same submissions whose scoring sheet is equal to this one's (see
// exante.ScoreShare and exante.Assessor.AssessEachShared); a nil share
// shares nothing. A backtest deciding a batch under two policies passes
// both the same share.
func (pr *Program) AssessEachShared(ctx context.Context, asOf time.Time, subs []exante.Submission, trees []*goals.Tree, share *exante.ScoreShare) ([]*exante.Assessment, []error, error) {
	if pr.assessor == nil {
		return nil, nil, fmt.Errorf("%w: exante", ErrNoStage)
	}
	out, errs, err := pr.assessorAt(asOf).AssessEachShared(ctx, subs, trees, share)
	for _, a := range out {
		if a != nil {
			a.Policy = pr.ref
		}
	}
	return out, errs, err
}

func (pr *Program) assessorAt(asOf time.Time) *exante.Assessor {
	if asOf.IsZero() {
		return pr.assessor
	}
	return pr.assessor.WithOptions(exante.AssessOptions{AsOf: asOf})
}

// Monitor returns a monitor of fiscal year year under the monitoring stage,
// with the program's org, its rule set when it has one, and the given
// budgets and adjustments; see monitoring.New for the problems reported
// beside a usable monitor. A host that checks quarter after quarter keeps
// the monitor and passes each Report's State to the next Check; the
// reports carry no policy ref then (see [Program.CheckQuarter]).
func (pr *Program) Monitor(year int, budgets []monitoring.Budget, adjustments []monitoring.Adjustment) (*monitoring.Monitor, error) {
	if pr.mpolicy == nil {
		return nil, fmt.Errorf("%w: monitoring", ErrNoStage)
	}
	// monitoring.New validates, and so writes to, the policy it is given:
	// give it a copy, as checks run concurrently.
	pol := *pr.mpolicy
	m, err := monitoring.New(year, &pol, pr.org, budgets, adjustments)
	if m != nil && pr.mrules != nil {
		m = m.WithRules(pr.mrules)
	}
	return m, err
}

// CheckQuarter is the monitoring check at asOf (绩效运行监控) of the fiscal
// year of asOf: the budgets and adjustments, the execution in l (a ledger
// of that year, as of asOf) and the state of the previous check (zero for
// the first). The report carries the policy ref. Problems of budgets and
// adjustments are in the report; the error is non-nil only when no report
// could be made (an invalid policy or a ledger of another year) or when ctx
// was cancelled (as monitoring.Monitor.CheckContext: within one project,
// no report, ctx's error wrapped).
func (pr *Program) CheckQuarter(ctx context.Context, asOf time.Time, budgets []monitoring.Budget, adjustments []monitoring.Adjustment, l *monitoring.Ledger, prior monitoring.State) (*monitoring.Report, error) {
	m, err := pr.Monitor(asOf.Year(), budgets, adjustments)
	if m == nil {
		return nil, err
	}
	rep, err := m.CheckContext(ctx, asOf, l, prior)
	if rep != nil {
		rep.Policy = pr.ref
	}
	return rep, err
}

// CheckProjects is [Program.CheckQuarter] for a caller that reads only
// the projects' statuses and actions, as monitoring.Monitor.CheckProjects:
// the same projects, problems and project actions, without the groups and
// the unit actions (so its State is not one for a following check). A
// replay of past years decides each year's check this way.
func (pr *Program) CheckProjects(ctx context.Context, asOf time.Time, budgets []monitoring.Budget, adjustments []monitoring.Adjustment, l *monitoring.Ledger, prior monitoring.State) (*monitoring.Report, error) {
	m, err := pr.Monitor(asOf.Year(), budgets, adjustments)
	if m == nil {
		return nil, err
	}
	rep, err := m.CheckProjects(ctx, asOf, l, prior)
	if rep != nil {
		rep.Policy = pr.ref
	}
	return rep, err
}

// ReconcileSelf scores units' self-evaluation forms (单位自评) under the
// policy's goals configuration, grades them under its scheme and lists
// every stated figure that differs, with workers goroutines (as
// evaluation.SelfBatch; zero or less means one). Custom scoring
// expressions of the forms' indicators compile with the host's options the
// program was compiled with, so they may call its functions. The results are in the
// order of forms and carry the policy ref; errs is nil when every form was
// reconciled cleanly, else one entry per result (nil for the clean ones).
// When ctx is cancelled it returns the forms finished so far and ctx's
// error wrapped as err.
func (pr *Program) ReconcileSelf(ctx context.Context, forms []evaluation.SelfEvaluation, workers int) ([]evaluation.Reconciliation, []error, error) {
	b := evaluation.SelfBatch{Config: pr.goals, Scheme: pr.Scheme(), Workers: workers, KeepScores: true, Options: pr.opts}
	out, errs, err := b.Reconcile(ctx, forms)
	for i := range out {
		out[i].Policy = pr.ref
	}
	return out, errs, err
}

// EvaluateKey scores a round of key or deep evaluations (重点评价, 深度绩效评价)
// under the policy's framework, checks the figures the report published
// (with the zero performance.ShareCheck) and, when the policy has a
// results-application stage, applies it as of asOf. The result and its
// next-year plan carry the policy ref. The report's own org is used, as
// evaluation.KeyReport.Evaluate does. Errors are Evaluate's.
func (pr *Program) EvaluateKey(asOf time.Time, r *evaluation.KeyReport) (*evaluation.KeyReportResult, error) {
	res, err := r.Evaluate(pr.framework, pr.apply, performance.ShareCheck{}, asOf)
	if res != nil {
		res.Policy = pr.ref
		if res.NextYear != nil {
			res.NextYear.Policy = pr.ref
		}
	}
	return res, err
}

// Apply applies the results-application stage (结果应用) as of asOf to the
// year's project outcomes and departments' carried-over balances, with the
// program's org. The plan carries the policy ref; errors are
// evaluation.ApplyProgram.Apply's, or ErrNoStage.
func (pr *Program) Apply(asOf time.Time, projects []evaluation.ProjectOutcome, depts []evaluation.DepartmentOutcome) (*evaluation.NextYear, error) {
	return pr.ApplyWith(asOf, projects, depts, evaluation.ApplyOptions{})
}

// ApplyWith is [Program.Apply] with options: the policy's org and
// evaluation.ApplyProgram.ApplyWith's, or ErrNoStage.
func (pr *Program) ApplyWith(asOf time.Time, projects []evaluation.ProjectOutcome, depts []evaluation.DepartmentOutcome, o evaluation.ApplyOptions) (*evaluation.NextYear, error) {
	if pr.apply == nil {
		return nil, fmt.Errorf("%w: apply", ErrNoStage)
	}
	ny, err := pr.apply.ApplyWith(projects, depts, pr.org, asOf, o)
	if ny != nil {
		ny.Policy = pr.ref
	}
	return ny, err
}

// Grade grades a score under the policy's scheme.
func (pr *Program) Grade(score decimal.Decimal, flags ...string) (performance.Band, error) {
	return pr.scheme.Grade(score, flags...)
}

// policyHash is the hash history recorded for a monitoring stage without a
// rule set: the sha256 of the policy's JSON.
func policyHash(p *monitoring.Policy) string {
	b, _ := json.Marshal(p)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
