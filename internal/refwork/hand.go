package refwork

import "github.com/shopspring/decimal"

// Out is what a baseline computes for one project: which rules fired and
// the output of each (R09's grade in Grade).
type Out[T any] struct {
	Fired [10]bool
	Val   [10]T
	Grade string
}

// Band is R09's grade for a score at or above 90, 80 and 60.
func Band(a, b, c bool) string {
	switch {
	case a:
		return "优"
	case b:
		return "良"
	case c:
		return "中"
	}
	return "差"
}

// HandFloat is the reference rules hand-written in Go over float64 money
// (fast and not exact).
func HandFloat(p *Float, o *Out[float64]) {
	*o = Out[float64]{}
	if !p.HasDetailedEstimate {
		o.Fired[0], o.Val[0] = true, p.Requested
	}
	if p.UnitCost > p.StandardUnitCost {
		o.Fired[1], o.Val[1] = true, (p.UnitCost-p.StandardUnitCost)*float64(p.Quantity)
	}
	if p.PriorGrade == "差" {
		o.Fired[2], o.Val[2] = true, p.Requested*0.2
	}
	if p.PriorGrade == "中" {
		o.Fired[3], o.Val[3] = true, p.Requested*0.1
	}
	gap := p.ElapsedShare - p.ExecutionRate
	if gap > 0.2 {
		o.Fired[4], o.Val[4] = true, gap*p.Requested
	}
	if gap > 0.1 && gap <= 0.2 {
		o.Fired[5], o.Val[5] = true, gap*p.Requested
	}
	if p.IsNew && p.Requested > 5000000 {
		o.Fired[6], o.Val[6] = true, p.Requested-5000000
	}
	if !p.IsNew {
		s := p.ExecutionRate*40 + p.GoalCompletion*60
		o.Fired[7], o.Val[7] = true, s
		o.Fired[8], o.Val[8] = true, s
		o.Grade = Band(s >= 90, s >= 80, s >= 60)
	}
	if p.Category == "信息化" && p.ExecutionRate < 0.5 {
		o.Fired[9], o.Val[9] = true, p.Requested*(0.5-p.ExecutionRate)
	}
}

// HandFen is the reference rules over int64 fen and ratios in 1e-4;
// products of a ratio and money are divided by 1e4, exact because
// Requested is whole hundreds of yuan. Scores are in 1e-4 points.
func HandFen(p *Fen, o *Out[int64]) {
	*o = Out[int64]{}
	if !p.HasDetailedEstimate {
		o.Fired[0], o.Val[0] = true, p.Requested
	}
	if p.UnitCost > p.StandardUnitCost {
		o.Fired[1], o.Val[1] = true, (p.UnitCost-p.StandardUnitCost)*p.Quantity
	}
	if p.PriorGrade == "差" {
		o.Fired[2], o.Val[2] = true, p.Requested*2/10
	}
	if p.PriorGrade == "中" {
		o.Fired[3], o.Val[3] = true, p.Requested/10
	}
	gap := p.ElapsedShare - p.ExecutionRate
	if gap > 2000 {
		o.Fired[4], o.Val[4] = true, gap*p.Requested/10000
	}
	if gap > 1000 && gap <= 2000 {
		o.Fired[5], o.Val[5] = true, gap*p.Requested/10000
	}
	if p.IsNew && p.Requested > 500000000 {
		o.Fired[6], o.Val[6] = true, p.Requested-500000000
	}
	if !p.IsNew {
		s := p.ExecutionRate*40 + p.GoalCompletion*60
		o.Fired[7], o.Val[7] = true, s
		o.Fired[8], o.Val[8] = true, s
		o.Grade = Band(s >= 900000, s >= 800000, s >= 600000)
	}
	if p.Category == "信息化" && p.ExecutionRate < 5000 {
		o.Fired[9], o.Val[9] = true, p.Requested*(5000-p.ExecutionRate)/10000
	}
}

// DecConsts are the decimal constants of the rules, made once, as a
// careful hand-written decimal program would.
type DecConsts struct{ d02, d01, d5m, d40, d60, d90, d80, half decimal.Decimal }

// NewDecConsts makes the constants.
func NewDecConsts() *DecConsts {
	f := decimal.RequireFromString
	return &DecConsts{d02: f("0.2"), d01: f("0.1"), d5m: f("5000000"),
		d40: f("40"), d60: f("60"), d90: f("90"), d80: f("80"), half: f("0.5")}
}

// HandDecimal is the reference rules hand-written in Go over shopspring
// decimals: the exact-decimal baseline the engine is held to.
func HandDecimal(p *Project, k *DecConsts, o *Out[decimal.Decimal]) {
	*o = Out[decimal.Decimal]{}
	if !p.HasDetailedEstimate {
		o.Fired[0], o.Val[0] = true, p.Requested
	}
	if p.UnitCost.GreaterThan(p.StandardUnitCost) {
		o.Fired[1], o.Val[1] = true, p.UnitCost.Sub(p.StandardUnitCost).Mul(decimal.NewFromInt(int64(p.Quantity)))
	}
	if p.PriorGrade == "差" {
		o.Fired[2], o.Val[2] = true, p.Requested.Mul(k.d02)
	}
	if p.PriorGrade == "中" {
		o.Fired[3], o.Val[3] = true, p.Requested.Mul(k.d01)
	}
	gap := p.ElapsedShare.Sub(p.ExecutionRate)
	if gap.GreaterThan(k.d02) {
		o.Fired[4], o.Val[4] = true, gap.Mul(p.Requested)
	}
	if gap.GreaterThan(k.d01) && gap.LessThanOrEqual(k.d02) {
		o.Fired[5], o.Val[5] = true, gap.Mul(p.Requested)
	}
	if p.IsNew && p.Requested.GreaterThan(k.d5m) {
		o.Fired[6], o.Val[6] = true, p.Requested.Sub(k.d5m)
	}
	if !p.IsNew {
		s := p.ExecutionRate.Mul(k.d40).Add(p.GoalCompletion.Mul(k.d60))
		o.Fired[7], o.Val[7] = true, s
		o.Fired[8], o.Val[8] = true, s
		o.Grade = Band(s.GreaterThanOrEqual(k.d90), s.GreaterThanOrEqual(k.d80), s.GreaterThanOrEqual(k.d60))
	}
	if p.Category == "信息化" && p.ExecutionRate.LessThan(k.half) {
		o.Fired[9], o.Val[9] = true, p.Requested.Mul(k.half.Sub(p.ExecutionRate))
	}
}
