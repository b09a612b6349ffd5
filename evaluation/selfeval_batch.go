package evaluation

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/batch"
	"github.com/jixiao-go/jixiao/internal/decexpr"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// SelfBatch reconciles many self-evaluations at once (批量自评评分) with a pool
// of Workers goroutines, the one place in this package that starts
// goroutines; the caller sizes the pool.
//
// It gives, form by form, what [SelfEvaluation.Reconcile] gives, faster: a
// goals tree shared by several forms (by pointer, as when projects share an
// indicator template of the indicator library) is validated and prepared
// into a goals.Scorer once per worker, and each form then only has its own
// weights, budget and actuals checked. Unless KeepScores is set,
// Reconciliation.Indicators is left nil, and each worker scores a form
// into one reused goals.Result, or, when the form states no indicator
// scores to compare, sums its indicators' scores without one
// (goals.Scorer.ScoreSum).
//
// A SelfBatch is plain configuration; Reconcile may be called concurrently.
type SelfBatch struct {
	// Config is the scoring rule; Scheme grades the totals.
	Config goals.Config
	Scheme performance.Scheme
	// Workers is the number of goroutines; zero or less means one.
	Workers int
	// KeepScores keeps every form's indicator scores.
	KeepScores bool
	// Options are the host's rules options (functions, types, limits) that
	// custom scoring expressions compile with (see goals.NewScorer); nil
	// for none. They are shared by the workers and must not be changed
	// while Reconcile runs. They are code, not configuration: the JSON of
	// a SelfBatch leaves them out.
	Options []rules.Option `json:"-"`
}

// Reconcile reconciles evals. The results are in the order of evals. errs
// is nil when every form was reconciled cleanly; otherwise it has one entry
// per result, nil for the clean ones, the form's error (as Reconcile returns
// it) for the others: a form that cannot be scored leaves a zero
// Reconciliation with only ProjectID set, one with problems of single
// actuals is reconciled all the same.
//
// Each worker checks ctx before every form. When ctx is cancelled, each
// finishes at most the form it is on, and Reconcile returns the forms
// finished so far (in input order, errs aligned with them) and ctx's error
// wrapped as err; err is nil otherwise.
func (b *SelfBatch) Reconcile(ctx context.Context, evals []SelfEvaluation) (out []Reconciliation, errs []error, err error) {
	out = make([]Reconciliation, len(evals))
	var stopped atomic.Bool
	workers := min(max(b.Workers, 1), max(len(evals), 1))
	// Each worker takes one run of forms, in order, and keeps its own
	// errors and count of forms finished: errs is allocated only when a
	// form has an error, and no flag per form is needed to know which
	// were finished.
	type formError struct {
		i   int
		err error
	}
	failed := make([][]formError, workers)
	finished := make([]int, workers)
	var wg sync.WaitGroup
	chunk := (len(evals) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(evals))
		if lo >= hi {
			break
		}
		wg.Go(func() {
			wk := b.newWorker()
			var fails []formError
			i := lo
			defer func() { failed[w], finished[w] = fails, i-lo }()
			for ; i < hi; i++ {
				if ctx.Err() != nil {
					stopped.Store(true)
					return
				}
				if e := wk.reconcile(&evals[i], &out[i]); e != nil {
					fails = append(fails, formError{i, e})
				}
			}
		})
	}
	wg.Wait()
	for _, fs := range failed {
		for _, f := range fs {
			if errs == nil {
				errs = make([]error, len(evals))
			}
			errs[f.i] = f.err
		}
	}
	if stopped.Load() {
		// The finished forms of each run, moved up in input order.
		k := 0
		for w, n := range finished {
			for i := w * chunk; i < w*chunk+n; i++ {
				out[k] = out[i]
				if errs != nil {
					errs[k] = errs[i]
				}
				k++
			}
		}
		out = out[:k]
		if errs != nil {
			errs = errs[:k]
		}
		err = fmt.Errorf("evaluation: self-evaluation stopped after %d of %d forms: %w", k, len(evals), ctx.Err())
	}
	return out, errs, err
}

// ReconcileSeq reconciles the forms of evals as they come, with Workers
// goroutines, and yields each form's Reconciliation with its error (nil
// when clean, as Reconcile gives it) in input order. Forms are taken in
// chunks of Workers × 64, so memory holds at most one chunk whatever the
// number of forms, and each worker keeps its prepared trees from chunk to
// chunk. When ctx is cancelled ReconcileSeq yields a zero Reconciliation
// with ctx's error wrapped, once, and stops; it stops too when the consumer
// does. The forms must not be modified until their result has been yielded.
func (b *SelfBatch) ReconcileSeq(ctx context.Context, evals iter.Seq[*SelfEvaluation]) iter.Seq2[Reconciliation, error] {
	return batch.Seq(ctx, evals, b.Workers, b.newWorker,
		func(wk *batchWorker, _ int, s *SelfEvaluation) (Reconciliation, error) {
			var r Reconciliation
			err := wk.reconcile(s, &r)
			return r, err
		},
		func(n int, err error) error {
			return fmt.Errorf("evaluation: self-evaluation stopped after %d forms: %w", n, err)
		})
}

// newWorker returns a worker with no prepared trees yet.
func (b *SelfBatch) newWorker() *batchWorker {
	return &batchWorker{b: b, prepared: make(map[*goals.Tree]*preparedTree), national: goals.NationalWeights(), mem: newResultMemory()}
}

// preparedTree is a tree validated with the weights of the first form that
// used it, and its scorer.
type preparedTree struct {
	scorer  *goals.Scorer
	weights goals.Weights
}

type batchWorker struct {
	b        *SelfBatch
	prepared map[*goals.Tree]*preparedTree
	national goals.Weights
	scratch  goals.Result
	// mem holds the worker's interned figures and deviation blocks.
	mem resultMemory
}

func sameWeights(a, b goals.Weights) bool {
	if a == b { // the same decimals, or both zero: national
		return true
	}
	return a.Execution.Equal(b.Execution) && a.Output.Equal(b.Output) && a.Benefit.Equal(b.Benefit) &&
		a.Satisfaction.Equal(b.Satisfaction) && a.Cost.Equal(b.Cost)
}

func (wk *batchWorker) reconcile(s *SelfEvaluation, r *Reconciliation) error {
	cfg := &wk.b.Config
	// Without versions the form is scored as submitted: read in place,
	// not copied.
	f, ref := &s.Form, goals.VersionRef{}
	if s.GoalVersions != nil {
		form, v, err := s.scoredForm()
		if err != nil {
			return err
		}
		f, ref = &form, v
	}
	r.ProjectID, r.GoalVersion = s.ProjectID, ref
	p := wk.prepared[f.Tree]
	if p == nil || !sameWeights(p.weights, f.Weights) ||
		f.Execution.Budget(cfg.Base).IsZero() || len(f.Actuals) != len(f.Tree.Indicators) {
		// The check goals' Form.Score makes, which names the problems;
		// an actual in the wrong unit is scored at zero and reported
		// beside the result, as Score does, not a rejected form.
		if err := f.ValidateScorable(*cfg, wk.b.Options...); err != nil {
			return fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
		}
		if p == nil {
			sc, err := goals.NewScorer(f.Tree, *cfg, wk.b.Options...)
			if err != nil {
				return fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
			}
			p = &preparedTree{scorer: sc, weights: f.Weights}
			wk.prepared[f.Tree] = p
		}
	}
	w := f.Weights
	if w == (goals.Weights{}) {
		w = wk.national
	}
	es, err := goals.ScoreExecution(w.Execution, f.Execution, *cfg)
	if err != nil {
		return fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
	}
	r.Execution, r.Rate = wk.mem.units(es.Units()), es.Rate
	// The indicators' scores are needed only to be kept or compared with
	// stated ones; otherwise their sum is, which goals gives without
	// filling a Result when no actual has a problem.
	var res *goals.Result
	var scoreErr error
	var sum decexpr.Num
	summed := false
	if !wk.b.KeepScores && len(s.Stated.Indicators) == 0 {
		var u int64
		var places int32
		if u, places, summed = p.scorer.ScoreSum(f.Actuals); summed {
			sum = decexpr.New(u, -places)
		}
	}
	if !summed {
		res = &wk.scratch
		if wk.b.KeepScores {
			res = new(goals.Result)
			r.Indicators = res
		}
		scoreErr = p.scorer.ScoreTo(res, f.Actuals)
		sum = indicatorSum(res, cfg)
	}
	var total decexpr.Num
	r.Total, total = formTotal(&es, sum, cfg, &wk.mem)
	if err := s.finish(r, total, &es, res, *cfg, wk.b.Scheme, &wk.mem); err != nil {
		*r = Reconciliation{ProjectID: s.ProjectID, GoalVersion: ref}
		return err
	}
	perr := s.period(r, *cfg, wk.b.Options)
	if scoreErr != nil {
		return errors.Join(fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, scoreErr), perr)
	}
	return perr
}

// indicatorSum returns the sum of res's rounded indicator scores, as
// goals.Scorer.ScoreSum gives it: the total when it keeps the indicators'
// places (it is then their exact sum), else added score by score.
func indicatorSum(res *goals.Result, cfg *goals.Config) decexpr.Num {
	if cfg.Total.Places() >= cfg.Indicator.Places() {
		tc, tp := res.TotalUnits()
		return decexpr.New(tc, -tp)
	}
	sum := decexpr.New(0, 0)
	for i := range res.Scores {
		sum = decexpr.Add(sum, decexpr.FromDecimal(res.Scores[i].Value()))
	}
	return sum
}

// formTotal is the form's total as goals.FormResult.Total gives it: the
// execution score plus sum, the indicators' rounded scores added (see
// indicatorSum), rounded half away from zero once to the lesser of the
// indicator and total places, from m (nil: built anew), and as a
// decexpr.Num. TestSelfBatchMatchesReconcile proves the two equal.
func formTotal(es *goals.ExecutionScore, sum decexpr.Num, cfg *goals.Config, m *resultMemory) (decimal.Decimal, decexpr.Num) {
	places := min(cfg.Indicator.Places(), cfg.Total.Places())
	// decexpr adds in int64 while the figures fit and gives exactly what
	// decimal arithmetic gives; the scores are read as integers, without
	// building their decimals.
	ec, ep := es.Units()
	total := decexpr.Add(decexpr.New(ec, -ep), sum)
	// Rounded to exactly places decimals, as goals prints totals.
	total = decexpr.Round(total, places)
	return m.decimal(total), total
}
