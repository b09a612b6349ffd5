package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randomPortfolio builds a monitor and a ledger of n projects in 2024 over
// every kind of schedule: budgets in whole fen, sub-fen, beyond the
// kernel's fen bound and zero, adjustments, and records in fen, sub-fen
// and above exact.MaxFen.
func randomPortfolio(t *testing.T, rng *rand.Rand, n int, p *Policy) (*Monitor, *Ledger) {
	t.Helper()
	p.Schedules = append(p.Schedules, Schedule{ID: "days", Method: MethodDays},
		Schedule{ID: "odd", Method: MethodTable, Table: []decimal.Decimal{
			decimal.RequireFromString("0.125"), decimal.RequireFromString("1"), decimal.RequireFromString("3.3333"),
			decimal.RequireFromString("10"), decimal.RequireFromString("20"), decimal.RequireFromString("33.3"),
			decimal.RequireFromString("40"), decimal.RequireFromString("50"), decimal.RequireFromString("60"),
			decimal.RequireFromString("70"), decimal.RequireFromString("80"), decimal.RequireFromString("99.99")}})
	require.NoError(t, p.Validate())
	scheds := []string{"", "construction", "even", "days", "odd"}
	var budgets []Budget
	var adj []Adjustment
	for i := range n {
		var amt decimal.Decimal
		switch rng.IntN(7) {
		case 0:
			amt = decimal.New(rng.Int64N(1e6), -3) // sub-fen
		case 1:
			amt = decimal.New(rng.Int64N(1e4)+1, 12) // beyond the fen bound
		case 2:
			amt = decimal.Zero
		case 3:
			amt = decimal.New(rng.Int64N(1e7), -1) // exponent −1: Unspent at −2
		default:
			amt = decimal.New(rng.Int64N(1e9), -2)
		}
		budgets = append(budgets, Budget{ProjectID: fmt.Sprintf("P%03d", i), UnitID: fmt.Sprintf("U%d", rng.IntN(6)),
			Initial: amt, ScheduleID: scheds[rng.IntN(len(scheds))]})
		if rng.IntN(4) == 0 {
			adj = append(adj, Adjustment{ProjectID: budgets[i].ProjectID, Date: time.Date(2024, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC),
				Amount: decimal.New(rng.Int64N(2e8)-1e8, -2)})
		}
	}
	l, err := NewLedger(2024, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	for range 30 * n {
		a := decimal.New(rng.Int64N(5e7), -2)
		switch rng.IntN(40) {
		case 0:
			a = decimal.New(rng.Int64N(5e7), -4)
		case 1:
			a = decimal.New(exact.MaxFen+rng.Int64N(1e6), -2) // above the fen bound
		case 2:
			a = decimal.New(-rng.Int64N(5e5), -2) // a refund
		}
		require.NoError(t, l.Add(Record{ProjectID: fmt.Sprintf("P%03d", rng.IntN(n)), Amount: a,
			Date: time.Date(2024, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)}))
	}
	m, err := New(2024, p, nil, budgets, adj)
	require.NoError(t, err)
	return m, l
}

// sameDecimal requires equal values and equal exponents: the fast
// environment must be the decimal one, representation included.
func sameDecimal(t *testing.T, got, want decimal.Decimal, what string) {
	t.Helper()
	require.True(t, got.Equal(want) && got.Exponent() == want.Exponent(), "%s: got %s (exponent %d), want %s (exponent %d)",
		what, got, got.Exponent(), want, want.Exponent())
}

// TestRuleEnvEqualsDecimal holds the rule environment's fast path
// (ruleEnv: cached expected progress, the executed amount summed month by
// month, Rate and Deviation by exact.MulDiv) to the decimal one (env), at
// every month end of the year as a check walks them, and on a date that is
// not a month end, with one environment updated in place, and with the
// figures of a status shared where equal (statusFen).
func TestRuleEnvEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	exactRates, sharing := 0, 0
	for trial := range 12 {
		p := DefaultPolicy()
		if trial%2 == 1 {
			p.Base = performance.BaseInitial
		}
		m, l := randomPortfolio(t, rng, 40, p)
		asOf := time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
		scheds := append([]Schedule{m.policy.Schedule}, m.policy.Schedules...)
		x := newRuleExps(scheds, 2024, asOf)
		for i := range m.budgets {
			st := Streak{Behind: rng.IntN(3), Red: rng.IntN(2)}
			var cur execCursor
			if s := l.index.find(m.budgets[i].ProjectID, l.ids); s != nil {
				cur.acc = &s.acc
			}
			if cur.acc != nil && i%2 == 0 {
				// Half the projects carry a status's fen figures, as a
				// fast-path check gives them (statusFen): those of the
				// check date, shared where an environment's are equal.
				ref, err := m.env(i, asOf, l, 12, st)
				require.NoError(t, err)
				f, ok1 := exact.Fen(ref.Executed)
				bf, ok2 := exact.Fen(ref.Budget)
				if ok1 && ok2 && f < exact.MaxFen && bf < exact.MaxFen && f > -exact.MaxFen {
					cur.share = statusFen{ok: true, fen: f, executed: decimal.New(f, -2), unspent: decimal.New(bf-f, -2), budget: ref.Budget}
					sharing++
				}
			}
			j := m.schedIdx[i]
			// One environment updated in place along the month ends, as a
			// check updates it (starting from another project's).
			env := Env{ProjectID: "other", Executed: decimal.NewFromInt(7), Rate: decimal.NewFromInt(7), Unspent: decimal.NewFromInt(7)}
			check := func(at time.Time, n int, xa *expAt) {
				err1 := m.ruleEnv(&env, i, at, n, xa, &cur, st, allNeeds)
				got := env
				want, err2 := m.env(i, at, l, n, st)
				require.NoError(t, err1)
				require.NoError(t, err2)
				where := fmt.Sprintf("trial %d %s %s", trial, m.budgets[i].ProjectID, at.Format(time.DateOnly))
				for _, f := range []struct {
					name      string
					got, want decimal.Decimal
				}{{"Budget", got.Budget, want.Budget}, {"InitialBudget", got.InitialBudget, want.InitialBudget},
					{"AdjustedBudget", got.AdjustedBudget, want.AdjustedBudget}, {"Executed", got.Executed, want.Executed},
					{"Unspent", got.Unspent, want.Unspent}, {"Rate", got.Rate, want.Rate},
					{"Expected", got.Expected, want.Expected}, {"Deviation", got.Deviation, want.Deviation}} {
					sameDecimal(t, f.got, f.want, where+" "+f.name)
				}
				got.Budget, got.InitialBudget, got.AdjustedBudget, got.Executed, got.Unspent = want.Budget, want.InitialBudget, want.AdjustedBudget, want.Executed, want.Unspent
				got.Rate, got.Expected, got.Deviation = want.Rate, want.Expected, want.Deviation
				require.Equal(t, want, got, where)
				if bv, ok := exact.FromDecimal(want.Budget); ok && want.Budget.Sign() > 0 && xa.ok {
					if ev, ok := exact.FromDecimal(want.Executed); ok {
						if _, _, ok := rateDev(bv, ev, xa.n, xa.d); ok {
							exactRates++
						}
					}
				}
			}
			for mo := time.January; mo <= time.November; mo++ {
				check(monthEnd(2024, mo), int(mo), &x.months[j][mo-1])
			}
			check(asOf, 12, &x.asOf[j])
		}
	}
	require.Greater(t, exactRates, 2000, "the int64 path must carry most environments")
	require.Greater(t, sharing, 20, "projects given a status's figures")
}

// TestFastTriggersEqualRules is issue 15's proof that monitoring levels and
// triggers are decided once: the Go fast path of the default policy (its
// YellowGap and Triggers, in int64 fen, levelByPolicy and triggerHolds)
// decides every project as the bundled rule set (rules.json) evaluated on
// the same figures, over random portfolios whose amounts sit on and about
// the thresholds: budgets about 2,000,000 yuan, rates about 60% at the end
// of August and September, unspent amounts about 2,000,000 yuan, and
// deviations about 10 points behind. Budgets stay below 10^8 yuan, so no
// deviation lies within the rule environment's 10^-10 rounding of the
// −10 point boundary without being on it (the grain of a deviation of fen
// amounts over n/12 is 100 ÷ (12 × budget in fen) points, above 8·10^-10).
func TestFastTriggersEqualRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 29))
	year := 2024
	seen := map[string]int{} // fired triggers and levels, so the test cannot pass vacuously
	for trial := range 20 {
		n := 60
		var budgets []Budget
		var adj []Adjustment
		cutoff := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		if trial%3 == 2 {
			cutoff = time.Date(year, 10, 10, 0, 0, 0, 0, time.UTC) // a check not on a month end
		}
		l, err := NewLedger(year, cutoff)
		require.NoError(t, err)
		for i := range n {
			id := fmt.Sprintf("P%03d", i)
			var b int64 // fen
			switch rng.IntN(4) {
			case 0:
				b = 2_000_000_00 + rng.Int64N(3) - 1 // on the 2,000,000 yuan threshold
			case 1:
				b = 3_000_000_00 + rng.Int64N(2_000_000_00)
			case 2:
				b = rng.Int64N(99_999_999_99) + 1 // below 10^8 yuan, see above
			default:
				b = 1_000_000_00 + rng.Int64N(5_000_000_00)
			}
			budgets = append(budgets, Budget{ProjectID: id, UnitID: fmt.Sprintf("U%d", rng.IntN(4)), Initial: decimal.New(b, -2),
				ScheduleID: []string{"", "even", "construction"}[rng.IntN(3)]})
			if rng.IntN(5) == 0 {
				d := rng.Int64N(b/5) - b/10
				adj = append(adj, Adjustment{ProjectID: id, Date: time.Date(year, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
					Amount: decimal.New(d, -2)})
				b += d
			}
			// Spending that puts the project at a chosen share of its
			// budget by the end of August or September: 60% ± a fen, or
			// about 10 points behind the even schedule (8/12 − 10% ≈ 56.67%).
			share := [...]int64{6000, 5999, 6001, 5667, 5666, 7500, 3000, 10000}[rng.IntN(8)]
			target := b * share / 10000
			if rng.IntN(3) == 0 {
				target += rng.Int64N(3) - 1
			}
			month := time.Month(8 + rng.IntN(2))
			spent := int64(0)
			for mo := time.January; mo <= month; mo++ {
				amt := target / int64(month)
				if mo == month {
					amt = target - spent
				}
				spent += amt
				if amt != 0 {
					require.NoError(t, l.Add(Record{ProjectID: id, Date: time.Date(year, mo, 1+rng.IntN(28), 0, 0, 0, 0, time.UTC), Amount: decimal.New(amt, -2)}))
				}
			}
			if rng.IntN(2) == 0 && cutoff.Month() == 12 {
				require.NoError(t, l.Add(Record{ProjectID: id, Date: time.Date(year, 11, 3, 0, 0, 0, 0, time.UTC), Amount: decimal.New(rng.Int64N(b/3+1), -2)}))
			}
		}
		p := DefaultPolicy()
		if trial%2 == 1 {
			p.Base = performance.BaseInitial
		}
		m, err := New(year, p, nil, budgets, adj)
		require.NoError(t, err)
		for j := range m.ft {
			require.True(t, m.ft[j].ok, "trigger %d on the fast path", j)
		}
		require.True(t, m.gapFast, "yellow gap on the fast path")
		mr := m.WithRules(DefaultRules())
		dates := []time.Time{time.Date(year, 3, 31, 0, 0, 0, 0, time.UTC), time.Date(year, 6, 30, 0, 0, 0, 0, time.UTC),
			time.Date(year, 9, 30, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)}
		if trial%3 == 2 {
			dates = []time.Time{time.Date(year, 7, 31, 0, 0, 0, 0, time.UTC), time.Date(year, 8, 31, 0, 0, 0, 0, time.UTC), cutoff}
		}
		var sp, sr State
		for _, q := range dates {
			a, err := m.Check(q, l, sp)
			require.NoError(t, err)
			b, err := mr.Check(q, l, sr)
			require.NoError(t, err)
			sp, sr = a.State, b.State
			where := fmt.Sprintf("trial %d %s", trial, q.Format(time.DateOnly))
			require.Empty(t, b.Problems, where)
			for i := range a.Projects {
				x, y := a.Projects[i], b.Projects[i]
				require.Equal(t, x.Level, y.Level, "%s %s level (budget %s executed %s)", where, x.ProjectID, x.Budget, x.Executed)
				require.Equal(t, x.Triggers, y.Triggers, "%s %s triggers", where, x.ProjectID)
				require.Equal(t, x.Key, y.Key, "%s %s key", where, x.ProjectID)
				seen[x.Level.String()]++
				for _, id := range x.Triggers {
					seen[id]++
				}
			}
			require.Equal(t, a.Actions, b.Actions, where)
			require.Equal(t, a.Rectifications, b.Rectifications, where)
			require.Equal(t, a.State, b.State, where)
		}
	}
	for _, k := range []string{"green", "yellow", "red", "aug_2m_below_60", "q3_below_60_unspent_2m"} {
		require.Greater(t, seen[k], 20, "%s decided too rarely to prove anything: %v", k, seen)
	}
}

// TestFiredSet checks the fired-trigger set as a list and past
// firedListMax as a map: every ID added is found, no other.
func TestFiredSet(t *testing.T) {
	var s firedSet
	for _, n := range []int{0, 3, firedListMax, firedListMax + 1, 20} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("t%d", i)
		}
		s.reset(ids[:n/2])
		for _, id := range ids[n/2:] {
			s.add(id)
		}
		for _, id := range ids {
			require.True(t, s.has(id), "%d: %s", n, id)
		}
		require.False(t, s.has("other"), "%d", n)
		require.Equal(t, ids, append([]string{}, s.ids...))
	}
}
