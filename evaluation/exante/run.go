package exante

// Running an Assessor over submissions: one at a time, a batch on several
// cores, a sequence as it arrives, with the working memory a batch reuses.

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/batch"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Assess is the stage as one pure function: it compiles the policy and
// assesses every submission, pairing each with its goals by project ID. See
// [Assessor.AssessAll] for the results and errors.
func Assess(p *Policy, standards []performance.ExpenditureStandard, subs []Submission, trees map[string]*goals.Tree, o AssessOptions) ([]*Assessment, error) {
	a, err := NewAssessor(p, standards, o)
	if err != nil {
		return nil, err
	}
	return a.AssessAll(subs, trees)
}

// AssessAll assesses every submission in order, pairing each with
// trees[project ID]. It returns the assessments of all submissions that
// could be assessed, in input order, and, beside them, one [*AssessError]
// per submission that could not (joined with errors.Join); one broken
// submission never stops the others. The results are cut from a few large
// blocks shared by up to 512 of them, so keeping one result alive keeps
// its blocks too; use Assess for results kept one at a time.
func (a *Assessor) AssessAll(subs []Submission, trees map[string]*goals.Tree) ([]*Assessment, error) {
	out := make([]*Assessment, 0, len(subs))
	var errs []error
	sc := a.newBatchScratch(len(subs))
	defer a.releaseScratch(sc)
	for i := range subs {
		s := &subs[i]
		as, err := a.assess(s, trees[s.Project.ID], sc)
		if err != nil {
			errs = append(errs, &AssessError{Index: i, ProjectID: s.Project.ID, Err: err})
			continue
		}
		out = append(out, as)
	}
	return out, errors.Join(errs...)
}

// AssessEach assesses each submission with its goals (trees[i], nil when
// it has none, or every one nil when trees is nil) as [Assessor.Assess]
// would, sharing one working memory: out[i] and errs[i] are Assess's
// result and error for subs[i]. It is for callers that assess a batch one
// by one and need each result beside its submission (a history replay);
// [Assessor.AssessAll] is for a round. ctx is checked before each
// submission; once it is cancelled AssessEach returns nil slices and ctx's
// error. A trees of another length than subs is an error.
func (a *Assessor) AssessEach(ctx context.Context, subs []Submission, trees []*goals.Tree) ([]*Assessment, []error, error) {
	return a.AssessEachShared(ctx, subs, trees, nil)
}

// AssessEachShared is [Assessor.AssessEach] taking the experts' combined
// scores from share when another assessor with an equal sheet has
// combined them for the same submissions, and leaving there the scores it
// combines (see [ScoreShare]); a nil share shares nothing. The results
// and errors are AssessEach's, except that an assessment's Score may be
// the one of the other assessor's assessment of the same submission.
func (a *Assessor) AssessEachShared(ctx context.Context, subs []Submission, trees []*goals.Tree, share *ScoreShare) ([]*Assessment, []error, error) {
	if trees != nil && len(trees) != len(subs) {
		return nil, nil, fmt.Errorf("exante: %d goal trees for %d submissions", len(trees), len(subs))
	}
	out := make([]*Assessment, len(subs))
	errs := make([]error, len(subs))
	sc := a.newBatchScratch(len(subs))
	defer a.releaseScratch(sc)
	slots := share.bind(a.sheet, len(subs))
	for i := range subs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		var tree *goals.Tree
		if trees != nil {
			tree = trees[i]
		}
		if slots != nil {
			sc.shared = &slots[i]
		}
		out[i], errs[i] = a.assess(&subs[i], tree, sc)
	}
	return out, errs, nil
}

// Assess assesses one submission with its goals (nil when it has none).
// The error is non-nil only when the submission cannot be assessed at all:
// invalid expert sheets (as [performance.Problems]) or a rule failing at
// run time for this project (a *rules.Error). A project that fails a gate
// is not an error: it is an Assessment with Fundable false and its reasons.
func (a *Assessor) Assess(s *Submission, tree *goals.Tree) (*Assessment, error) {
	var sc assessScratch
	return a.assess(s, tree, &sc)
}

// newBatchScratch returns the working memory of a batch of n submissions
// (0: not known): its results are cut from blocks, sized to n when it is
// smaller than a block (slab.Slab.Expect: one assessment and at most one
// combined score each), and its score caches are the assessor's spare ones
// (see scoreCaches), given back by releaseScratch.
func (a *Assessor) newBatchScratch(n int) *assessScratch {
	sc := new(assessScratch)
	sc.assessments.On, sc.reductions.On, sc.hits.On = true, true, true
	sc.combine.totals.On, sc.combine.scores.On = true, true
	sc.assessments.Expect(n)
	sc.combine.scores.Expect(n)
	if c, ok := a.spareCaches(); ok {
		sc.combine.caches = c
	} else {
		sc.combine.caches = newScoreCaches()
	}
	return sc
}

// releaseScratch gives the score caches of a batch's working memory back
// to the assessor, once the batch is done.
func (a *Assessor) releaseScratch(sc *assessScratch) {
	if c := sc.combine.caches; c != nil && a.caches != nil {
		sc.combine.caches = nil
		a.caches.Put(c)
	}
}

// spareCaches returns the score caches of a finished batch, if any.
func (a *Assessor) spareCaches() (*scoreCaches, bool) {
	if a.caches == nil {
		return nil, false
	}
	c, ok := a.caches.Get().(*scoreCaches)
	return c, ok
}

// assessScratch is per-call working memory reused across the submissions of one
// AssessAll call.
type assessScratch struct {
	// The blocks the results of a batch are cut from (internal/slab).
	assessments slab.Slab[Assessment]
	reductions  slab.Slab[Reduction]
	hits        slab.Slab[RuleHit]

	ledger  lineLedger
	env     CostLineEnv
	project Env
	// The rule results are reused from one evaluation to the next: what an
	// Assessment keeps of them is copied out (strings, decimals, texts).
	projectRes rules.Result
	lineRes    rules.Result
	// cutShares is the storage of a project's share cuts
	// (projectOutcome.cutShares), reused from one project to the next.
	cutShares []rules.Fired
	combine   combineScratch
	// shared is the submission's slot of a ScoreShare, nil without one.
	shared *sharedScore
	// caps holds each cost line's expenditure standard cap, found while
	// checking the gates (ok false: the line names none, or an unknown one).
	caps []lineCap
	// fen receives the cost lines' amounts in fen from the gates.
	fen []int64
	// prefetch loads each project's cost lines ahead of the gates.
	prefetch linePrefetch
	// goalsTree and goalsProblems remember the last goals tree validated in
	// this call and its problems: projects often share one tree, which the
	// caller does not change while the call runs.
	goalsTree     *goals.Tree
	goalsProblems performance.Problems
}

// gateGoals is the package's gateGoals, validating a tree shared by
// consecutive projects once.
func (sc *assessScratch) gateGoals(gates *performance.Problems, tree *goals.Tree, opts []rules.Option) {
	if tree == nil || tree != sc.goalsTree {
		var ps performance.Problems
		gateGoals(&ps, tree, opts)
		sc.goalsTree, sc.goalsProblems = tree, ps
	}
	*gates = append(*gates, sc.goalsProblems...)
}

// verdict is a.criteria.Thresholds.Verdict(score), compared in int64 when
// the score and both thresholds are small multiples of 0.0001.
func (a *Assessor) verdict(score decimal.Decimal) Verdict {
	if a.thresholdsFixed {
		if v, ok := toFixed(score); ok {
			switch {
			case v >= a.supportFixed:
				return Support
			case v >= a.adjustFixed:
				return SupportAfterAdjustment
			}
			return Reject
		}
	}
	return a.criteria.Thresholds.Verdict(score)
}

type lineCap struct {
	cap decimal.Decimal
	ok  bool
}

// CodeNotOnPanel is the problem code of a scoring sheet by an expert who
// is not on the submission's panel; CodePanelProject of a panel drawn for
// another project.
// CodeSheetTwice of a second sheet by one member of the panel.
const (
	CodeNotOnPanel   = performance.CodeNotOnPanel
	CodePanelProject = performance.CodePanelProject
	CodeSheetTwice   = performance.CodeSheetTwice
)

// checkPanel checks the submission's sheets against its panel: every
// problem at once as [performance.Problems].
func checkPanel(s *Submission) error {
	var ps performance.Problems
	if id := s.Panel.Request.ProjectID; id != "" && id != s.Project.ID {
		ps.Add(CodePanelProject, "panel.request.project_id", "专家组是为项目 "+id+" 抽取的", "the panel was drawn for project "+id)
	}
	seen := make(map[string]bool, len(s.Experts))
	for i, e := range s.Experts {
		switch {
		case !s.Panel.Has(e.ID):
			ps.Add(CodeNotOnPanel, "experts["+strconv.Itoa(i)+"].id", "评分专家不在专家组: "+e.ID, "the expert is not on the panel: "+e.ID)
		case seen[e.ID]:
			ps.Add(CodeSheetTwice, "experts["+strconv.Itoa(i)+"].id", "专家重复提交评分表: "+e.ID, "a second sheet by "+e.ID)
		}
		seen[e.ID] = true
	}
	return ps.Err()
}

// RuleExpert is the expert ID of the scoring sheet that rules compute.
const RuleExpert = "rules"

// GateNotFundableRule is the RuleID of the reduction that takes a project
// failing a gate down to zero.
const GateNotFundableRule = "gate"

// AssessBatch is [Assessor.AssessAll] spread over workers goroutines (at
// least one; a caller on a 2-core machine passes 2) that stops when ctx is
// cancelled: the submissions are cut into contiguous chunks, each assessed
// in order by one goroutine, and the results and errors come back exactly
// as AssessAll gives them. Each worker checks ctx before every project, so
// after a cancellation each finishes at most the project it is on; the
// call then returns the assessments finished so far, in input order, with
// ctx's error wrapped (errors.Is(err, context.Canceled)) joined to the
// projects' own errors. It returns when every worker is done.
func (a *Assessor) AssessBatch(ctx context.Context, subs []Submission, trees map[string]*goals.Tree, workers int) ([]*Assessment, error) {
	workers = max(1, min(workers, len(subs)))
	res := make([]*Assessment, len(subs))
	errs := make([]error, len(subs))
	var stopped atomic.Bool
	run := func(lo, hi int) {
		sc := a.newBatchScratch(hi - lo)
		defer a.releaseScratch(sc)
		for i := lo; i < hi; i++ {
			if ctx.Err() != nil {
				stopped.Store(true)
				return
			}
			s := &subs[i]
			as, err := a.assess(s, trees[s.Project.ID], sc)
			if err != nil {
				errs[i] = &AssessError{Index: i, ProjectID: s.Project.ID, Err: err}
			}
			res[i] = as
		}
	}
	if workers == 1 {
		run(0, len(subs))
	} else {
		var wg sync.WaitGroup
		chunk := (len(subs) + workers - 1) / workers
		for lo := 0; lo < len(subs); lo += chunk {
			wg.Go(func() { run(lo, min(lo+chunk, len(subs))) })
		}
		wg.Wait()
	}
	out := res[:0]
	for _, as := range res {
		if as != nil {
			out = append(out, as)
		}
	}
	if stopped.Load() {
		errs = append(errs, fmt.Errorf("exante: assessment stopped after %d of %d submissions: %w", len(out), len(subs), ctx.Err()))
	}
	return out, errors.Join(errs...)
}

// AssessSeq assesses the submissions of subs as they come, with workers
// goroutines, and yields each assessment with its error in input order
// (the error an *AssessError whose Index counts from 0 in subs). A
// submission that cannot be assessed yields a nil assessment with its
// error; the others go on. Submissions are taken in chunks of workers ×
// 64, so memory holds at most one chunk, whatever the length of subs.
// When ctx is cancelled AssessSeq yields a nil assessment with ctx's error
// wrapped once and stops; it stops too when the consumer does.
func (a *Assessor) AssessSeq(ctx context.Context, subs iter.Seq[*Submission], trees map[string]*goals.Tree, workers int) iter.Seq2[*Assessment, error] {
	return batch.Seq(ctx, subs, workers, func() *assessScratch { return a.newBatchScratch(0) },
		func(sc *assessScratch, i int, s *Submission) (*Assessment, error) {
			as, err := a.assess(s, trees[s.Project.ID], sc)
			if err != nil {
				return nil, &AssessError{Index: i, ProjectID: s.Project.ID, Err: err}
			}
			return as, nil
		},
		func(n int, err error) error {
			return fmt.Errorf("exante: assessment stopped after %d submissions: %w", n, err)
		})
}

// sameDecimal is a.Equal(b), without allocating when both coefficients
// have at most 18 digits ([exact.EqualValue]).
func sameDecimal(a, b decimal.Decimal) bool {
	if eq, ok := exact.EqualValue(a, b); ok {
		return eq
	}
	return a.Equal(b)
}

// ruleErrors joins the runtime errors of single rules (each a *rules.Error
// naming its rule), or returns nil.
func ruleErrors(res *rules.Result) error {
	if len(res.Errors) == 0 {
		return nil
	}
	errs := make([]error, len(res.Errors))
	for i, e := range res.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}
