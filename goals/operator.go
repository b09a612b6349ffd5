package goals

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// Operator says how an actual value is compared with a target (指标值的
// 比较方式). The zero value is AtLeast (≥), the reading of a published target
// printed without an operator ("100%").
//
// Operators marshal to JSON and text as their codes ("ge", "le", "eq", "gt",
// "lt", "range", "qualitative") and unmarshal from a code or a symbol (≥, >=,
// ≤, <=, =, >, <).
type Operator uint8

const (
	// AtLeast (≥, 不低于): the actual must reach the target. It is the zero
	// value.
	AtLeast Operator = iota
	// AtMost (≤, 不高于): the actual must not exceed the target, as for cost
	// and time indicators and deadlines.
	AtMost
	// Equal (=): the actual must equal the target within Config.Tolerance;
	// otherwise it scores weight × actual ÷ target below the target and
	// weight × target ÷ actual above it.
	Equal
	// Above (>): the actual must exceed the target. Not met, it scores as
	// AtLeast does, so an actual equal to the target is not met (Met is
	// false) yet its proportion is 1: the explanation shows it, and an
	// evaluator may deduct.
	Above
	// Below (<): the actual must stay under the target; not met, it scores
	// as AtMost does (see Above for the bound itself).
	Below
	// Range (区间): the actual must lie within [Value, Upper], both ends
	// included; below it scores weight × actual ÷ Value, above it weight ×
	// Upper ÷ actual.
	Range
	// Qualitative (定性): the target is a phrase such as 明显提升 and the
	// actual is an evaluator's rating in one of three bands.
	Qualitative
)

// operatorNames holds each operator's code, symbol, Chinese and English
// names, and the further symbols ParseOperator reads (never written).
var operatorNames = []struct {
	code, symbol, zh, en string
	symbols              []string
}{
	AtLeast:     {"ge", "≥", "不低于", "at least", []string{">=", "≧"}},
	AtMost:      {"le", "≤", "不高于", "at most", []string{"<=", "≦"}},
	Equal:       {"eq", "=", "等于", "equal to", []string{"=="}},
	Above:       {"gt", ">", "高于", "above", nil},
	Below:       {"lt", "<", "低于", "below", nil},
	Range:       {"range", "区间", "区间", "within", nil},
	Qualitative: {"qualitative", "定性", "定性", "qualitative", nil},
}

// String returns the operator's symbol: ≥, ≤, =, >, <, or 区间 and 定性.
func (o Operator) String() string {
	if o.Valid() {
		return operatorNames[o].symbol
	}
	return fmt.Sprintf("Operator(%d)", uint8(o))
}

// Code returns the operator's stable code: "ge", "le", "eq", "gt", "lt",
// "range" or "qualitative".
func (o Operator) Code() string {
	if o.Valid() {
		return operatorNames[o].code
	}
	return o.String()
}

// Name returns the operator's name in the given language: "不低于" or
// "at least".
func (o Operator) Name(l performance.Lang) string {
	if !o.Valid() {
		return o.String()
	}
	if l == performance.LangEN {
		return operatorNames[o].en
	}
	return operatorNames[o].zh
}

// Valid reports whether o is one of the seven operators.
func (o Operator) Valid() bool { return int(o) < len(operatorNames) }

// Quantitative reports whether o compares numbers (all operators but
// Qualitative).
func (o Operator) Quantitative() bool { return o != Qualitative }

// MarshalText encodes the operator as its code.
func (o Operator) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("goals: invalid operator %d", uint8(o))
	}
	return []byte(o.Code()), nil
}

// ParseOperator reads an operator from its code (ge, le, eq, gt, lt,
// range, qualitative), its symbol (≥, ≤, =, >, <; also >=, ≧, <=, ≦, ==)
// or its Chinese name (不低于, 不高于, 等于, 高于, 低于, 区间, 定性).
// Surrounding spaces are ignored. Anything else, the empty string included,
// is an error wrapping [ErrUnknownKind] that names the allowed values.
func ParseOperator(s string) (Operator, error) {
	t := strings.TrimSpace(s)
	for i, n := range operatorNames {
		if t == n.code || t == n.symbol || t == n.zh || slices.Contains(n.symbols, t) {
			return Operator(i), nil
		}
	}
	// The lists for the error only: a target file names an operator per
	// indicator.
	var codes, symbols, zh []string
	for _, n := range operatorNames {
		codes, zh = append(codes, n.code), append(zh, n.zh)
		if n.symbol != n.zh {
			symbols = append(symbols, n.symbol)
		}
	}
	return AtLeast, fmt.Errorf("%w: operator %q (want %s; %s; %s)", ErrUnknownKind, s,
		enum.List(codes), enum.List(symbols), enum.List(zh))
}

// operatorSpellings is every code, symbol and Chinese name, read without
// an allocation (a goals.json names an operator per indicator).
var operatorSpellings = enum.MustSpellings(ParseOperator, operatorTexts()...)

// operatorTexts lists what ParseOperator reads, as written.
func operatorTexts() []string {
	var out []string
	for _, n := range operatorNames {
		out = append(append(out, n.code, n.symbol, n.zh), n.symbols...)
	}
	return out
}

// UnmarshalText decodes any form [ParseOperator] accepts.
func (o *Operator) UnmarshalText(b []byte) error { return operatorSpellings.Decode(o, b) }
