package evaluation

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Gate codes added to those of [performance.Project.Validate] and
// [goals.Tree.Validate].
const (
	// GateNoGoals: the project carries no performance goals (无绩效目标).
	GateNoGoals = "no_goals"
	// GateNotAssessed: the assessment was mandatory but nobody scored it and
	// no rule gave a verdict (应评未评).
	GateNotAssessed = "not_assessed"
	// GateBadRound: the round is not a positive number.
	GateBadRound = "bad_round"
	// GateGoalReview: the goals failed the bureau's goal review (绩效目标审核
	// 未通过): under 财预〔2015〕88号 第二十五条 goals graded 差 do not go on to
	// the budget, and goals graded 中 go back for revision first.
	GateGoalReview = "goal_review_failed"
)

// CheckGates checks the conditions a project must meet before any money is
// considered (入库和安排预算的前提): valid project data with a detailed cost
// estimate ([performance.Project.Validate], which reports no_cost_lines),
// cost lines referring to known expenditure standards, and performance goals
// that exist and validate. It returns every failure at once as
// [performance.Problems] (goal problems under the path "goals"), or nil.
// The goals' custom scoring expressions are checked with opts, the host's
// rules options (see goals.Tree.Validate); an [Assessor] checks them with
// the options it was compiled with.
func CheckGates(p *performance.Project, tree *goals.Tree, standards []performance.ExpenditureStandard, opts ...rules.Option) error {
	var ps performance.Problems
	gateProject(&ps, p, nil)
	if err := p.ValidateStandards(standards); err != nil {
		appendProblems(&ps, err, "")
	}
	gateGoals(&ps, tree, opts)
	return ps.Err()
}

// gateProject adds the problems of p.Validate to ps. fen, when it has room
// for every cost line, receives the lines' amounts in fen; it reports
// whether it did (when the fast check accepted the project).
func gateProject(ps *performance.Problems, p *performance.Project, fen []int64) bool {
	if quickValid(p, fen) {
		return len(fen) >= len(p.CostLines)
	}
	if err := p.Validate(); err != nil {
		appendProblems(ps, err, "")
	}
	return false
}

// quickValid reports true only for a project that [performance.Project.Validate]
// accepts, checking the same conditions in int64 fen without allocating; it
// reports false whenever it cannot be sure (large or finely divided figures),
// and the caller then runs Validate itself for the problems. Tests hold it
// to that: quickValid(p) implies p.Validate() == nil. When fen has room for
// every line it receives their amounts in fen, valid when it reports true.
func quickValid(p *performance.Project, fen []int64) bool {
	if blank(p.ID) || blank(p.Name) || blank(p.UnitID) || blank(p.Basis) || blank(p.Content) || p.FiscalYear <= 0 {
		return false
	}
	start, end := p.Period.Start, p.Period.End
	if start.IsZero() || end.IsZero() || end.Before(start) || p.FiscalYear < start.Year || p.FiscalYear > end.Year {
		return false
	}
	total, ok1 := toFen(p.TotalInvestment)
	invested, ok2 := toFen(p.InvestedToDate)
	amount, ok3 := toFen(p.Amount)
	if !ok1 || !ok2 || !ok3 || total < 0 || invested < 0 || amount < 0 || invested > total || invested+amount > total {
		return false
	}
	if len(p.CostLines) == 0 {
		return false
	}
	var sum int64
	for i := range p.CostLines {
		l := &p.CostLines[i]
		if blank(l.Item) {
			return false
		}
		a, ok := toFen(l.Amount)
		if !ok || a < 0 || l.Quantity.Sign() < 0 || l.UnitPrice.Sign() < 0 {
			return false
		}
		if want, ok := mulFen(l.Quantity, l.UnitPrice); !ok || want != a {
			return false
		}
		if sum += a; sum > maxFen {
			return false
		}
		if i < len(fen) {
			fen[i] = a
		}
	}
	return sum == amount
}

// blank is strings.TrimSpace(s) == "", the test of Validate, decided by the
// first rune when that is not white space (the usual case, and the cheap
// one: TrimSpace decodes every rune of a Chinese name).
func blank(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c < utf8.RuneSelf:
		if c != ' ' && (c < '\t' || c > '\r') {
			return false
		}
	case c >= 0xE4 || c >= 0xC3 && c <= 0xE0:
		// No white space starts so: Unicode's spaces above ASCII begin
		// with 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000–U+205F)
		// or 0xE3 (U+3000). Chinese text starts with 0xE4–0xE9.
		return false
	default:
		if r, _ := utf8.DecodeRuneInString(s); !unicode.IsSpace(r) {
			return false
		}
	}
	return strings.TrimSpace(s) == ""
}

// maxFen bounds the fen figures of the fast paths: 10^15 fen is ten
// trillion yuan, and sums of a few thousand such figures stay in int64.
const maxFen = 1_000_000_000_000_000

var pow10i = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// toFen returns d in fen when d is a whole number of fen of at most maxFen
// in absolute value.
func toFen(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 17 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), d.Exponent()+2
	switch {
	case e >= 0:
		if int(e) >= len(pow10i) || c > maxFen/pow10i[e] || c < -maxFen/pow10i[e] {
			return 0, false
		}
		c *= pow10i[e]
	case -e < int32(len(pow10i)):
		if c%pow10i[-e] != 0 {
			return 0, false
		}
		c /= pow10i[-e]
	default:
		return 0, c == 0
	}
	return c, c <= maxFen && c >= -maxFen
}

// mulFen returns q × p rounded half away from zero to the fen, for
// non-negative q and p whose coefficients are below 2^31.
func mulFen(q, p decimal.Decimal) (int64, bool) {
	if q.NumDigits() > 9 || p.NumDigits() > 9 {
		return 0, false
	}
	prod := q.CoefficientInt64() * p.CoefficientInt64() // < 10^18
	e := q.Exponent() + p.Exponent() + 2
	switch {
	case e >= 0:
		if int(e) >= len(pow10i) || prod > maxFen/pow10i[e] {
			return 0, false
		}
		return prod * pow10i[e], true
	case -e < int32(len(pow10i)):
		d := pow10i[-e]
		return (prod + d/2) / d, true
	}
	return 0, false
}

// CheckGatesReviewed is [CheckGates] with the result of the goal review:
// a review that does not pass adds a GateGoalReview failure (path
// "goal_review") whose message gives the grade, the score and the number
// of findings. A nil review adds nothing, as CheckGates.
func CheckGatesReviewed(p *performance.Project, tree *goals.Tree, review *goals.Review, standards []performance.ExpenditureStandard, opts ...rules.Option) error {
	err := CheckGates(p, tree, standards, opts...)
	var ps performance.Problems
	if err != nil {
		appendProblems(&ps, err, "")
	}
	gateReview(&ps, review)
	return ps.Err()
}

// gateReview adds the failure of a goal review that does not pass.
func gateReview(ps *performance.Problems, review *goals.Review) {
	if review == nil || review.Pass {
		return
	}
	r := review.Reason()
	ps.Add(GateGoalReview, "goal_review", r.ZH, r.EN)
}

func gateGoals(ps *performance.Problems, tree *goals.Tree, opts []rules.Option) {
	if tree == nil || len(tree.Indicators) == 0 {
		ps.Add(GateNoGoals, "goals", "未设定绩效目标，不予安排预算", "no performance goals: the project is not fundable")
		return
	}
	if err := tree.Validate(opts...); err != nil {
		appendProblems(ps, err, "goals")
	}
}

// appendProblems adds the problems of err (or err itself, wrapped as one
// problem, when it is not Problems) under prefix.
func appendProblems(ps *performance.Problems, err error, prefix string) {
	var got performance.Problems
	if errors.As(err, &got) {
		*ps = append(*ps, got.Prefix(prefix)...)
		return
	}
	ps.Add("invalid", prefix, err.Error(), err.Error())
}
