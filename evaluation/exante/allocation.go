package exante

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// ErrAllocation is wrapped by every error of [Allocate] but a cancellation:
// a plan or recipient list that cannot be allocated.
var ErrAllocation = errors.New("exante: allocation impossible")

// allocationStopped is the error of an allocation whose ctx was cancelled.
func allocationStopped(err error) error {
	return fmt.Errorf("exante: allocation stopped, no shares: %w", err)
}

// A FactorNode is one node of a factor-method weight tree (因素及权重): a
// factor (leaf) such as 服务人口, or a group of factors such as 工作量因素 85%
// with children. Weights are relative among siblings: 30/20/20/30 and
// 0.3/0.2/0.2/0.3 mean the same.
type FactorNode struct {
	// Factor names the recipients' value this leaf reads; empty on a group.
	Factor string `json:"factor,omitempty"`
	// Name is a label for reports, such as 绩效因素.
	Name string `json:"name,omitempty"`
	// Weight is the node's weight among its siblings; it must be positive.
	Weight decimal.Decimal `json:"weight"`
	// Children are the members of a group.
	Children []FactorNode `json:"children,omitempty"`
}

// An AdjustStep is one band of a piecewise bonus or penalty: recipients whose
// factor value is at least From (and below the next step's From) have their
// weighted score changed by Rate, a fraction such as 0.05 (+5%) or -0.1.
type AdjustStep struct {
	From decimal.Decimal `json:"from"`
	Rate decimal.Decimal `json:"rate"`
}

// A FactorAdjustment is a piecewise bonus or penalty (奖励/扣减) on one factor,
// such as a performance score: the step whose band holds the recipient's
// value gives its rate; values below the first step get no change. The
// result is clamped to [Min, Max] when these are set (zero means no bound).
// Bonuses and penalties move shares within the total; they never change it.
type FactorAdjustment struct {
	Factor string          `json:"factor"`
	Steps  []AdjustStep    `json:"steps"`
	Min    decimal.Decimal `json:"min"`
	Max    decimal.Decimal `json:"max"`
}

// A FactorPlan is a factor-method allocation (因素法分配): how to split Total
// among recipients by weighted factors. Each recipient's score is
//
//	s_i = Σ_k w_k · f_ik ÷ Σ_j f_jk
//
// where w_k is factor k's effective weight (the product of the normalised
// weights on its path through the tree) and the sum over j runs over the
// recipients that receive. The scores sum to 1; a recipient's amount is
// Total × s_i, adjusted by bonuses and penalties, floors and caps, and
// rounded to the fen so that the amounts sum to Total exactly.
type FactorPlan struct {
	// Total is the amount to split, in yuan, at most two decimals.
	Total decimal.Decimal `json:"total"`
	// Factors is the weight tree; its roots' weights are normalised too.
	Factors []FactorNode `json:"factors"`
	// RankGate, when positive, lets only the best-scoring share of
	// recipients receive (e.g. 0.6 for the top 60%): ⌊n × RankGate⌋ of them,
	// at least one, ranked by score with ties broken by ID.
	RankGate decimal.Decimal `json:"rank_gate"`
	// Adjustments are piecewise bonuses and penalties, applied to the
	// receivers' scores before the total is split.
	Adjustments []FactorAdjustment `json:"adjustments,omitempty"`
	// Floor, when positive, is the least amount a receiver gets (保底).
	Floor decimal.Decimal `json:"floor"`
	// Cap, when positive, is the most amount a recipient gets (封顶).
	Cap decimal.Decimal `json:"cap"`
}

// A Recipient is one party of a factor allocation (a district, a unit)
// with its factor values, which must not be negative.
type Recipient struct {
	ID      string                     `json:"id"`
	Name    string                     `json:"name,omitempty"`
	Factors map[string]decimal.Decimal `json:"factors"`
}

// A FactorShare is one recipient's part of an [Allocation].
type FactorShare struct {
	ID string `json:"id"`
	// Receives is false for a recipient shut out by the rank gate.
	Receives bool `json:"receives"`
	// Rank is the recipient's place by score, from 1.
	Rank int `json:"rank"`
	// Score is s_i before adjustments, over all recipients, rounded half up
	// to 6 places (for reports; the computation is exact).
	Score decimal.Decimal `json:"score"`
	// Adjustment is the sum of the bonus and penalty rates applied.
	Adjustment decimal.Decimal `json:"adjustment"`
	// Floored and Capped mark amounts set by the floor or the cap.
	Floored bool `json:"floored,omitempty"`
	Capped  bool `json:"capped,omitempty"`
	// Amount is the recipient's allocation in yuan, to the fen.
	Amount decimal.Decimal `json:"amount"`
}

// An Allocation is the result of [Allocate]: the shares in the order of the
// recipients given, summing exactly to Total.
type Allocation struct {
	Total  decimal.Decimal `json:"total"`
	Shares []FactorShare   `json:"shares"`
}

type leafWeight struct {
	factor string
	w      *big.Rat
}

// flatten returns every leaf's effective weight.
func flattenFactors(nodes []FactorNode, parent *big.Rat, path string, out *[]leafWeight) error {
	sum := new(big.Rat)
	for i, n := range nodes {
		if n.Weight.Sign() <= 0 {
			return fmt.Errorf("%w: %s[%d]: weight %s must be positive", ErrAllocation, path, i, n.Weight)
		}
		sum.Add(sum, n.Weight.Rat())
	}
	for i, n := range nodes {
		w := new(big.Rat).Quo(n.Weight.Rat(), sum)
		w.Mul(w, parent)
		p := path + "[" + strconv.Itoa(i) + "]"
		switch {
		case len(n.Children) > 0:
			if n.Factor != "" {
				return fmt.Errorf("%w: %s: a group has no factor of its own", ErrAllocation, p)
			}
			if err := flattenFactors(n.Children, w, p+".children", out); err != nil {
				return err
			}
		case n.Factor == "":
			return fmt.Errorf("%w: %s: leaf names no factor", ErrAllocation, p)
		default:
			*out = append(*out, leafWeight{n.Factor, w})
		}
	}
	return nil
}

// scores returns s_i over the recipients marked in in, checking ctx before
// each recipient's term.
func factorScores(ctx context.Context, leaves []leafWeight, rs []Recipient, in []bool) ([]*big.Rat, error) {
	s := make([]*big.Rat, len(rs))
	for i := range s {
		s[i] = new(big.Rat)
	}
	for _, l := range leaves {
		den := new(big.Rat)
		for i, r := range rs {
			if in[i] {
				den.Add(den, r.Factors[l.factor].Rat())
			}
		}
		if den.Sign() == 0 {
			return nil, fmt.Errorf("%w: factor %q is zero for every recipient", ErrAllocation, l.factor)
		}
		for i, r := range rs {
			if err := ctx.Err(); err != nil {
				return nil, allocationStopped(err)
			}
			if in[i] {
				t := new(big.Rat).Mul(l.w, r.Factors[l.factor].Rat())
				s[i].Add(s[i], t.Quo(t, den))
			}
		}
	}
	return s, nil
}

func (a FactorAdjustment) rate(v decimal.Decimal) decimal.Decimal {
	var r decimal.Decimal
	for _, st := range a.Steps {
		if v.GreaterThanOrEqual(st.From) {
			r = st.Rate
		}
	}
	if !a.Min.IsZero() && r.LessThan(a.Min) {
		r = a.Min
	}
	if !a.Max.IsZero() && r.GreaterThan(a.Max) {
		r = a.Max
	}
	return r
}

// Allocate splits plan.Total among rs by the factor method (因素法). It is a
// pure function: the result depends only on its arguments, and the shares
// come back in the order of rs.
//
// Steps: scores s_i over all recipients rank them (ties by ID); the rank
// gate keeps the top share; scores are recomputed over the receivers, then
// multiplied by 1 + the sum of their adjustment rates (never below zero);
// the total is split in proportion, caps settled first, then floors, each
// fixed recipient's amount taken out and the rest split again among the
// others; finally each amount is cut to the fen and the fen left over go,
// one each, to the largest remainders (ties to the higher score, then the
// smaller ID), so that the amounts sum to Total exactly.
//
// Errors wrap [ErrAllocation]: no recipients, duplicate or empty IDs, a
// negative factor value, a missing or all-zero factor, bad weights, a total
// with fractions of a fen or below zero, or floors and caps that cannot be
// met.
//
// Allocate checks ctx before each recipient of each pass (validation,
// scores, adjustments, every split while caps and floors are settled, the
// fen), so it stops within one recipient of a cancellation, the two sorts
// of the recipients aside (each O(n log n) comparisons). Every share
// depends on all the others, so a cancelled allocation returns no shares:
// a nil Allocation and ctx's error wrapped (errors.Is(err,
// context.Canceled)), not wrapping ErrAllocation. rs is a slice, not an
// iterator, because the shares need every recipient at once (the ranks,
// the denominators of the scores and the pool left by caps and floors).
func Allocate(ctx context.Context, plan FactorPlan, rs []Recipient) (*Allocation, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: no recipients", ErrAllocation)
	}
	if plan.Total.Sign() < 0 || !plan.Total.Equal(plan.Total.Truncate(2)) {
		return nil, fmt.Errorf("%w: total %s is negative or finer than a fen", ErrAllocation, plan.Total)
	}
	if len(plan.Factors) == 0 {
		return nil, fmt.Errorf("%w: no factors", ErrAllocation)
	}
	if plan.RankGate.Sign() < 0 || plan.RankGate.GreaterThan(decimal.NewFromInt(1)) {
		return nil, fmt.Errorf("%w: rank gate %s is outside 0–1", ErrAllocation, plan.RankGate)
	}
	for _, b := range []decimal.Decimal{plan.Floor, plan.Cap} {
		if b.Sign() < 0 || !b.Equal(b.Truncate(2)) {
			return nil, fmt.Errorf("%w: floor or cap %s is negative or finer than a fen", ErrAllocation, b)
		}
	}
	var leaves []leafWeight
	if err := flattenFactors(plan.Factors, big.NewRat(1, 1), "factors", &leaves); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(rs))
	for i, r := range rs {
		if err := ctx.Err(); err != nil {
			return nil, allocationStopped(err)
		}
		if r.ID == "" || seen[r.ID] {
			return nil, fmt.Errorf("%w: recipients[%d]: id %q is empty or repeated", ErrAllocation, i, r.ID)
		}
		seen[r.ID] = true
		for _, l := range leaves {
			v, ok := r.Factors[l.factor]
			if !ok || v.Sign() < 0 {
				return nil, fmt.Errorf("%w: recipients[%d] (%s): factor %q is missing or negative", ErrAllocation, i, r.ID, l.factor)
			}
		}
		for _, a := range plan.Adjustments {
			if _, ok := r.Factors[a.Factor]; !ok {
				return nil, fmt.Errorf("%w: recipients[%d] (%s): adjustment factor %q is missing", ErrAllocation, i, r.ID, a.Factor)
			}
		}
	}

	n := len(rs)
	all := make([]bool, n)
	for i := range all {
		all[i] = true
	}
	s0, err := factorScores(ctx, leaves, rs, all)
	if err != nil {
		return nil, err
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := s0[b].Cmp(s0[a]); c != 0 {
			return c
		}
		return strings.Compare(rs[a].ID, rs[b].ID)
	})
	shares := make([]FactorShare, n)
	for rank, i := range order {
		// FloatString rounds half away from zero: the 四舍五入 of reports.
		sc, _ := decimal.NewFromString(s0[i].FloatString(6))
		shares[i] = FactorShare{ID: rs[i].ID, Rank: rank + 1, Score: sc, Receives: true}
	}

	in := all
	if plan.RankGate.Sign() > 0 {
		k := int(decimal.NewFromInt(int64(n)).Mul(plan.RankGate).IntPart())
		k = max(k, 1)
		in = make([]bool, n)
		for rank, i := range order {
			in[i] = rank < k
			shares[i].Receives = rank < k
		}
	}
	s := s0
	if plan.RankGate.Sign() > 0 {
		if s, err = factorScores(ctx, leaves, rs, in); err != nil {
			return nil, err
		}
	}
	for i := range rs {
		if err := ctx.Err(); err != nil {
			return nil, allocationStopped(err)
		}
		if !in[i] {
			continue
		}
		var adj decimal.Decimal
		for _, a := range plan.Adjustments {
			adj = adj.Add(a.rate(rs[i].Factors[a.Factor]))
		}
		shares[i].Adjustment = adj
		m := decimal.NewFromInt(1).Add(adj)
		if m.Sign() < 0 {
			m = decimal.Decimal{}
		}
		s[i].Mul(s[i], m.Rat())
	}

	// Settle caps, then floors; fixed recipients leave the pool.
	fixed := make([]*big.Rat, n) // exact fixed amounts, nil while free
	raw := make([]*big.Rat, n)
	total := plan.Total.Rat()
	split := func() error {
		rest := new(big.Rat).Set(total)
		weight := new(big.Rat)
		for i := range rs {
			if in[i] && fixed[i] != nil {
				rest.Sub(rest, fixed[i])
			} else if in[i] {
				weight.Add(weight, s[i])
			}
		}
		for i := range rs {
			if err := ctx.Err(); err != nil {
				return allocationStopped(err)
			}
			switch {
			case !in[i]:
				raw[i] = new(big.Rat)
			case fixed[i] != nil:
				raw[i] = fixed[i]
			case weight.Sign() == 0:
				return fmt.Errorf("%w: every receiver's adjusted score is zero", ErrAllocation)
			default:
				r := new(big.Rat).Mul(rest, s[i])
				raw[i] = r.Quo(r, weight)
			}
		}
		return nil
	}
	settleBound := func(bound decimal.Decimal, over bool) error {
		if bound.Sign() <= 0 {
			return nil
		}
		now, err := settle(ctx, total, s, in, fixed, bound.Rat(), over)
		for _, i := range now {
			shares[i].Capped = over
			shares[i].Floored = !over
		}
		if errors.Is(err, errUnmet) {
			return fmt.Errorf("%w: floor or cap %s cannot be met for every receiver within the total %s", ErrAllocation, bound, plan.Total)
		}
		return err
	}
	if err := settleBound(plan.Cap, true); err != nil {
		return nil, err
	}
	if err := settleBound(plan.Floor, false); err != nil {
		return nil, err
	}
	if err := split(); err != nil {
		return nil, err
	}

	// Largest remainder to the fen.
	hundred := big.NewInt(100)
	fen := make([]*big.Int, n)
	rem := make([]*big.Rat, n)
	left := new(big.Int).Set(plan.Total.Shift(2).BigInt())
	for i := range rs {
		if err := ctx.Err(); err != nil {
			return nil, allocationStopped(err)
		}
		x := new(big.Rat).Mul(raw[i], new(big.Rat).SetInt(hundred))
		q := new(big.Int).Quo(x.Num(), x.Denom()) // raw ≥ 0, so truncation is floor
		fen[i] = q
		rem[i] = x.Sub(x, new(big.Rat).SetInt(q))
		left.Sub(left, q)
	}
	idx := slices.Clone(order)
	slices.SortStableFunc(idx, func(a, b int) int { return rem[b].Cmp(rem[a]) }) // stable keeps score, then ID
	for _, i := range idx {
		if left.Sign() <= 0 {
			break
		}
		if rem[i].Sign() > 0 {
			fen[i].Add(fen[i], big.NewInt(1))
			left.Sub(left, big.NewInt(1))
		}
	}
	if left.Sign() != 0 {
		return nil, fmt.Errorf("%w: internal rounding left %s fen", ErrAllocation, left)
	}
	for i := range rs {
		shares[i].Amount = decimal.NewFromBigInt(fen[i], -2)
	}
	return &Allocation{Total: plan.Total, Shares: shares}, nil
}

// errUnmet is settle's error when every free recipient is fixed at the
// bound and the fixed amounts do not add up to the total.
var errUnmet = errors.New("bound cannot be met")

// settle fixes at b every free recipient (in[i], fixed[i] == nil) whose
// share of what the fixed ones leave would pass it (above a cap when over,
// below a floor otherwise), until none does, and returns the recipients it
// fixed. A share is rest × s_i ÷ weight, monotone in s_i, and fixing a
// recipient only pushes the others' shares further the same way; so the
// recipients fixed are a prefix of the free ones ordered by score (highest
// first for a cap, lowest first for a floor), found in one pass after one
// sort: O(n log n), where re-splitting after each round of fixing was
// O(n²). TestSettleMatchesRounds checks it against the rounds.
func settle(ctx context.Context, total *big.Rat, s []*big.Rat, in []bool, fixed []*big.Rat, b *big.Rat, over bool) ([]int, error) {
	rest, weight := new(big.Rat).Set(total), new(big.Rat)
	var free []int
	for i := range s {
		switch {
		case !in[i]:
		case fixed[i] != nil:
			rest.Sub(rest, fixed[i])
		default:
			free = append(free, i)
			weight.Add(weight, s[i])
		}
	}
	slices.SortStableFunc(free, func(a, c int) int {
		if over {
			return s[c].Cmp(s[a])
		}
		return s[a].Cmp(s[c])
	})
	share, limit := new(big.Rat), new(big.Rat)
	for k, i := range free {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return free[:k], allocationStopped(err)
			}
		}
		if weight.Sign() == 0 {
			return free[:k], fmt.Errorf("%w: every receiver's adjusted score is zero", ErrAllocation)
		}
		// share_i passes b ⟺ rest × s_i ≷ b × weight (weight > 0).
		c := share.Mul(rest, s[i]).Cmp(limit.Mul(b, weight))
		if over && c <= 0 || !over && c >= 0 {
			return free[:k], nil
		}
		fixed[i] = b
		rest.Sub(rest, b)
		weight.Sub(weight, s[i])
	}
	if len(free) > 0 && rest.Sign() != 0 {
		return free, errUnmet
	}
	return free, nil
}
