package history

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// ErrPolicy is wrapped by every error of ParsePolicy and Compile.
var ErrPolicy = errors.New("history: bad policy")

// A Policy is everything a finance bureau decides by over a year, as one
// versioned file (政策版本): the ex-ante assessment policy, the monitoring
// policy and its rule set, the grading scheme, and the results-application
// policy. Each stage is optional; a stage left out is not replayed.
type Policy struct {
	ID          string `json:"id"`
	Version     string `json:"version,omitempty"`
	Description string `json:"description,omitempty"`
	// Scheme grades evaluation scores; nil means performance.DefaultScheme.
	Scheme *performance.Scheme `json:"scheme,omitempty"`
	// ExAnte is the ex-ante assessment policy.
	ExAnte *evaluation.ExAntePolicy `json:"exante,omitempty"`
	// Monitoring is the monitoring policy and rule set.
	Monitoring *MonitoringPolicy `json:"monitoring,omitempty"`
	// Apply is the results-application policy.
	Apply *evaluation.ApplyPolicy `json:"apply,omitempty"`
}

// MonitoringPolicy is the monitoring part of a Policy: a monitoring policy
// (nil means monitoring.DefaultPolicy) and a rule set that sets the alert
// levels and triggers (nil means the policy's own yellow gap and triggers).
type MonitoringPolicy struct {
	Policy *monitoring.Policy `json:"policy,omitempty"`
	Rules  *rules.Set         `json:"rules,omitempty"`
}

type rawPolicy struct {
	ID          string          `json:"id"`
	Version     string          `json:"version,omitempty"`
	Description string          `json:"description,omitempty"`
	Scheme      json.RawMessage `json:"scheme,omitempty"`
	ExAnte      json.RawMessage `json:"exante,omitempty"`
	Monitoring  *struct {
		Policy json.RawMessage `json:"policy,omitempty"`
		Rules  json.RawMessage `json:"rules,omitempty"`
	} `json:"monitoring,omitempty"`
	Apply json.RawMessage `json:"apply,omitempty"`
}

// ParsePolicy reads a policy from JSON strictly: each stage by its own
// package's parser (evaluation.ParseExAntePolicy, monitoring.ParsePolicy,
// rules.ParseSet, evaluation.ParseApplyPolicy), the scheme by
// performance.DecodeJSON and Scheme.Validate. Every problem is returned at
// once, each prefixed with its stage and wrapping ErrPolicy.
func ParsePolicy(data []byte) (*Policy, error) {
	var raw rawPolicy
	if err := performance.DecodeJSON(data, &raw, true); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPolicy, err)
	}
	p := &Policy{ID: raw.ID, Version: raw.Version, Description: raw.Description}
	var errs []error
	add := func(stage string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrPolicy, stage, err))
		}
	}
	if p.ID == "" {
		add("id", errors.New("empty"))
	}
	if len(raw.Scheme) > 0 {
		var s performance.Scheme
		err := performance.DecodeJSON(raw.Scheme, &s, true)
		if err == nil {
			err = s.Validate()
		}
		add("scheme", err)
		p.Scheme = &s
	}
	if len(raw.ExAnte) > 0 {
		var err error
		p.ExAnte, err = evaluation.ParseExAntePolicy(raw.ExAnte)
		add("exante", err)
	}
	if m := raw.Monitoring; m != nil {
		p.Monitoring = &MonitoringPolicy{}
		if len(m.Policy) > 0 {
			var err error
			p.Monitoring.Policy, err = monitoring.ParsePolicy(m.Policy)
			add("monitoring.policy", err)
		}
		if len(m.Rules) > 0 {
			var err error
			p.Monitoring.Rules, err = rules.ParseSet(m.Rules)
			add("monitoring.rules", err)
		}
	}
	if len(raw.Apply) > 0 {
		var err error
		p.Apply, err = evaluation.ParseApplyPolicy(raw.Apply)
		add("apply", err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// A Program is a compiled Policy together with the organisation and the
// expenditure standards it is applied with. It is immutable and safe for
// concurrent use.
type Program struct {
	ref       PolicyRef
	scheme    performance.Scheme
	assessor  *evaluation.Assessor
	exanteRef evaluation.RuleSetRef
	exanteIDs map[string]bool
	mpolicy   *monitoring.Policy
	mrules    *monitoring.Rules
	monRef    evaluation.RuleSetRef
	apply     *evaluation.ApplyProgram
	applyRef  evaluation.RuleSetRef
	org       *performance.Org
}

// Compile checks and compiles every stage of p against org and standards.
// It returns every problem at once, wrapping ErrPolicy. org places units in
// departments and regions for results application and for the report's
// budget deltas; it must not be nil.
func Compile(p *Policy, org *performance.Org, standards []performance.ExpenditureStandard) (*Program, error) {
	if org == nil {
		return nil, fmt.Errorf("%w: no organisation tree", ErrPolicy)
	}
	pr := &Program{org: org, scheme: performance.DefaultScheme()}
	if p.Scheme != nil {
		pr.scheme = *p.Scheme
	}
	var errs []error
	add := func(stage string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrPolicy, stage, err))
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "history-policy\x00%s\x00%s\x00", p.ID, p.Version)
	scheme, _ := json.Marshal(pr.scheme)
	fmt.Fprintf(h, "scheme\x00%s\x00", scheme)
	if p.ExAnte != nil {
		a, err := evaluation.NewAssessor(p.ExAnte, standards, evaluation.AssessOptions{})
		add("exante", err)
		pr.assessor = a
		pr.exanteIDs = map[string]bool{}
		for _, r := range p.ExAnte.Rules.Rules {
			pr.exanteIDs[r.ID] = true
		}
		pr.exanteRef = evaluation.RuleSetRef{ID: p.ExAnte.Rules.ID, Version: p.ExAnte.Rules.Version, Hash: p.ExAnte.Rules.Hash()}
		crit, _ := json.Marshal(p.ExAnte.Criteria)
		fmt.Fprintf(h, "exante\x00%s\x00%s\x00", pr.exanteRef.Hash, crit)
	}
	if m := p.Monitoring; m != nil {
		pr.mpolicy = m.Policy
		if pr.mpolicy == nil {
			pr.mpolicy = monitoring.DefaultPolicy()
		}
		mp, _ := json.Marshal(pr.mpolicy)
		fmt.Fprintf(h, "monitoring\x00%s\x00", mp)
		if m.Rules != nil {
			r, err := monitoring.CompileRules(m.Rules)
			add("monitoring.rules", err)
			pr.mrules = r
			pr.monRef = evaluation.RuleSetRef{ID: m.Rules.ID, Version: m.Rules.Version, Hash: m.Rules.Hash()}
			fmt.Fprintf(h, "%s\x00", pr.monRef.Hash)
		} else {
			sum := sha256.Sum256(mp)
			pr.monRef = evaluation.RuleSetRef{ID: "monitoring-policy", Hash: hex.EncodeToString(sum[:])}
		}
	}
	if p.Apply != nil {
		ap, err := evaluation.CompileApplyPolicy(p.Apply)
		add("apply", err)
		pr.apply = ap
		pr.applyRef = evaluation.RuleSetRef{ID: p.Apply.Projects.ID, Version: p.Apply.Projects.Version, Hash: p.Apply.Projects.Hash()}
		fmt.Fprintf(h, "apply\x00%s\x00", pr.applyRef.Hash)
		if p.Apply.Departments != nil {
			fmt.Fprintf(h, "%s\x00", p.Apply.Departments.Hash())
		}
		fmt.Fprintf(h, "%s\x00", p.Apply.CarryOverFloor)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	pr.ref = PolicyRef{ID: p.ID, Version: p.Version, Hash: hex.EncodeToString(h.Sum(nil))}
	return pr, nil
}

// Ref identifies the compiled policy: id, version and combined hash, which
// changes when any rule set, the scheme, the criteria or the monitoring
// policy changes.
func (pr *Program) Ref() PolicyRef { return pr.ref }

// Org returns the organisation tree the program was compiled with.
func (pr *Program) Org() *performance.Org { return pr.org }

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
// recorded facts: the ex-ante assessment on the submission, monitoring on
// the recorded execution at 30 September, the scheme on the recorded score,
// results application on the recorded execution, attainment, carry-over and
// request with the grade just given. A stage that fails for a record leaves
// that stage nil in its Decisions and its *RecordError in the returned
// error; the other records and stages are unaffected.
//
// Records of different fiscal years must be decided in separate calls (the
// monitoring check is of one year); Decide reports them as errors.
func (pr *Program) Decide(recs []*Record) ([]*Decisions, error) {
	out := make([]*Decisions, len(recs))
	if len(recs) == 0 {
		return out, nil
	}
	var errs []error
	year := recs[0].Project.FiscalYear
	for i, r := range recs {
		out[i] = &Decisions{Policy: pr.ref}
		if r.Project.FiscalYear != year {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "decide", Err: fmt.Errorf("fiscal year %d in a batch of %d", r.Project.FiscalYear, year)})
		}
	}
	if len(errs) > 0 {
		return out, errors.Join(errs...)
	}
	if pr.assessor != nil {
		errs = append(errs, pr.decideExAnte(recs, out)...)
	}
	if pr.mpolicy != nil {
		errs = append(errs, pr.decideAlerts(year, recs, out)...)
	}
	errs = append(errs, pr.decideGrades(recs, out)...)
	if pr.apply != nil {
		errs = append(errs, pr.decideNextYear(year, recs, out)...)
	}
	return out, errors.Join(errs...)
}

func (pr *Program) decideExAnte(recs []*Record, out []*Decisions) []error {
	var errs []error
	for i, r := range recs {
		as, err := pr.assessor.Assess(&evaluation.Submission{Round: r.Round, Project: r.Project, Experts: r.Experts}, r.Goals)
		if err != nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "exante", Err: err})
			continue
		}
		d := &ExAnteDecision{RuleSet: as.RuleSet, Fundable: as.Fundable, Verdict: as.Verdict,
			Submitted: as.Submitted, Reduced: as.Reduced, Approved: as.Approved}
		var fired []string
		for _, h := range as.RequiredBy {
			fired = append(fired, h.RuleID)
		}
		if pr.exanteIDs[as.VerdictBy] {
			fired = append(fired, as.VerdictBy)
		}
		for _, rd := range append(slices.Clip(as.Reductions), as.Increases...) {
			if pr.exanteIDs[rd.RuleID] {
				fired = append(fired, rd.RuleID)
			}
			where := ""
			if rd.Line != evaluation.WholeProject {
				where = fmt.Sprintf(" cost_lines[%d]", rd.Line)
			}
			head := fmt.Sprintf("%s%s %s: ", rd.RuleID, where, rd.Amount.StringFixed(2))
			d.Reasons = append(d.Reasons, performance.Text{ZH: head + rd.Reason.ZH, EN: head + rd.Reason.EN})
		}
		d.Fired = sortedUnique(fired)
		out[i].ExAnte = d
	}
	return errs
}

// checkDate is the monitoring check replayed: the end of the third quarter.
func checkDate(year int) time.Time { return time.Date(year, time.September, 30, 0, 0, 0, 0, time.UTC) }

func (pr *Program) decideAlerts(year int, recs []*Record, out []*Decisions) []error {
	budgets := make([]monitoring.Budget, 0, len(recs))
	var adjs []monitoring.Adjustment
	for _, r := range recs {
		budgets = append(budgets, monitoring.Budget{ProjectID: r.Project.ID, Name: r.Project.Name, UnitID: r.Project.UnitID,
			Category: r.Project.Category, Initial: r.Execution.Initial, Continuing: r.Execution.Continuing})
		if !r.Execution.Adjusted.IsZero() && !r.Execution.Adjusted.Equal(r.Execution.Initial) {
			adjs = append(adjs, monitoring.Adjustment{ProjectID: r.Project.ID, Date: time.Date(year, time.June, 30, 0, 0, 0, 0, time.UTC),
				Amount: r.Execution.Adjusted.Sub(r.Execution.Initial), Reason: "调整预算"})
		}
	}
	fail := func(err error) []error {
		errs := make([]error, len(recs))
		for i, r := range recs {
			errs[i] = &RecordError{Key: r.Key(), Stage: "monitoring", Err: err}
		}
		return errs
	}
	// monitoring.New validates, and so writes to, the policy it is given
	// (Base from BaseName): give it a copy, as batches run concurrently.
	pol := *pr.mpolicy
	m, err := monitoring.New(year, &pol, nil, budgets, adjs)
	if m == nil {
		return fail(err)
	}
	if pr.mrules != nil {
		m = m.WithRules(pr.mrules)
	}
	asOf := checkDate(year)
	l, err := monitoring.NewLedger(year, asOf)
	if err != nil {
		return fail(err)
	}
	for _, r := range recs {
		for mo, amt := range r.Execution.Monthly {
			if mo >= 9 || amt.IsZero() {
				continue
			}
			day := time.Date(year, time.Month(mo+2), 0, 0, 0, 0, 0, time.UTC)
			if err := l.Add(monitoring.Record{ProjectID: r.Project.ID, Date: day, Amount: amt}); err != nil {
				return fail(err)
			}
		}
	}
	rep, err := m.Check(asOf, l, monitoring.State{})
	if rep == nil {
		return fail(err)
	}
	actions := map[string][]string{}
	for _, a := range rep.Actions {
		if a.ProjectID != "" {
			actions[a.ProjectID] = append(actions[a.ProjectID], a.Kind.String())
		}
	}
	var errs []error
	for i, r := range recs {
		st, ok := rep.Status(r.Project.ID)
		if !ok {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "monitoring", Err: errors.New("not monitored")})
			continue
		}
		var fired []string
		if st.Rule != "" {
			fired = append(fired, st.Rule)
		}
		fired = append(fired, st.Triggers...)
		acts := actions[r.Project.ID]
		sort.Strings(acts)
		out[i].Alert = &AlertDecision{RuleSet: pr.monRef, Level: st.Level, Key: st.Key, Actions: slices.Compact(acts), Fired: sortedUnique(fired)}
	}
	return errs
}

func (pr *Program) decideGrades(recs []*Record, out []*Decisions) []error {
	var errs []error
	for i, r := range recs {
		b, err := pr.scheme.Grade(r.Evaluation.Score)
		if err != nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "grade", Err: err})
			continue
		}
		out[i].Grade = &GradeDecision{Scheme: pr.scheme.Name, Rating: b.Label, Grade: b.Grade}
	}
	return errs
}

func (pr *Program) decideNextYear(year int, recs []*Record, out []*Decisions) []error {
	outcomes := make([]evaluation.ProjectOutcome, 0, len(recs))
	for i, r := range recs {
		var g performance.Grade
		if out[i].Grade != nil {
			g = out[i].Grade.Grade
		}
		outcomes = append(outcomes, evaluation.ProjectOutcome{
			ProjectID: r.Project.ID, UnitID: r.Project.UnitID, Kind: r.Project.Kind, Category: r.Project.Category,
			Grade: g, Score: r.Evaluation.Score, Attainment: r.Evaluation.Attainment,
			Execution: performance.Execution{InitialBudget: r.Execution.Initial, AdjustedBudget: r.Execution.Budget(), Executed: r.Execution.Executed(12)},
			CarryOver: r.CarryOver, Requested: r.Requested,
		})
	}
	ny, err := pr.apply.Apply(outcomes, nil, pr.org, time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC))
	var errs []error
	if ny == nil {
		for _, r := range recs {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "apply", Err: err})
		}
		return errs
	}
	byID := make(map[string]*evaluation.Consequence, len(ny.Projects))
	for j := range ny.Projects {
		byID[ny.Projects[j].ProjectID] = &ny.Projects[j]
	}
	for i, r := range recs {
		c, ok := byID[r.Project.ID]
		if !ok {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "apply", Err: fmt.Errorf("no consequence: %w", err)})
			continue
		}
		out[i].NextYear = &NextYearDecision{RuleSet: pr.applyRef, Action: c.Action, Requested: c.Requested, Amount: c.Amount,
			Recovered: c.Recovered, BlocksSimilar: c.BlocksSimilar, Rule: c.Rule, Fired: slices.Clone(c.Fired), Explanation: c.Explanation}
	}
	return errs
}

func sortedUnique(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}
