package history

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
)

// ErrPolicy is matched by every error of ParsePolicy and Compile; it is
// policy.ErrPolicy.
var ErrPolicy = policy.ErrPolicy

// A Policy is a fiscal-year policy (政策版本) as package policy defines it:
// history replays its ex-ante, monitoring, grading and results-application
// stages.
type Policy = policy.Policy

// MonitoringPolicy is the monitoring part of a Policy.
type MonitoringPolicy = policy.Monitoring

// ParsePolicy reads a policy from JSON strictly, as policy.Parse.
func ParsePolicy(data []byte) (*Policy, error) { return policy.Parse(data) }

// MonthDay is a day of the year, such as 30 September.
type MonthDay struct {
	Month time.Month
	Day   int
}

// in returns the date of d in year; the zero MonthDay gives def's.
func (d MonthDay) in(year int, def MonthDay) time.Time {
	if d.Month == 0 {
		d = def
	}
	return time.Date(year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// Dates are the days of each replayed year on which the stages are run.
// The zero value is the documented default: the monitoring check on 30
// September (the third quarter), adjustments dated 30 June, results
// application on 31 December.
type Dates struct {
	// Check is the monitoring check; months whose end falls after it are
	// not in the ledger.
	Check MonthDay
	// Adjust is the date given to each recorded budget adjustment.
	Adjust MonthDay
	// Apply is the as-of date of results application.
	Apply MonthDay
}

var (
	defaultCheck  = MonthDay{time.September, 30}
	defaultAdjust = MonthDay{time.June, 30}
	defaultApply  = MonthDay{time.December, 31}
)

// A Program is a compiled policy (policy.Program) with the replay dates.
// It is immutable and safe for concurrent use.
type Program struct {
	prog      *policy.Program
	dates     Dates
	exanteIDs map[string]bool
}

// Compile compiles p with org, standards and the host's options, as
// (*policy.Policy).Compile, for replay on the default Dates. org places
// units in departments and regions for results application and for the
// report's budget deltas; it must not be nil.
func Compile(p *Policy, org *performance.Org, standards []performance.ExpenditureStandard, opts ...rules.Option) (*Program, error) {
	if org == nil {
		return nil, fmt.Errorf("%w: no organisation tree", ErrPolicy)
	}
	prog, err := p.Compile(org, standards, opts...)
	if err != nil {
		return nil, err
	}
	return New(prog), nil
}

// New returns a replay Program of a compiled policy, on the default Dates.
// prog must have been compiled with an org.
func New(prog *policy.Program) *Program {
	pr := &Program{prog: prog}
	if e := prog.Policy().ExAnte; e != nil {
		pr.exanteIDs = map[string]bool{}
		for _, r := range e.Rules.Rules {
			pr.exanteIDs[r.ID] = true
		}
	}
	return pr
}

// WithDates returns a Program that replays on d; pr is unchanged.
func (pr *Program) WithDates(d Dates) *Program {
	c := *pr
	c.dates = d
	return &c
}

// Ref identifies the compiled policy: id, version and the hash of
// everything that decides (policy.Program.Ref).
func (pr *Program) Ref() PolicyRef { return pr.prog.Ref() }

// Org returns the organisation tree the program was compiled with.
func (pr *Program) Org() *performance.Org { return pr.prog.Org() }

// Compiled returns the compiled policy.
func (pr *Program) Compiled() *policy.Program { return pr.prog }

// A RecordError is the error of one record: its key around the cause.
type RecordError struct {
	Key   Key
	Stage string
	Err   error
}

// Error names the record and the problem.
func (e *RecordError) Error() string {
	return fmt.Sprintf("history: %s %d: %s: %v", e.Key.ProjectID, e.Key.FiscalYear, e.Stage, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// Decide replays the policy over records of one fiscal year and returns one
// Decisions per record, in order. Stages are replayed independently on the
// recorded facts, through the compiled policy's stage methods: the goal
// review of the submitted goals when the policy has goal_review rules (a
// review that does not pass is an ex-ante gate failure), the ex-ante
// assessment on the submission, monitoring on the recorded execution at the
// check date (Dates.Check, default 30 September), the scheme on the
// recorded score, results application on the recorded execution,
// attainment, carry-over and request with the grade just given (as of
// Dates.Apply, default 31 December). A stage that fails for a record leaves
// that stage nil in its Decisions and its *RecordError in the returned
// error; the other records and stages are unaffected.
//
// Records of different fiscal years must be decided in separate calls (the
// monitoring check is of one year); Decide reports them as errors.
func (pr *Program) Decide(recs []*Record) ([]*Decisions, error) {
	return pr.decide(context.Background(), recs)
}

// decide is Decide checking ctx before each record of each stage (and
// before the monitoring check and the results application of the batch,
// each one call over all of its records). Once ctx is cancelled it returns
// nil decisions and ctx's error, unwrapped: the caller drops the batch.
func (pr *Program) decide(ctx context.Context, recs []*Record) ([]*Decisions, error) {
	return pr.decideShared(ctx, recs, decideOptions{explain: true})
}

// decideQuiet is decide without the explanations (the ex-ante reasons and
// NextYearDecision.Explanation stay empty), for runs that neither record
// nor render them: a Replay's sums and a Verify's JSON, which leaves the
// explanations out.
func (pr *Program) decideQuiet(ctx context.Context, recs []*Record) ([]*Decisions, error) {
	return pr.decideShared(ctx, recs, decideOptions{})
}

// decideOptions tune decideShared.
type decideOptions struct {
	// shared holds what the programs deciding the batch share (see
	// shared); nil shares nothing.
	shared *shared
	// explain renders the explanations: the ex-ante reasons and results
	// application's (NextYearDecision.Explanation).
	explain bool
	// facts, when not nil, receives what Program.explain needs to render
	// them afterwards for a few records of the batch.
	facts *batchFacts
	// scratch, when not nil, lends the stages' inputs storage reused
	// from batch to batch (see scratch); nil allocates it per batch.
	scratch *scratch
}

// scratch is the storage of the stages' inputs a worker reuses from one
// batch to the next, for one program: the submissions, goal trees and
// review errors of the ex-ante assessment and the outcomes of results
// application, rebuilt from the records for every batch. Nothing decided
// points into it (the assessments and consequences copy what they keep),
// and a batch's facts, which hold the outcomes, are dropped with the
// batch. A Diff gives each of its programs its own.
type scratch struct {
	subs       []exante.Submission
	trees      []*goals.Tree
	reviewErrs []error
	outcomes   []evaluation.ProjectOutcome
}

// reuse returns n zero elements in buf's storage when it has room, in a
// new array otherwise.
func reuse[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// submissions, trees, reviewErrs and outcomes return n zero elements of
// the scratch's storage; a nil scratch allocates them.
func (s *scratch) submissions(n int) []exante.Submission {
	if s == nil {
		return make([]exante.Submission, n)
	}
	s.subs = reuse(s.subs, n)
	return s.subs
}

func (s *scratch) goalTrees(n int) []*goals.Tree {
	if s == nil {
		return make([]*goals.Tree, n)
	}
	s.trees = reuse(s.trees, n)
	return s.trees
}

func (s *scratch) errors(n int) []error {
	if s == nil {
		return make([]error, n)
	}
	s.reviewErrs = reuse(s.reviewErrs, n)
	return s.reviewErrs
}

func (s *scratch) projectOutcomes(n int) []evaluation.ProjectOutcome {
	if s == nil {
		return make([]evaluation.ProjectOutcome, n)
	}
	s.outcomes = reuse(s.outcomes, n)
	return s.outcomes
}

// strs hands out the sorted string lists of a batch's decisions (rules
// fired, actions) from one backing array: a record's list is appended at
// its end, then sorted and cut without repeats and capped, so that
// appending to it copies. One allocation per batch and stage instead of
// one per record.
type strs struct{ buf []string }

func newStrs(n int) strs { return strs{buf: make([]string, 0, n)} }

// sorted returns the strings appended since start (len(s.buf) then),
// sorted and without repeats; nil when there are none.
func (s *strs) sorted(start int) []string {
	l := s.buf[start:]
	if len(l) == 0 {
		return nil
	}
	sort.Strings(l)
	l = slices.Compact(l)
	s.buf = s.buf[:start+len(l)]
	return l[:len(l):len(l)]
}

// decideShared is decide with options.
func (pr *Program) decideShared(ctx context.Context, recs []*Record, o decideOptions) ([]*Decisions, error) {
	out := make([]*Decisions, len(recs))
	if len(recs) == 0 {
		return out, nil
	}
	var errs []error
	year := recs[0].Project.FiscalYear
	ref := pr.Ref()
	ds := make([]Decisions, len(recs)) // one allocation for the batch's decisions
	for i, r := range recs {
		ds[i].Policy = ref
		out[i] = &ds[i]
		if r.Project.FiscalYear != year {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "decide", Err: fmt.Errorf("fiscal year %d in a batch of %d", r.Project.FiscalYear, year)})
		}
	}
	if len(errs) > 0 {
		return out, errors.Join(errs...)
	}
	exante, monitor, apply := pr.prog.Stages()
	if exante {
		errs = append(errs, pr.decideExAnte(ctx, recs, out, o)...)
	}
	if monitor && ctx.Err() == nil {
		errs = append(errs, pr.decideAlerts(ctx, year, recs, out, o.shared)...)
	}
	if ctx.Err() == nil {
		errs = append(errs, pr.decideGrades(ctx, recs, out)...)
	}
	if apply && ctx.Err() == nil {
		errs = append(errs, pr.decideNextYear(ctx, year, recs, out, o)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, errors.Join(errs...)
}

func (pr *Program) decideExAnte(ctx context.Context, recs []*Record, out []*Decisions, o decideOptions) []error {
	var errs []error
	sc := o.scratch
	subs, trees := sc.submissions(len(recs)), sc.goalTrees(len(recs))
	reviewErrs := sc.errors(len(recs)) // reported in record order, before the record's ex-ante error
	for i, r := range recs {
		if ctx.Err() != nil {
			return nil
		}
		subs[i] = exante.Submission{Round: r.Round, Project: r.Project, Experts: r.Experts}
		trees[i] = r.Goals
		rv, rerr := pr.reviewGoals(r)
		if rerr != nil {
			reviewErrs[i] = &RecordError{Key: r.Key(), Stage: "goal_review", Err: rerr}
		}
		if rv != nil {
			subs[i].GoalReview = rv
			out[i].GoalReview = goalReviewDecision(rv)
		}
	}
	// one call over the batch, sharing the assessor's working memory
	ass, aerrs, cerr := pr.prog.AssessEachShared(ctx, time.Time{}, subs, trees, o.shared.scoreShare())
	if cerr != nil {
		if ctx.Err() != nil {
			return nil
		}
		for i, r := range recs {
			if reviewErrs[i] != nil {
				errs = append(errs, reviewErrs[i])
			}
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "exante", Err: cerr})
		}
		return errs
	}
	if o.facts != nil {
		o.facts.assessments = ass
	}
	eds := make([]ExAnteDecision, len(recs))
	fired := newStrs(4 * len(recs))
	for i, r := range recs {
		if reviewErrs[i] != nil {
			errs = append(errs, reviewErrs[i])
		}
		as, err := ass[i], aerrs[i]
		if err != nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "exante", Err: err})
			continue
		}
		d := &eds[i]
		*d = ExAnteDecision{RuleSet: as.RuleSet, Fundable: as.Fundable, Verdict: as.Verdict,
			Submitted: as.Submitted, Reduced: as.Reduced, Approved: as.Approved}
		start := len(fired.buf)
		for _, h := range as.RequiredBy {
			fired.buf = append(fired.buf, h.RuleID)
		}
		if pr.exanteIDs[as.VerdictBy] {
			fired.buf = append(fired.buf, as.VerdictBy)
		}
		for _, rds := range [2][]exante.Reduction{as.Reductions, as.Increases} {
			for _, rd := range rds {
				if pr.exanteIDs[rd.RuleID] {
					fired.buf = append(fired.buf, rd.RuleID)
				}
			}
		}
		d.Fired = fired.sorted(start)
		if o.explain {
			d.Reasons = exanteReasons(as)
		}
		out[i].ExAnte = d
	}
	return errs
}

func (pr *Program) decideGrades(ctx context.Context, recs []*Record, out []*Decisions) []error {
	var errs []error
	name := pr.prog.Scheme().Name
	gds := make([]GradeDecision, len(recs))
	for i, r := range recs {
		if ctx.Err() != nil {
			return nil
		}
		b, err := pr.prog.Grade(r.Evaluation.Score)
		if err != nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "grade", Err: err})
			continue
		}
		gds[i] = GradeDecision{Scheme: name, Rating: b.Label, Grade: b.Grade}
		out[i].Grade = &gds[i]
	}
	return errs
}

func (pr *Program) decideNextYear(ctx context.Context, year int, recs []*Record, out []*Decisions, o decideOptions) []error {
	outcomes := o.scratch.projectOutcomes(len(recs))[:0]
	applyOn := pr.dates.Apply.in(year, defaultApply)
	for i, r := range recs {
		if ctx.Err() != nil {
			return nil
		}
		var g performance.Grade
		if out[i].Grade != nil {
			g = out[i].Grade.Grade
		}
		var rect evaluation.RectificationSummary // no items: the zero summary
		if len(r.Rectifications) > 0 {
			rect = evaluation.SummarizeRectifications(r.Rectifications, applyOn)[r.Project.ID]
		}
		outcomes = append(outcomes, evaluation.ProjectOutcome{
			ProjectID: r.Project.ID, UnitID: r.Project.UnitID, Kind: r.Project.Kind, Category: r.Project.Category,
			Grade: g, Score: r.Evaluation.Score, Attainment: r.Evaluation.Attainment,
			Execution: performance.Execution{InitialBudget: r.Execution.InitialBudget, AdjustedBudget: r.Execution.Budget(), Executed: o.shared.executed(recs, i)},
			CarryOver: r.CarryOver, Requested: r.Requested, Host: r.Project.Host,
			Rectification: rect,
		})
	}
	if ctx.Err() != nil {
		return nil
	}
	depts, carriers, errs := pr.departments(recs)
	outcomes, perrs := pr.withPublicPolicies(recs, outcomes, out, applyOn)
	errs = append(errs, perrs...)
	if o.facts != nil {
		o.facts.outcomes, o.facts.applyOn = outcomes, applyOn
	}
	ny, err := pr.prog.ApplyWith(applyOn, outcomes, depts, evaluation.ApplyOptions{SkipExplanations: !o.explain})
	if ny == nil {
		for _, r := range recs {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "apply", Err: err})
		}
		return errs
	}
	_, _, applyRef := pr.prog.RuleSets()
	nds := make([]NextYearDecision, len(recs))
	for i, r := range recs {
		// ny.Projects are sorted by project ID, each ID once
		j, ok := slices.BinarySearchFunc(ny.Projects, r.Project.ID, func(c evaluation.Consequence, id string) int { return strings.Compare(c.ProjectID, id) })
		if !ok {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "apply", Err: fmt.Errorf("no consequence: %w", err)})
			continue
		}
		// ny is this call's own: its Fired slices are taken, not copied.
		c := &ny.Projects[j]
		nds[i] = NextYearDecision{RuleSet: applyRef, Action: c.Action, Requested: c.Requested, Amount: c.Amount,
			Recovered: c.Recovered, BlocksSimilar: c.BlocksSimilar, Rule: c.Rule, Fired: c.Fired, Explanation: c.Explanation}
		out[i].NextYear = &nds[i]
	}
	for i, dd := range carriers {
		found := false
		for _, a := range ny.Departments {
			if a.Node.ID == dd.DepartmentID {
				dd.Cut, dd.Rule, found = a.CarryOverCut, a.Rule, true
			}
		}
		if !found {
			errs = append(errs, &RecordError{Key: recs[i].Key(), Stage: "department", Err: fmt.Errorf("department %s not applied: %w", dd.DepartmentID, err)})
			continue
		}
		if out[i].NextYear != nil {
			out[i].NextYear.Department = dd
		}
	}
	return errs
}

// departments scores the department-wide evaluations the records carry
// under the policy: their outcomes for results application and, by record
// index, their decisions (cut filled in later). A department carried by
// two records, or one that cannot be scored, is an error of its record.
func (pr *Program) departments(recs []*Record) ([]evaluation.DepartmentOutcome, map[int]*DepartmentDecision, []error) {
	var outs []evaluation.DepartmentOutcome
	var errs []error
	carriers := map[int]*DepartmentDecision{}
	seen := map[string]bool{}
	for i, r := range recs {
		d := r.Department
		if d == nil {
			continue
		}
		id := d.Evaluation.DepartmentID
		if seen[id] {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "department", Err: fmt.Errorf("department %s carried by more than one record", id)})
			continue
		}
		seen[id] = true
		res, err := pr.prog.EvaluateDepartment(&d.Evaluation)
		if res == nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "department", Err: err})
			continue
		}
		if err != nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "department", Err: err})
		}
		outs = append(outs, res.Outcome(d.CarryOver, d.PriorCarryOver))
		carriers[i] = &DepartmentDecision{DepartmentID: id, Score: res.Score, Grade: res.Grade, By: res.By}
	}
	return outs, carriers, errs
}

func sortedUnique(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}
