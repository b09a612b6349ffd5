package history

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/monitoring"
)

// alertFacts are a batch's monitoring inputs, built from the records
// alone: the budgets, the adjustments dated adjustOn and the ledger of
// the spending known at the check asOf, or the error that stopped the
// ledger. Every program deciding the batch on the same dates builds the
// same, so Diff builds them once for both of its programs (the monitor
// copies the budgets and adjustments, and a check only reads a ledger).
type alertFacts struct {
	adjustOn, asOf time.Time
	budgets        []monitoring.Budget
	adjs           []monitoring.Adjustment
	ledger         *monitoring.Ledger
	err            error
}

// shared holds what the programs deciding one batch share (Diff's two);
// a nil *shared shares nothing.
type shared struct {
	alerts *alertFacts
	// spent holds the batch's amounts spent in the year, by record
	// (ExecutionRecord.Executed(12), results application's Executed), summed
	// by the first program and read by the second.
	spent []decimal.Decimal
	// scores holds the batch's combined expert scores, combined by the
	// first program and reused by the second when their scoring sheets
	// are equal (exante.ScoreShare).
	scores exante.ScoreShare
	// keepScores has each program combine its own scores (scores unused).
	keepScores bool
}

// scoreShare returns the batch's ScoreShare; nil for a nil sh or one
// that keeps the scores apart.
func (sh *shared) scoreShare() *exante.ScoreShare {
	if sh == nil || sh.keepScores {
		return nil
	}
	return &sh.scores
}

// executed returns recs[i]'s amount spent in the year, summed once for
// the programs sharing sh; a nil sh sums it each time.
func (sh *shared) executed(recs []*Record, i int) decimal.Decimal {
	if sh == nil {
		return recs[i].Execution.Executed(12)
	}
	if len(sh.spent) != len(recs) {
		sh.spent = make([]decimal.Decimal, len(recs))
		for j, r := range recs {
			sh.spent[j] = r.Execution.Executed(12)
		}
	}
	return sh.spent[i]
}

// newAlertFacts builds a batch's alertFacts; nil once ctx is cancelled.
func newAlertFacts(ctx context.Context, year int, adjustOn, asOf time.Time, recs []*Record) *alertFacts {
	f := &alertFacts{adjustOn: adjustOn, asOf: asOf, budgets: make([]monitoring.Budget, 0, len(recs))}
	for _, r := range recs {
		if ctx.Err() != nil {
			return nil
		}
		f.budgets = append(f.budgets, monitoring.Budget{ProjectID: r.Project.ID, Name: r.Project.Name, UnitID: r.Project.UnitID,
			Category: r.Project.Category, Initial: r.Execution.InitialBudget, Continuing: r.Execution.Continuing, Host: r.Project.Host})
		if !r.Execution.AdjustedBudget.IsZero() && !r.Execution.AdjustedBudget.Equal(r.Execution.InitialBudget) {
			f.adjs = append(f.adjs, monitoring.Adjustment{ProjectID: r.Project.ID, Date: adjustOn,
				Amount: r.Execution.AdjustedBudget.Sub(r.Execution.InitialBudget), Reason: "调整预算"})
		}
	}
	l, err := monitoring.NewLedger(year, asOf)
	if err != nil {
		f.err = err
		return f
	}
	// The month's spending is dated its last day; months ending after the
	// check are not yet known.
	var ends [12]time.Time
	known := 0
	for mo := range ends {
		ends[mo] = time.Date(year, time.Month(mo+2), 0, 0, 0, 0, 0, time.UTC)
		if !ends[mo].After(asOf) {
			known = mo + 1
		}
	}
	for _, r := range recs {
		for mo, amt := range r.Execution.Monthly {
			if mo >= known || amt.IsZero() {
				continue
			}
			if err := l.Add(monitoring.Record{ProjectID: r.Project.ID, Date: ends[mo], Amount: amt}); err != nil {
				f.err = err
				return f
			}
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	f.ledger = l
	return f
}

func (pr *Program) decideAlerts(ctx context.Context, year int, recs []*Record, out []*Decisions, sh *shared) []error {
	adjustOn := pr.dates.Adjust.in(year, defaultAdjust)
	asOf := pr.dates.Check.in(year, defaultCheck)
	var f *alertFacts
	if sh != nil && sh.alerts != nil && sh.alerts.adjustOn.Equal(adjustOn) && sh.alerts.asOf.Equal(asOf) {
		f = sh.alerts
	} else if f = newAlertFacts(ctx, year, adjustOn, asOf, recs); f == nil {
		return nil
	} else if sh != nil {
		sh.alerts = f
	}
	fail := func(err error) []error {
		errs := make([]error, len(recs))
		for i, r := range recs {
			errs[i] = &RecordError{Key: r.Key(), Stage: "monitoring", Err: err}
		}
		return errs
	}
	if f.err != nil {
		return fail(f.err)
	}
	budgets, adjs, l := f.budgets, f.adjs, f.ledger
	// The replay reads the projects' statuses and actions; the groups
	// (units, departments, regions) are pooled only for a form review,
	// which is given the whole report.
	check := pr.prog.CheckProjects
	if hasForm(recs, asOf) {
		check = pr.prog.CheckQuarter
	}
	rep, err := check(ctx, asOf, budgets, adjs, l, monitoring.State{})
	if rep == nil {
		return fail(err)
	}
	_, monRef, _ := pr.prog.RuleSets()
	acts := projectActions(rep.Actions)
	ads := make([]AlertDecision, len(recs))
	fired := newStrs(2 * len(recs))
	var errs []error
	for i, r := range recs {
		st, ok := rep.Status(r.Project.ID)
		if !ok {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "monitoring", Err: errors.New("not monitored")})
			continue
		}
		start := len(fired.buf)
		if st.Rule != "" {
			fired.buf = append(fired.buf, st.Rule)
		}
		fired.buf = append(fired.buf, st.Triggers...)
		ads[i] = AlertDecision{RuleSet: monRef, Level: st.Level, Key: st.Key, Actions: acts.of(r.Project.ID), Fired: fired.sorted(start)}
		out[i].Alert = &ads[i]
	}
	return append(errs, pr.decideForms(year, recs, budgets, adjs, rep, out)...)
}

// actionCodes are the codes of a check's project actions, by project: the
// (project ID, code) pairs sorted without repeats, the codes in one array.
type actionCodes struct {
	ids, codes []string
}

// projectActions collects the codes of the actions naming a project.
func projectActions(as []monitoring.Action) actionCodes {
	type pair struct{ id, code string }
	ps := make([]pair, 0, len(as))
	for _, a := range as {
		if a.ProjectID != "" {
			ps = append(ps, pair{a.ProjectID, a.Kind.String()})
		}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		return strings.Compare(a.code, b.code)
	})
	ps = slices.Compact(ps)
	ac := actionCodes{ids: make([]string, len(ps)), codes: make([]string, len(ps))}
	for i, p := range ps {
		ac.ids[i], ac.codes[i] = p.id, p.code
	}
	return ac
}

// of returns the sorted codes of the project's actions, nil when it has
// none; the slice is capped, shared by the records of the project.
func (ac actionCodes) of(id string) []string {
	lo, _ := slices.BinarySearch(ac.ids, id)
	hi := lo
	for hi < len(ac.ids) && ac.ids[hi] == id {
		hi++
	}
	if lo == hi {
		return nil
	}
	return ac.codes[lo:hi:hi]
}
