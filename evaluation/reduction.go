package evaluation

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
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

var reductionKindCodes = [...]struct{ code, zh string }{
	ReductionPolicy:      {"policy", "政策性核减"},
	ReductionStandard:    {"standard", "超支出标准"},
	ReductionUnsupported: {"unsupported", "测算依据不足"},
	ReductionDuplicate:   {"duplicate", "重复申报"},
	ReductionRejected:    {"rejected", "评估不予支持"},
	ReductionNotFundable: {"not_fundable", "不具备安排条件"},
}

// String returns the kind's code, such as "standard".
func (k ReductionKind) String() string {
	if int(k) < len(reductionKindCodes) {
		return reductionKindCodes[k].code
	}
	return "ReductionKind(" + strconv.Itoa(int(k)) + ")"
}

// Name returns the kind in the given language: "超支出标准" or "standard".
func (k ReductionKind) Name(l performance.Lang) string {
	if l == performance.LangZH && int(k) < len(reductionKindCodes) {
		return reductionKindCodes[k].zh
	}
	return k.String()
}

// MarshalText encodes the kind's code.
func (k ReductionKind) MarshalText() ([]byte, error) {
	if int(k) >= len(reductionKindCodes) {
		return nil, fmt.Errorf("evaluation: unknown reduction kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a kind from its code.
func (k *ReductionKind) UnmarshalText(b []byte) error {
	kk, ok := parseReductionKind(string(b))
	if !ok {
		return fmt.Errorf("evaluation: unknown reduction kind %q", b)
	}
	*k = kk
	return nil
}

func parseReductionKind(s string) (ReductionKind, bool) {
	for i, c := range reductionKindCodes {
		if s == c.code {
			return ReductionKind(i), true
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
// so that no reduction exceeds its line.
type lineLedger struct {
	left []decimal.Decimal
	out  []Reduction
}

func (l *lineLedger) reset(lines []performance.CostLine) {
	l.left = l.left[:0]
	for _, c := range lines {
		l.left = append(l.left, c.Amount)
	}
	l.out = nil
}

// cut reduces line i by amount, rounded half up to the fen and capped at what
// is left of the line; it records nothing for a zero or negative result and
// returns the amount actually cut.
func (l *lineLedger) cut(i int, amount decimal.Decimal, r Reduction) decimal.Decimal {
	amount = amount.Round(2)
	if amount.GreaterThan(l.left[i]) {
		amount = l.left[i]
	}
	if amount.Sign() <= 0 {
		return decimal.Decimal{}
	}
	l.left[i] = l.left[i].Sub(amount)
	r.Line, r.Amount = i, amount
	l.out = append(l.out, r)
	return amount
}
