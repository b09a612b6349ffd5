package main

// Calibrating the generated portfolio to the published totals: the round
// totals, the balancing of cuts toward the targets, and the checks of what
// was written.

import (
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// roundTotals assesses the round's submissions and returns submitted and
// reduced totals.
func roundTotals(as *exante.Assessor, subs []exante.Submission, trees map[string]*goals.Tree, round int) (s, r decimal.Decimal, res []*exante.Assessment, err error) {
	res, err = as.AssessAll(subs, trees)
	if err != nil {
		return s, r, nil, err
	}
	for _, a := range res {
		if a.Round == round {
			s, r = s.Add(a.Submitted), r.Add(a.Reduced)
		}
	}
	return s, r, res, nil
}

// balance brings a round to the seed's figures with the policy's own cuts,
// in four steps. Every step changes cost lines of supported projects that
// are not training ones (EA-P01 would cut a share of any change), and none
// touches a line submitted twice (EA-L03 compares copies).
//
//  1. Scale: every balancing project's quantities (rounded up) and lump
//     sums (to the hundred yuan) are scaled so that the round submits about
//     98% of its submitted total.
//  2. Remove bases: while the approved amount (submitted − reduced) is above
//     the seed's (by more than 0.5% of the submitted total), the largest
//     lines lose their basis (no specification: cut in full by EA-L02),
//     each project keeping its largest lump sum.
//  3. Lump sums: the kept lump sums (quantity 1, no standard) move together,
//     in proportion to their amounts, to make the approved amount exact
//     (after lowering other kept lines' quantities when the lump sums would
//     have to give up more than half their amount).
//  4. Contingency: what the reductions still lack is added as contingency
//     lines without a basis (不可预见费, cut in full by EA-L02), spread over
//     the balancing projects in proportion to their amounts; as they add to
//     submitted and reduced alike, the approved amount stays exact.
func balance(as *exante.Assessor, caps map[string]decimal.Decimal, subs []exante.Submission, trees map[string]*goals.Tree, tg target) error {
	s0, r0, res, err := roundTotals(as, subs, trees, tg.round)
	if err != nil {
		return err
	}
	var bal []int
	for i, a := range res {
		if a.Round != tg.round {
			continue
		}
		if !a.Fundable || a.Score == nil || a.Verdict == exante.Reject {
			return fmt.Errorf("round %d: %s is not assessed, not fundable or rejected", tg.round, a.ProjectID)
		}
		if subs[i].Project.Category != "培训" {
			bal = append(bal, i)
		}
	}
	if len(bal) < 3 {
		return fmt.Errorf("round %d: too few projects to balance", tg.round)
	}
	one := decimal.NewFromInt(1)
	key := func(l performance.CostLine) string {
		return l.Item + "\x00" + l.Specification + "\x00" + l.Quantity.String() + "\x00" + l.UnitPrice.String()
	}
	// twice says which lines (by key) a project submits more than once.
	twice := func(p *performance.Project) map[string]bool {
		n := map[string]int{}
		for _, l := range p.CostLines {
			n[key(l)]++
		}
		t := map[string]bool{}
		for k, v := range n {
			t[k] = v > 1
		}
		return t
	}
	isLump := func(l performance.CostLine) bool {
		return l.Quantity.Equal(one) && l.StandardID == "" && l.Specification != "" && l.Item != "不可预见费"
	}

	// 1. Scale.
	if top := tg.submitted.Mul(decimal.New(98, -2)); !s0.Equal(top) {
		f := top.Div(s0) // Div's 16 places are plenty for a factor
		for _, i := range bal {
			p := &subs[i].Project
			for j := range p.CostLines {
				l := &p.CostLines[j]
				if l.Quantity.GreaterThan(one) {
					l.Quantity = l.Quantity.Mul(f).Ceil()
				} else {
					l.UnitPrice = l.UnitPrice.Mul(f).Round(-2)
				}
				l.Amount = l.Quantity.Mul(l.UnitPrice).Round(2)
			}
			settle(p)
		}
	}

	// 2. Remove bases.
	s1, r1, _, err := roundTotals(as, subs, trees, tg.round)
	if err != nil {
		return err
	}
	approved := tg.submitted.Sub(tg.reduced)
	margin := tg.submitted.Div(decimal.NewFromInt(200)) // 0.5%: the lump sums may rise by as much
	excess := s1.Sub(r1).Sub(approved)
	type cand struct {
		sub, line int
		delta     decimal.Decimal // what the approved amount loses
	}
	var cands []cand
	for _, i := range bal {
		p := &subs[i].Project
		tw := twice(p)
		keep := -1
		for j, l := range p.CostLines {
			if isLump(l) && !tw[key(l)] && (keep < 0 || l.Amount.GreaterThan(p.CostLines[keep].Amount)) {
				keep = j
			}
		}
		for j, l := range p.CostLines {
			if l.Specification == "" || j == keep || tw[key(l)] {
				continue
			}
			cut := decimal.Zero // what EA-L01 cuts from the line already
			if c, ok := caps[l.StandardID]; ok && l.UnitPrice.GreaterThan(c) {
				cut = l.UnitPrice.Sub(c).Mul(l.Quantity)
			}
			cands = append(cands, cand{i, j, l.Amount.Sub(cut)})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.delta.Cmp(a.delta) })
	removed := 0
	for _, c := range cands {
		if excess.Sub(c.delta).GreaterThanOrEqual(margin.Neg()) {
			subs[c.sub].Project.CostLines[c.line].Specification = ""
			excess = excess.Sub(c.delta)
			removed++
		}
	}

	// 3. Lump sums.
	s2, r2, _, err := roundTotals(as, subs, trees, tg.round)
	if err != nil {
		return err
	}
	type ref struct{ sub, line int }
	var lumps []ref
	var lw []decimal.Decimal
	for _, i := range bal {
		tw := twice(&subs[i].Project)
		for j, l := range subs[i].Project.CostLines {
			if isLump(l) && !tw[key(l)] {
				lumps = append(lumps, ref{i, j})
				lw = append(lw, l.Amount)
			}
		}
	}
	if len(lumps) == 0 {
		return fmt.Errorf("round %d: no lump-sum line to adjust", tg.round)
	}
	da := approved.Sub(s2.Sub(r2))
	// More than the lump sums can give up (half their amount): lower the
	// quantities of the other lines kept with a basis first, each unit
	// approving its price or, above its standard, the standard.
	if need := da.Neg().Sub(decimal.Sum(decimal.Zero, lw...).Div(decimal.NewFromInt(2))); need.Sign() > 0 {
		for _, i := range bal {
			p := &subs[i].Project
			tw := twice(p)
			for j := range p.CostLines {
				l := &p.CostLines[j]
				if need.Sign() <= 0 || l.Specification == "" || isLump(*l) || l.Item == "不可预见费" || tw[key(*l)] {
					continue
				}
				unit := l.UnitPrice
				if c, ok := caps[l.StandardID]; ok && c.LessThan(unit) {
					unit = c
				}
				k := decimal.Min(l.Quantity.Sub(one), need.Div(unit).Ceil())
				if k.Sign() <= 0 {
					continue
				}
				l.Quantity = l.Quantity.Sub(k)
				l.Amount = l.Quantity.Mul(l.UnitPrice).Round(2)
				need = need.Sub(k.Mul(unit))
			}
			settle(p)
		}
		if s2, r2, _, err = roundTotals(as, subs, trees, tg.round); err != nil {
			return err
		}
		da = approved.Sub(s2.Sub(r2))
	}
	parts := spread(da.Abs(), lw)
	for j, rf := range lumps {
		l := &subs[rf.sub].Project.CostLines[rf.line]
		if da.Sign() < 0 {
			l.UnitPrice = l.UnitPrice.Sub(parts[j])
		} else {
			l.UnitPrice = l.UnitPrice.Add(parts[j])
		}
		if l.UnitPrice.Sign() <= 0 {
			return fmt.Errorf("round %d: lump-sum line would go negative (adjustment %s over %d lines)", tg.round, da, len(lumps))
		}
		l.Amount = l.UnitPrice
		settle(&subs[rf.sub].Project)
	}

	// 4. Contingency.
	_, r3, _, err := roundTotals(as, subs, trees, tg.round)
	if err != nil {
		return err
	}
	dr := tg.reduced.Sub(r3)
	if dr.Sign() <= 0 {
		return fmt.Errorf("round %d: reductions %s already reach %s before contingency lines", tg.round, r3, tg.reduced)
	}
	w := make([]decimal.Decimal, len(bal))
	for j, i := range bal {
		w[j] = subs[i].Project.Amount
	}
	for j, part := range spread(dr, w) {
		if part.Sign() == 0 {
			continue
		}
		p := &subs[bal[j]].Project
		p.CostLines = append(p.CostLines, performance.CostLine{Item: "不可预见费", Quantity: one, Unit: "项", UnitPrice: part, Amount: part})
		settle(p)
	}
	s4, r4, res4, err := roundTotals(as, subs, trees, tg.round)
	if err != nil {
		return err
	}
	if !s4.Equal(tg.submitted) || !r4.Equal(tg.reduced) {
		return fmt.Errorf("round %d: submitted %s reduced %s, want %s and %s", tg.round, s4, r4, tg.submitted, tg.reduced)
	}
	log.Printf("round %d: drawn %s submitted, %s reduced; %d lines lost their basis; lump sums moved %s; contingency lines %s",
		tg.round, s0, r0, removed, da, dr)
	breakdown(res4, tg.round)
	return nil
}

// verify reads the written files back and checks both rounds.
func verify(dir string, as *exante.Assessor) error {
	var subs []exante.Submission
	var trees map[string]*goals.Tree
	for name, v := range map[string]any{"portfolio.json": &subs, "goals.json": &trees} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := performance.DecodeJSON(b, v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, tg := range []target{round1, round2} {
		s, r, res, err := roundTotals(as, subs, trees, tg.round)
		if err != nil {
			return err
		}
		n := 0
		for _, a := range res {
			if a.Round == tg.round {
				n++
			}
		}
		if n != tg.count || !s.Equal(tg.submitted) || !r.Equal(tg.reduced) {
			return fmt.Errorf("verify round %d: %d projects, submitted %s, reduced %s", tg.round, n, s, r)
		}
		if err := lineCutsOnly(res); err != nil {
			return err
		}
		rate, _ := performance.NewRatio(r, s)
		log.Printf("round %d: %d projects, submitted %s, reduced %s, rate %s%%", tg.round, n,
			performance.FormatAmount(s, performance.Wan), performance.FormatAmount(r, performance.Wan), rate.Percent(2))
	}
	return nil
}

// second completes the draw from a second stream, so that the first stream's
// draws (and the projects they made) stay as they were: experts' sheets for
// the projects drawn without them, and a detailed estimate for the project
// drawn as a lump sum.
func second(subs []exante.Submission) {
	g := &gen{rng: rand.New(rand.NewPCG(2021, 2022)), stds: map[string]performance.ExpenditureStandard{}}
	for _, s := range standards() {
		g.stds[s.ID] = s
	}
	for i := range subs {
		if subs[i].Experts == nil {
			// Five different experts: drawn again while one repeats.
			q := 0.82 + g.rng.Float64()*0.14
			for subs[i].Experts == nil || repeated(subs[i].Experts) {
				subs[i].Experts = g.experts(q)
			}
		}
		p := &subs[i].Project
		if p.CostLines == nil {
			ts := templates[p.Category]
			for j := range 3 {
				p.CostLines = append(p.CostLines, g.line(ts[j%len(ts)]))
			}
		}
		for j := range p.CostLines {
			l := &p.CostLines[j]
			// More prices above their standard (cut to it by EA-L01) …
			if c, ok := g.stds[l.StandardID]; ok && !l.UnitPrice.GreaterThan(c.Cap) && g.rng.IntN(100) < 40 {
				l.UnitPrice = c.Cap.Mul(decimal.New(g.between(115, 160), -2)).Round(2)
				l.Amount = l.Quantity.Mul(l.UnitPrice).Round(2)
			}
		}
		// … and more lines submitted twice (cut by EA-L03).
		if n := len(p.CostLines); subs[i].Round == 1 && g.rng.IntN(100) < 25 {
			p.CostLines = append(p.CostLines, p.CostLines[g.rng.IntN(n)])
		}
		settle(p)
	}
}

// repeated reports whether an expert handed in two sheets.
func repeated(ex []exante.Expert) bool {
	seen := map[string]bool{}
	for _, e := range ex {
		if seen[e.ID] {
			return true
		}
		seen[e.ID] = true
	}
	return false
}

// breakdown logs the round's reductions by kind.
func breakdown(res []*exante.Assessment, round int) {
	by := map[exante.ReductionKind]decimal.Decimal{}
	for _, a := range res {
		if a.Round != round {
			continue
		}
		for _, r := range a.Reductions {
			by[r.Kind] = by[r.Kind].Add(r.Amount)
		}
	}
	for k := exante.ReductionPolicy; k <= exante.ReductionNotFundable; k++ {
		if v, ok := by[k]; ok {
			log.Printf("round %d: %s %s", round, k, v)
		}
	}
}

// lineCutsOnly checks the seed's story: every project is assessed (scored),
// fundable and not rejected, and every reduction is one a rule of the
// policy made on one of its cost lines.
func lineCutsOnly(res []*exante.Assessment) error {
	for _, a := range res {
		if a.Score == nil || !a.Fundable || a.Verdict == exante.Reject || a.Verdict == exante.VerdictNone {
			return fmt.Errorf("%s: not assessed, not fundable or rejected (verdict %s)", a.ProjectID, a.Verdict)
		}
		for _, r := range a.Reductions {
			if r.Line == exante.WholeProject {
				return fmt.Errorf("%s: a whole-project reduction by %s", a.ProjectID, r.RuleID)
			}
			switch r.Kind {
			case exante.ReductionStandard, exante.ReductionUnsupported, exante.ReductionDuplicate, exante.ReductionPolicy:
			default:
				return fmt.Errorf("%s: a %s reduction by %s", a.ProjectID, r.Kind, r.RuleID)
			}
		}
	}
	return nil
}
