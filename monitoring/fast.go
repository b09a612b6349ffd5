package monitoring

import (
	"math"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// The fast path. Most portfolios hold amounts in whole fen well inside
// int64, and schedules whose expected progress is a small fraction (n/12,
// n/365, a table value/100). For those, a check works in int64 fen with
// 128-bit products for comparisons, and builds decimals only for the
// results. Anything else takes the general decimal path. Both give equal
// values (TestFastPathEqualsDecimal); the fast path only avoids allocation.
// Its arithmetic is the kernel's, internal/exact (exact.Fen,
// exact.CmpProducts).

// fenLimit bounds amounts (in fen) on the fast path, so that amount ×
// denominator (≤ maxFastDen) stays inside int64: 1e14 fen is 1e12 yuan.
const (
	fenLimit   = int64(1e14)
	maxFastDen = int64(10000)
)

// fen returns d in fen when exact and within ±fenLimit (inside the
// kernel's exact.MaxFen).
func fen(d decimal.Decimal) (int64, bool) {
	f, ok := exact.Fen(d)
	if !ok || f >= fenLimit || f <= -fenLimit {
		return 0, false
	}
	return f, true
}

// frac returns r as n/d in small integers, if it is one.
func frac(r performance.Ratio) (n, d int64, ok bool) {
	if !r.Valid() {
		return 0, 0, false
	}
	nn, ne, ok1 := intParts(r.Num)
	dn, de, ok2 := intParts(r.Den)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	// n·10^ne / (d·10^de): move the exponents into the other side.
	for ; ne > 0; ne-- {
		nn *= 10
	}
	for ; de > 0; de-- {
		dn *= 10
	}
	for ; ne < 0; ne++ {
		dn *= 10
	}
	for ; de < 0; de++ {
		nn *= 10
	}
	if dn <= 0 || dn > maxFastDen || nn < 0 || nn > maxFastDen*10 {
		return 0, 0, false
	}
	return nn, dn, true
}

// intParts returns a small decimal's coefficient and exponent.
func intParts(d decimal.Decimal) (int64, int32, bool) {
	if d.NumDigits() > 6 || d.Exponent() < -6 || d.Exponent() > 6 {
		return 0, 0, false
	}
	return d.CoefficientInt64(), d.Exponent(), true
}

// fenThrough returns months 1..n of an account in fen, when it holds only
// fen sums within the fast-path limit.
func (a *account) fenThrough(n int) (int64, bool) {
	if a.exact != nil {
		return 0, false
	}
	var s int64
	for m := range n {
		s += a.fen[m]
		if s >= fenLimit || s <= -fenLimit {
			return 0, false
		}
	}
	return s, true
}

// accFen returns an account's executed fen through month n (zero for a
// nil account, a project without records), when it holds fen sums within
// the fast-path limit.
func accFen(a *account, n int) (int64, bool) {
	if a == nil {
		return 0, true
	}
	return a.fenThrough(max(0, min(n, 12)))
}

// accThrough is [Ledger.executedThrough] on an account found once.
func accThrough(a *account, n int) decimal.Decimal {
	if a == nil {
		return decimal.Zero
	}
	return a.through(max(0, min(n, 12)))
}

// fastBudget is a budget's fen form, precomputed by New: its
// adjustments are fadj[adj : adj+nadj] of the Monitor, so that it holds
// no pointer.
type fastBudget struct {
	ok        bool
	initial   int64
	adj, nadj int32
}

// fenAdj is an adjustment in fen from the day with key key on.
type fenAdj struct {
	key int // dayKey, the budget's sorted by it
	fen int64
}

// newFastBudget returns b's fen form, appending its adjustments adj to
// *fadj (and leaving *fadj as it was when b has no fen form).
func newFastBudget(b *Budget, adj []Adjustment, fadj *[]fenAdj) fastBudget {
	f := fastBudget{}
	var ok bool
	if f.initial, ok = fen(b.Initial); !ok {
		return f
	}
	start := len(*fadj)
	if start+len(adj) > math.MaxInt32 {
		return fastBudget{}
	}
	total := f.initial
	for _, a := range adj {
		v, ok := fen(a.Amount)
		total += abs(v)
		if !ok || total >= fenLimit {
			*fadj = (*fadj)[:start]
			return fastBudget{}
		}
		*fadj = append(*fadj, fenAdj{key: dayKey(a.Date), fen: v})
	}
	f.adj, f.nadj, f.ok = int32(start), int32(len(adj)), true
	return f
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// fenAt returns budget i's initial and adjusted budget in fen (its
// fastBudget being ok) on the day with key k.
func (m *Monitor) fenAt(i, k int) (initial, adjusted int64) {
	f := &m.fb[i]
	adjusted = f.initial
	for _, a := range m.fadj[f.adj : f.adj+f.nadj] {
		if a.key <= k {
			adjusted += a.fen
		}
	}
	return f.initial, adjusted
}

func (m *Monitor) baseFen(initial, adjusted int64) int64 {
	if m.policy.Base == performance.BaseInitial {
		return initial
	}
	return adjusted
}

// fastTrigger is a trigger's thresholds in integers.
type fastTrigger struct {
	ok                 bool
	minBudget, minUnsp *int64
	rateN, rateD       int64 // BelowRate = rateN/rateD percent
	hasRate            bool
}

func newFastTrigger(t *Trigger) fastTrigger {
	var f fastTrigger
	if t.MinBudget != nil {
		v, ok := fen(*t.MinBudget)
		if !ok {
			return f
		}
		f.minBudget = &v
	}
	if t.MinUnspent != nil {
		v, ok := fen(*t.MinUnspent)
		if !ok {
			return f
		}
		f.minUnsp = &v
	}
	if t.BelowRate != nil {
		n, d, ok := frac(performance.Ratio{Num: *t.BelowRate, Den: decimal.NewFromInt(1)})
		if !ok {
			return f
		}
		f.rateN, f.rateD, f.hasRate = n, d, true
	}
	f.ok = true
	return f
}

// holds evaluates the trigger on budget b and executed e in fen.
func (f *fastTrigger) holds(b, e int64) bool {
	if f.minBudget != nil && b < *f.minBudget {
		return false
	}
	if f.hasRate {
		// e ÷ b < rateN/rateD % ⇔ e·100·rateD < rateN·b (b > 0)
		if b <= 0 || exact.CmpProducts(e, 100*f.rateD, f.rateN, b) >= 0 {
			return false
		}
	}
	if f.minUnsp != nil && b-e < *f.minUnsp {
		return false
	}
	return true
}
