package exante

import (
	"fmt"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// ReductionKind classifies a reduction (审减) or an increase (审增) by its
// cause. The zero value, ReductionPolicy, is a cut a policy makes for its own
// reasons. Kinds marshal as their codes.
type ReductionKind uint8

const (
	// ReductionPolicy is a policy cut (政策性核减), such as a share of every
	// line of a category. It is the zero value.
	ReductionPolicy ReductionKind = iota
	// ReductionStandard caps a unit price at its expenditure standard (超标准核减):
	// (price − cap) × quantity.
	ReductionStandard
	// ReductionUnsupported cuts a line the estimate does not support (无依据).
	ReductionUnsupported
	// ReductionDuplicate cuts a line that repeats another (重复申报).
	ReductionDuplicate
	// ReductionRejected reduces a project assessed as not supported (不予支持)
	// in full.
	ReductionRejected
	// ReductionNotFundable reduces in full a project that fails a gate before
	// money: no detailed estimate, no goals, invalid data, not assessed.
	ReductionNotFundable
)

// String returns the kind's code, such as "standard".
func (k ReductionKind) String() string { return reductionTable.String(int(k), "ReductionKind") }

// Name returns the kind in the given language: "超支出标准" or "standard".
func (k ReductionKind) Name(l performance.Lang) string {
	return reductionTable.Name(int(k), l, "ReductionKind")
}

// MarshalText encodes the kind's code.
func (k ReductionKind) MarshalText() ([]byte, error) {
	if int(k) >= len(reductionTable) {
		return nil, fmt.Errorf("exante: unknown reduction kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes any form [ParseReductionKind] accepts.
func (k *ReductionKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, reductionTable, false, ParseReductionKind, b)
}

// parseReductionKind reads a kind by its exact code, as rule tags name it.
func parseReductionKind(s string) (ReductionKind, bool) {
	for _, c := range reductionTable {
		if s == c.Code {
			return c.V, true
		}
	}
	return ReductionPolicy, false
}

// WholeProject is the Line of a [Reduction] that applies to the project as a
// whole rather than to one cost line.
const WholeProject = -1

// A Reduction is one cut (审减) or, in an increase list, one addition (审增)
// made by an ex-ante assessment, with the rule that made it and why.
type Reduction struct {
	// Line is the index of the cost line in the project's cost_lines, or
	// [WholeProject].
	Line int `json:"line"`
	// RuleID is the rule that made the change, or the gate code for a
	// project that is not fundable.
	RuleID string `json:"rule_id"`
	// Kind classifies the cause.
	Kind ReductionKind `json:"kind"`
	// Amount is in yuan, positive, to the fen. A reduction never exceeds
	// what is left of its line.
	Amount decimal.Decimal `json:"amount"`
	// Reason is the rule's stated reason, for finance staff.
	Reason performance.Text `json:"reason"`
	// Explanation shows, in Chinese and English, the figures the rule used,
	// as the rules engine renders them; nil unless [AssessOptions].Explain.
	Explanation *performance.Text `json:"explanation,omitempty"`
}

// lineLedger tracks what is left of each cost line as reductions are made,
// so that no reduction exceeds its line. It works in int64 fen when every
// line's amount is a whole number of fen that fits (the usual case), and in
// decimals otherwise; both give the same figures.
//
// The reductions are recorded as ledgerCuts, which hold no pointer: the
// rule, reason and explanation of a cut are a [cutRef] to a template, and
// its amount is fen (or an index into decs). [lineLedger.copyOut] then
// writes each Reduction once, into the memory the result keeps. Appending
// whole Reductions (five pointers each) to reused storage and copying them
// out wrote every pointer twice, each write behind the collector's write
// barrier while it marks the input: in BenchmarkAssess
// (exante_bench_test.go) the copy alone was 11% of the parallel
// assessment's CPU samples (2 Dec 2026). Written once, most of that cost
// moved to the first writes into the result's fresh block; the benchmark
// gained 7% at the minimum of 8 alternating runs (12.72 against 13.69
// CPU-µs per project), within the noise of a shared machine at the median.
type lineLedger struct {
	fast    bool
	fen     []int64 // each line's amount in fen, when fast
	left    []int64 // fen, when fast
	leftDec []decimal.Decimal
	sum     int64 // fen cut so far, when fast
	sumDec  decimal.Decimal
	cuts    []ledgerCut
	// decs are the amounts of the cuts made in decimals (ledgerCut.dec).
	decs []decimal.Decimal
	// static are the templates shared by every project (the line rules'
	// own, see [Assessor.lineTemplates]); tmpls those of this project only.
	static, tmpls []Reduction
	// lines are the project's cost lines: a cut of a whole line written to
	// the fen shares the line's amount (see amountOf).
	lines []performance.CostLine
}

// A ledgerCut is one reduction recorded by a lineLedger: line, template
// and amount, in fen when dec is negative and decs[dec] otherwise.
type ledgerCut struct {
	line int32
	dec  int32
	ref  cutRef
	fen  int64
}

// A cutRef names the template of a cut (its RuleID, Kind, Reason and
// Explanation; the Line and Amount are the cut's): lineLedger.tmpls[r]
// when r ≥ 0, lineLedger.static[^r] when negative.
type cutRef int32

// staticRef is the reference to the k-th shared template.
func staticRef(k int) cutRef { return ^cutRef(k) }

// addTemplate records a template for this project's cuts.
func (l *lineLedger) addTemplate(r Reduction) cutRef {
	l.tmpls = append(l.tmpls, r)
	return cutRef(len(l.tmpls) - 1)
}

// template returns the template ref names.
func (l *lineLedger) template(ref cutRef) *Reduction {
	if ref < 0 {
		return &l.static[^ref]
	}
	return &l.tmpls[ref]
}

// reset starts the ledger over lines, with the shared templates static.
// fen, when not nil, holds the lines' amounts in fen, all whole and
// non-negative, as the gates found them.
func (l *lineLedger) reset(lines []performance.CostLine, fen []int64, static []Reduction) {
	l.fast, l.left, l.leftDec = true, l.left[:0], l.leftDec[:0]
	l.sum, l.sumDec = 0, decimal.Decimal{}
	l.cuts, l.decs = l.cuts[:0], l.decs[:0]
	l.static, l.tmpls, l.lines = static, l.tmpls[:0], lines
	if fen != nil {
		l.left = append(l.left, fen...)
		l.fen = append(l.fen[:0], fen...)
		return
	}
	for _, c := range lines {
		f, ok := exact.Fen(c.Amount)
		l.fast = l.fast && ok && f >= 0
		l.left = append(l.left, f)
	}
	l.fen = append(l.fen[:0], l.left...)
	if !l.fast {
		for _, c := range lines {
			l.leftDec = append(l.leftDec, c.Amount)
		}
	}
}

// len returns the number of reductions made.
func (l *lineLedger) len() int { return len(l.cuts) }

// copyOut writes the reductions made, in order, into dst, which is zeroed
// and has room for exactly l.len() of them.
func (l *lineLedger) copyOut(dst []Reduction) {
	for k := range l.cuts {
		c := &l.cuts[k]
		t := l.template(c.ref)
		amt, whole := l.lineAmount(c)
		if !whole {
			amt = l.amountOf(c)
		}
		d := &dst[k]
		d.Line, d.RuleID, d.Kind, d.Amount, d.Reason = int(c.line), t.RuleID, t.Kind, amt, t.Reason
		if t.Explanation != nil { // dst is zeroed: a nil pointer is not written
			d.Explanation = t.Explanation
		}
	}
}

// amountOf returns the amount of cut c.
func (l *lineLedger) amountOf(c *ledgerCut) decimal.Decimal {
	if c.dec >= 0 {
		return l.decs[c.dec]
	}
	return decimal.New(c.fen, -2)
}

// lineAmount reports whether cut c, in fen, takes a whole line whose
// amount is written to the fen (exponent -2, as amounts rounded with
// Round(2) are), and returns that amount: l.fen holds it in fen, so it has
// the value and exponent of amountOf(c), which need not then be built (two
// allocations). Lines without a specification or repeated are cut so. A
// ledger not reset has no lines and shares none.
func (l *lineLedger) lineAmount(c *ledgerCut) (decimal.Decimal, bool) {
	if k := int(c.line); c.dec < 0 && k < len(l.lines) && c.fen == l.fen[k] && l.lines[k].Amount.Exponent() == -2 {
		return l.lines[k].Amount, true
	}
	return decimal.Decimal{}, false
}

// amounts returns each line's amount in fen, or nil off the fast path.
func (l *lineLedger) amounts() []int64 {
	if l.fast {
		return l.fen
	}
	return nil
}

// remaining returns what is left of line i.
func (l *lineLedger) remaining(i int) decimal.Decimal {
	if l.fast {
		return decimal.New(l.left[i], -2)
	}
	return l.leftDec[i]
}

// totalOf is total, given out, the reductions copyOut wrote: on the fast
// path the amount of a single reduction is the total, the same value with
// the same exponent (-2), which need not be built again.
func (l *lineLedger) totalOf(out []Reduction) decimal.Decimal {
	if l.fast && len(out) == 1 {
		return out[0].Amount
	}
	return l.total()
}

// total returns the sum of the cuts made.
func (l *lineLedger) total() decimal.Decimal {
	if l.fast {
		return decimal.New(l.sum, -2)
	}
	return l.sumDec
}

// cut reduces line i by amount, rounded half away from zero to the fen and
// capped at what is left of the line; it records nothing for a zero or
// negative result.
func (l *lineLedger) cut(i int, amount decimal.Decimal, r cutRef) {
	if l.fast {
		f, ok := exact.RoundFen(amount)
		if !ok { // beyond int64 fen: only its sign matters against the cap
			f = 0
			if amount.Sign() > 0 {
				f = l.left[i]
			}
		}
		l.cutFen(i, f, r)
		return
	}
	l.cutDec(i, amount, r)
}

// cutParts is cut of the amount c × 10^e, without building a decimal on the
// fast path: exact.RoundFenParts gives what exact.RoundFen gives for
// decimal.New(c, e).
func (l *lineLedger) cutParts(i int, c int64, e int32, r cutRef) {
	if !l.fast {
		l.cutDec(i, decimal.New(c, e), r)
		return
	}
	f, ok := exact.RoundFenParts(c, e)
	if !ok { // beyond int64 fen: only its sign matters against the cap
		f = 0
		if c > 0 {
			f = l.left[i]
		}
	}
	l.cutFen(i, f, r)
}

// cutDec is cut in decimals, off the fast path.
func (l *lineLedger) cutDec(i int, amount decimal.Decimal, r cutRef) {
	amount = amount.Round(2)
	if amount.GreaterThan(l.leftDec[i]) {
		amount = l.leftDec[i]
	}
	if amount.Sign() <= 0 {
		return
	}
	l.leftDec[i] = l.leftDec[i].Sub(amount)
	l.sumDec = l.sumDec.Add(amount)
	l.decs = append(l.decs, amount)
	l.cuts = append(l.cuts, ledgerCut{line: int32(i), dec: int32(len(l.decs) - 1), ref: r})
}

// cutFen is cut in fen, on the fast path.
func (l *lineLedger) cutFen(i int, f int64, r cutRef) {
	f = min(f, l.left[i])
	if f <= 0 {
		return
	}
	l.left[i] -= f
	l.sum += f
	l.cuts = append(l.cuts, ledgerCut{line: int32(i), dec: -1, ref: r, fen: f})
}

// cutShare cuts share (0–1) of what is left of line i, rounded half away
// from zero to the fen.
func (l *lineLedger) cutShare(i int, share decimal.Decimal, r cutRef) {
	l.cutShareOf(i, newShareCut(share), r)
}

// A shareCut is a share prepared once for cutting it from every line of a
// project: its coefficient c and k = 10^-exponent, when share = c/k fits
// the int64 path (fixed).
type shareCut struct {
	// share is the share as a decimal; when parts is set it is not built
	// but is decimal.New(c, e), the same value and exponent.
	share decimal.Decimal
	parts bool
	e     int32
	c, k  int64
	fixed bool
}

func newShareCut(share decimal.Decimal) shareCut {
	sc := shareCut{share: share}
	if share.NumDigits() <= 6 && share.Exponent() >= -12 && share.Exponent() <= 0 {
		sc.k, _ = exact.Pow10(-share.Exponent())
		sc.c, sc.e, sc.fixed = share.CoefficientInt64(), share.Exponent(), true
	}
	return sc
}

// shareCutOf is newShareCut of a rule's output, without building its
// decimal when it is given as parts (the same value: [rules.Value.Parts]).
func shareCutOf(v rules.Value) shareCut {
	// |c| ≤ 999,999 is NumDigits ≤ 6 for an int64 coefficient.
	if c, e, ok := v.Parts(); ok && e >= -12 && e <= 0 && c >= -999_999 && c <= 999_999 {
		k, _ := exact.Pow10(-e)
		return shareCut{parts: true, e: e, c: c, k: k, fixed: true}
	}
	return newShareCut(v.Decimal())
}

// decimal returns the share.
func (s *shareCut) decimal() decimal.Decimal {
	if s.parts {
		return decimal.New(s.c, s.e)
	}
	return s.share
}

// inUnit reports whether the share is within 0–1: 0 ≤ c ≤ k when fixed.
func (s *shareCut) inUnit() bool {
	if s.fixed {
		return s.c >= 0 && s.c <= s.k
	}
	return s.share.Sign() >= 0 && !s.share.GreaterThan(decimal.NewFromInt(1))
}

// cutShareOf is cutShare of a prepared share, which must be within 0–1.
func (l *lineLedger) cutShareOf(i int, s shareCut, r cutRef) {
	if l.fast && s.fixed {
		// left = q·k + rem with k = 10^-exponent; share ≤ 1 gives c ≤ k, so
		// q·c ≤ left ≤ 10^15, and rem·c < 10^12 · 10^6: all within int64.
		q, rem := l.left[i]/s.k, l.left[i]%s.k
		l.cutFen(i, q*s.c+(rem*s.c+s.k/2)/s.k, r) // rem·c < 10^18
		return
	}
	l.cut(i, l.remaining(i).Mul(s.decimal()), r)
}
