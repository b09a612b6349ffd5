package exante

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// assess is the ex-ante procedure for one submission: the gates before
// money, the panel, the experts' score, the project rules (and the score
// and verdict they may give), the line rules and cuts, and the result.
func (a *Assessor) assess(s *Submission, tree *goals.Tree, sc *assessScratch) (*Assessment, error) {
	as := a.start(s, sc)
	gates, fenOK := a.gates(s, tree, sc)
	if err := attachPanel(as, s); err != nil {
		return nil, err
	}
	if err := a.scoreExperts(as, s, sc); err != nil {
		return nil, err
	}
	po, err := a.runProjectRules(as, s, tree, sc)
	if err != nil {
		return nil, err
	}
	if err := a.settleVerdict(as, &po, sc); err != nil {
		return nil, err
	}
	if as.Required && as.Verdict == VerdictNone {
		gates.Add(GateNotAssessed, "experts", "属于必须开展事前绩效评估的项目，未经评估不予安排预算",
			"the project must be assessed before funding and was not")
	}
	if err := a.reduce(as, s, sc, gates, fenOK, &po); err != nil {
		return nil, err
	}
	return as, nil
}

// start returns the submission's assessment, cut from the batch's slab,
// with what it copies of the submission: fundable until a gate says not.
func (a *Assessor) start(s *Submission, sc *assessScratch) *Assessment {
	p := &s.Project
	as := &sc.assessments.Take(1)[0]
	as.ProjectID, as.Name, as.UnitID, as.Round = p.ID, p.Name, p.UnitID, s.Round
	as.Submitted, as.RuleSet, as.Fundable = p.Amount, a.ref, true
	return as
}

// gates checks the gates before money: the round, the project and its cost
// lines (their amounts in fen go to sc.fen; fenOK says they all are), the
// lines' expenditure standards (their caps go to sc.caps), the goals and
// their review.
func (a *Assessor) gates(s *Submission, tree *goals.Tree, sc *assessScratch) (gates performance.Problems, fenOK bool) {
	p := &s.Project
	if s.Round <= 0 {
		gates.Add(GateBadRound, "round", "预算轮次必须为正整数", "the budget round must be a positive number")
	}
	sc.prefetch.lines(p.CostLines)
	sc.fen = grow(sc.fen, len(p.CostLines))
	fenOK = gateProject(&gates, p, sc.fen)
	sc.caps = grow(sc.caps, len(p.CostLines))
	for i := range p.CostLines {
		l := &p.CostLines[i]
		sc.caps[i] = lineCap{}
		if l.StandardID == "" {
			continue
		}
		c, ok := a.caps[l.StandardID]
		sc.caps[i] = lineCap{cap: c, ok: ok}
		if !ok {
			gates.Add(performance.CodeUnknownStandard, "cost_lines["+strconv.Itoa(i)+"].standard_id",
				fmt.Sprintf("支出标准 %q 不存在", l.StandardID), fmt.Sprintf("no expenditure standard %q", l.StandardID))
		}
	}
	sc.gateGoals(&gates, tree, a.hostOpts)
	gateReview(&gates, s.GoalReview)
	return gates, fenOK
}

// attachPanel checks that every sheet is by a member of the submission's
// panel, if it names one, and records the panel's reference.
func attachPanel(as *Assessment, s *Submission) error {
	if s.Panel == nil {
		return nil
	}
	if err := checkPanel(s); err != nil {
		return err
	}
	ref := s.Panel.Ref()
	as.Panel = &ref
	return nil
}

// scoreExperts combines the experts' sheets, if any (or takes their
// score from the batch's ScoreShare), and takes the thresholds' verdict on
// the total.
func (a *Assessor) scoreExperts(as *Assessment, s *Submission, sc *assessScratch) error {
	if len(s.Experts) == 0 {
		return nil
	}
	score := sc.shared.get(s.Experts)
	if score == nil {
		var err error
		if score, err = a.sheet.combine(s.Experts, &sc.combine); err != nil {
			return err
		}
		sc.shared.put(s.Experts, score)
	}
	as.Score = score
	as.Verdict = a.verdict(score.Total)
	as.VerdictBy = "thresholds"
	return nil
}

// projectOutcome is what the project rules that fired decided, beyond
// what they wrote into the assessment (rules requiring the assessment,
// increases).
type projectOutcome struct {
	res *rules.Result
	// cutShares are the fired rules with a cut_share output, appended to
	// the batch's reused storage (assessScratch.cutShares).
	cutShares []rules.Fired
	// reject is the index in res.Fired of the first rule rejecting the
	// project, or -1.
	reject int
	// ruleScore is the first score output, nil without one; ruleSheet the
	// item scores of the rules' sheet.
	ruleScore *decimal.Decimal
	ruleSheet Expert
	// verdict is the first verdict output, by the rule verdictBy ("" when
	// no rule gave one).
	verdict   Verdict
	verdictBy string
	eo        rules.EvalOptions
}

// runProjectRules evaluates the project rules against the project, its
// round and its score, records the rules requiring the assessment and the
// increases, and returns the rest of what the fired rules decided.
func (a *Assessor) runProjectRules(as *Assessment, s *Submission, tree *goals.Tree, sc *assessScratch) (projectOutcome, error) {
	p := &s.Project
	env := &sc.project
	*env = Env{
		ID: p.ID, Name: p.Name, UnitID: p.UnitID, FiscalYear: p.FiscalYear, Kind: string(p.Kind),
		New: p.New, Category: p.Category, FundSource: p.FundSource, Round: s.Round, Amount: p.Amount,
		TotalInvestment: p.TotalInvestment, InvestedToDate: p.InvestedToDate, CostLines: len(p.CostLines),
		HasGoals: tree != nil && len(tree.Indicators) > 0, Assessed: as.Score != nil, Host: p.Host,
	}
	if as.Score != nil {
		env.Score = as.Score.Total
		env.Verdict = as.Verdict.String()
	}
	po := projectOutcome{res: &sc.projectRes, reject: -1, ruleSheet: Expert{ID: RuleExpert},
		cutShares: sc.cutShares[:0],
		eo:        rules.EvalOptions{AsOf: a.opts.AsOf, Explain: a.opts.Explain, FiredOnly: true}}
	err := a.project.EvalTo(po.res, env, po.eo)
	if err == nil {
		err = ruleErrors(po.res)
	}
	if err != nil {
		return po, err
	}
	a.requiredBy(as, po.res.Fired, sc)
	for fi, f := range po.res.Fired {
		for _, v := range f.Outputs {
			if err := a.takeOutput(as, &po, fi, f, v); err != nil {
				return po, err
			}
		}
	}
	sc.cutShares = po.cutShares // keeps what appending grew, for the next project
	return po, nil
}

// requiredBy records the fired rules that make the assessment mandatory.
func (a *Assessor) requiredBy(as *Assessment, fired []rules.Fired, sc *assessScratch) {
	required := 0
	for _, f := range fired {
		if a.projectRules[f.Index].mustAssess {
			required++
		}
	}
	if required == 0 {
		return
	}
	as.Required = true
	as.RequiredBy = sc.hits.Take(required)[:0]
	for _, f := range fired {
		if a.projectRules[f.Index].mustAssess {
			as.RequiredBy = append(as.RequiredBy, RuleHit{RuleID: f.RuleID, Reason: a.reason(f)})
		}
	}
}

// takeOutput takes one output v of the project rule f (the fi-th fired):
// a score, a verdict, a rejection, a share cut, an increase or an item
// score. The first score, verdict and rejection count.
func (a *Assessor) takeOutput(as *Assessment, po *projectOutcome, fi int, f rules.Fired, v rules.Value) error {
	switch v.Name {
	case OutScore:
		if po.ruleScore == nil {
			d := v.Decimal()
			po.ruleScore = &d
		}
	case OutVerdict:
		vd, ok := parseVerdict(v.String())
		if !ok || vd == VerdictNone {
			return fmt.Errorf("exante: rule %s: unknown verdict %q", f.RuleID, v.String())
		}
		if po.verdictBy == "" {
			po.verdict, po.verdictBy = vd, f.RuleID
		}
	case OutReject:
		if v.Bool() && po.reject < 0 {
			po.reject = fi
		}
	case OutCutShare:
		po.cutShares = append(po.cutShares, f)
	case OutIncrease:
		if amt := v.Decimal().Round(2); amt.Sign() > 0 {
			as.Increases = append(as.Increases, Reduction{Line: WholeProject, RuleID: f.RuleID,
				Kind: a.kind(f), Amount: amt, Reason: a.reason(f), Explanation: explainFired(f)})
			as.Increased = as.Increased.Add(amt)
		}
	default:
		if item, ok := strings.CutPrefix(v.Name, OutScorePrefix); ok && as.Score == nil {
			po.ruleSheet.Scores = append(po.ruleSheet.Scores, ItemScore{Item: item, Score: v.Decimal()})
		}
	}
	return nil
}

// settleVerdict gives the score the rules computed, when no expert scored
// the project (item scores form one sheet, a total score stands alone),
// the thresholds' verdict on a score without one, and the verdict a rule
// set over any other.
func (a *Assessor) settleVerdict(as *Assessment, po *projectOutcome, sc *assessScratch) error {
	if as.Score == nil && len(po.ruleSheet.Scores) > 0 {
		score, err := a.sheet.combine([]Expert{po.ruleSheet}, &sc.combine)
		if err != nil {
			return err
		}
		as.Score = score
	} else if as.Score == nil && po.ruleScore != nil {
		as.Score = &CombinedScore{Total: po.ruleScore.Round(a.sheet.places), Method: a.sheet.method}
	}
	if as.Score != nil && as.VerdictBy == "" {
		as.Verdict, as.VerdictBy = a.verdict(as.Score.Total), "thresholds"
	}
	if po.verdictBy != "" {
		as.Verdict, as.VerdictBy = po.verdict, po.verdictBy
	}
	return nil
}

// reduce makes the reductions and the approved amount: in full for a
// project failing a gate, rejected by the verdict or by a rule; otherwise
// line by line (fenOK: the gates gave every line's amount in fen in
// sc.fen) and by the rules' share cuts.
func (a *Assessor) reduce(as *Assessment, s *Submission, sc *assessScratch, gates performance.Problems, fenOK bool, po *projectOutcome) error {
	switch {
	case len(gates) > 0:
		as.Fundable, as.Gates = false, gates
		as.wholeCut(&sc.reductions, GateNotFundableRule, ReductionNotFundable, gateReason(gates), nil)
	case as.Verdict == Reject:
		as.wholeCut(&sc.reductions, as.VerdictBy, ReductionRejected, performance.Text{ZH: "评估结论为不予支持，全额审减", EN: "assessed as not supported: reduced in full"}, nil)
	case po.reject >= 0:
		f := po.res.Fired[po.reject]
		as.wholeCut(&sc.reductions, f.RuleID, ReductionRejected, a.reason(f), explainFired(f))
	default:
		fen := sc.fen
		if !fenOK {
			fen = nil
		}
		if err := a.cutLines(as, s, sc, fen, po.eo, po.cutShares); err != nil {
			return err
		}
		// Approved = Submitted − Reduced in fen when both are whole fen,
		// with the exponent Sub gives (the lesser of the two: -2).
		if sub, ok := exact.Fen(as.Submitted); ok && sc.ledger.fast && as.Submitted.Exponent() >= -2 {
			if sc.ledger.sum == 0 && as.Submitted.Exponent() == -2 {
				as.Approved = as.Submitted // nothing cut: its value and exponent, not built again
			} else {
				as.Approved = decimal.New(sub-sc.ledger.sum, -2)
			}
			return nil
		}
	}
	as.Approved = as.Submitted.Sub(as.Reduced)
	return nil
}

func gateReason(gates performance.Problems) performance.Text {
	codes := make([]string, 0, len(gates))
	seen := make(map[string]bool, len(gates))
	for _, g := range gates {
		if !seen[g.Code] {
			seen[g.Code] = true
			codes = append(codes, g.Code)
		}
	}
	c := strings.Join(codes, ", ")
	return performance.Text{ZH: "不具备安排预算条件，全额审减（" + c + "）", EN: "not fundable, reduced in full (" + c + ")"}
}

// wholeCut reduces the whole submitted amount (never below zero) at once,
// in the one reduction of the assessment, cut from rs.
func (as *Assessment) wholeCut(rs *slab.Slab[Reduction], ruleID string, k ReductionKind, reason performance.Text, expl *performance.Text) {
	amt := as.Submitted
	if amt.Sign() <= 0 {
		return
	}
	as.Reductions = rs.Take(1)
	as.Reductions[0] = Reduction{Line: WholeProject, RuleID: ruleID, Kind: k, Amount: amt, Reason: reason, Explanation: expl}
	as.Reduced = amt
}

// cutLines makes the line rules' reductions and the project rules' share
// cuts; fen holds the lines' amounts in fen, or is nil.
func (a *Assessor) cutLines(as *Assessment, s *Submission, sc *assessScratch, fen []int64, eo rules.EvalOptions, cutShares []rules.Fired) error {
	p := &s.Project
	led := &sc.ledger
	led.reset(p.CostLines, fen, a.lineTemplates)
	env := &sc.env
	*env = CostLineEnv{ // the project's fields, then each line's in turn
		ProjectID: p.ID, Category: p.Category, Kind: string(p.Kind), New: p.New, Round: s.Round, ProjectAmount: p.Amount,
		Host: p.Host,
	}
	for i := range p.CostLines {
		l := &p.CostLines[i]
		env.Index, env.Item, env.Specification, env.Unit, env.StandardID = i, l.Item, l.Specification, l.Unit, l.StandardID
		env.Quantity, env.UnitPrice, env.Amount = l.Quantity, l.UnitPrice, l.Amount
		c := sc.caps[i] // cap is zero unless ok
		env.HasStandard, env.StandardCap = c.ok, c.cap
		env.Duplicate = repeats(p.CostLines, i, led.amounts())
		res := &sc.lineRes
		err := a.line.EvalTo(res, env, eo)
		if err == nil {
			err = ruleErrors(res)
		}
		if err != nil {
			return fmt.Errorf("cost_lines[%d]: %w", i, err)
		}
		for _, f := range res.Fired {
			if v, ok := f.Output(OutReduce); ok {
				r := staticRef(f.Index) // the rule's own reason, nothing explained
				if info := &a.lineRules[f.Index]; info.hasReason || f.Explanation != nil {
					r = led.addTemplate(Reduction{RuleID: f.RuleID, Kind: info.kind, Reason: info.reasonOf(f), Explanation: explainFired(f)})
				}
				if c, e, ok := v.Parts(); ok {
					led.cutParts(i, c, e, r)
				} else {
					led.cut(i, v.Decimal(), r)
				}
			}
		}
	}
	for _, f := range cutShares {
		v, _ := f.Output(OutCutShare)
		cut := shareCutOf(v) // prepared once for every line
		if !cut.inUnit() {
			return fmt.Errorf("exante: rule %s: cut_share %s is outside 0–1", f.RuleID, cut.decimal())
		}
		r := led.addTemplate(Reduction{RuleID: f.RuleID, Kind: a.kind(f), Reason: a.reason(f), Explanation: explainFired(f)})
		for i := range p.CostLines {
			led.cutShareOf(i, cut, r)
		}
	}
	// Written out at their exact length: appending in place into a block's
	// free room left the room a project might need unused at each block's
	// end.
	if n := led.len(); n > 0 {
		as.Reductions = sc.reductions.Take(n)
		led.copyOut(as.Reductions)
	}
	as.Reduced = led.totalOf(as.Reductions)
	return nil
}

// repeats reports whether line i repeats an earlier line: the same item,
// specification, quantity and unit price. Lines that passed the gates have
// amount = quantity × unit price, so repeated lines have equal amounts; fen,
// when not nil, holds the lines' amounts in fen, and only lines of equal
// amount are compared further.
func repeats(lines []performance.CostLine, i int, fen []int64) bool {
	l := &lines[i]
	for j := range i {
		if fen != nil && fen[j] != fen[i] {
			continue
		}
		m := &lines[j]
		if m.Item == l.Item && m.Specification == l.Specification && sameDecimal(m.UnitPrice, l.UnitPrice) && sameDecimal(m.Quantity, l.Quantity) {
			return true
		}
	}
	return false
}

// reason is the reason a project rule that fired gives.
func (a *Assessor) reason(f rules.Fired) performance.Text { return a.projectRules[f.Index].reasonOf(f) }

// kind is the reduction kind of a project rule that fired.
func (a *Assessor) kind(f rules.Fired) ReductionKind { return a.projectRules[f.Index].kind }

// reasonOf is the reason a fired rule gives: its reason and reason_en
// outputs, else its name and description.
func (r *ruleInfo) reasonOf(f rules.Fired) performance.Text {
	if !r.hasReason {
		return r.reason
	}
	var t performance.Text
	if v, ok := f.Output(OutReason); ok {
		t.ZH = v.String()
	}
	if v, ok := f.Output(OutReasonEN); ok {
		t.EN = v.String()
	}
	if t.ZH == "" {
		t.ZH = r.reason.ZH
	}
	if t.EN == "" {
		t.EN = r.reason.EN
	}
	return t
}

func explainFired(f rules.Fired) *performance.Text {
	if f.Explanation == nil {
		return nil
	}
	return &performance.Text{ZH: f.Explanation.Text(performance.LangZH), EN: f.Explanation.Text(performance.LangEN)}
}
