package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCmpProd(t *testing.T) {
	tests := []struct {
		a, b, c, d int64
		want       int
	}{
		{2, 3, 1, 6, 0},
		{2, 3, 1, 5, 1},
		{-2, 3, 1, 5, -1},
		{-2, 3, -1, 5, -1},
		{-2, -3, 1, 6, 0},
		{0, 5, 0, -7, 0},
		{1e18, 9, 9e18, 1, 0},
		{1e18, 9, 9e18, 2, -1},
		{-1e18, 9, -9e18, 2, 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, exact.CmpProducts(tt.a, tt.b, tt.c, tt.d), "%d·%d vs %d·%d", tt.a, tt.b, tt.c, tt.d)
	}
}

// TestFastPathEqualsDecimal runs random portfolios through the int64 fast
// path and the general decimal path and requires equal results: amounts
// whole and sub-fen, beyond the fast-path limit, adjustments, every kind of
// schedule, zero budgets, both budget bases.
func TestFastPathEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 43))
	for trial := range 40 {
		p := DefaultPolicy()
		if trial%2 == 1 {
			p.Base = performance.BaseInitial
		}
		p.Schedules = append(p.Schedules, Schedule{ID: "days", Method: MethodDays},
			Schedule{ID: "odd", Method: MethodTable, Table: []decimal.Decimal{
				decimal.RequireFromString("0.125"), decimal.RequireFromString("1"), decimal.RequireFromString("3.3333"),
				decimal.RequireFromString("10"), decimal.RequireFromString("20"), decimal.RequireFromString("33.3"),
				decimal.RequireFromString("40"), decimal.RequireFromString("50"), decimal.RequireFromString("60"),
				decimal.RequireFromString("70"), decimal.RequireFromString("80"), decimal.RequireFromString("99.99")}})
		if trial%3 == 0 {
			p.YellowGap = decimal.RequireFromString("7.5")
		}
		require.NoError(t, p.Validate())
		scheds := []string{"", "construction", "even", "days", "odd"}
		var budgets []Budget
		var adj []Adjustment
		n := 30 + rng.IntN(40)
		for i := range n {
			var amt decimal.Decimal
			switch rng.IntN(6) {
			case 0:
				amt = decimal.New(rng.Int64N(1e6), -3) // sub-fen
			case 1:
				amt = decimal.New(rng.Int64N(1e4)+1, 12) // beyond the fast path
			case 2:
				amt = decimal.Zero
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
		for range 2000 {
			a := decimal.New(rng.Int64N(5e7), -2)
			if rng.IntN(20) == 0 {
				a = decimal.New(rng.Int64N(5e7), -4)
			}
			require.NoError(t, l.Add(Record{ProjectID: fmt.Sprintf("P%03d", rng.IntN(n)), Amount: a,
				Date: time.Date(2024, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)}))
		}
		fast, err := New(2024, p, nil, budgets, adj)
		require.NoError(t, err)
		slow, _ := New(2024, p, nil, budgets, adj)
		slow.noFast = true
		var sf, ss State
		for _, q := range []time.Time{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)} {
			a, err := fast.Check(q, l, sf)
			require.NoError(t, err)
			b, err := slow.Check(q, l, ss)
			require.NoError(t, err)
			sf, ss = a.State, b.State
			where := fmt.Sprintf("trial %d %s", trial, q.Format(time.DateOnly))
			for i := range a.Projects {
				x, y := a.Projects[i], b.Projects[i]
				for _, pair := range [][2]decimal.Decimal{{x.InitialBudget, y.InitialBudget}, {x.AdjustedBudget, y.AdjustedBudget},
					{x.Budget, y.Budget}, {x.Executed, y.Executed}, {x.Unspent, y.Unspent}, {x.Shortfall, y.Shortfall}} {
					require.True(t, pair[0].Equal(pair[1]), "%s %s: %s vs %s", where, x.ProjectID, pair[0], pair[1])
				}
				for _, pair := range [][2]performance.Ratio{{x.Rate, y.Rate}, {x.Expected, y.Expected}, {x.Deviation, y.Deviation}} {
					require.Equal(t, pair[0].Valid(), pair[1].Valid(), where)
					if pair[0].Valid() {
						require.Zero(t, pair[0].Cmp(pair[1]), "%s %s", where, x.ProjectID)
					}
				}
				require.Equal(t, y.Level, x.Level, "%s %s", where, x.ProjectID)
				require.Equal(t, y.Triggers, x.Triggers, "%s %s", where, x.ProjectID)
			}
			require.Equal(t, b.LaggingByGap, a.LaggingByGap, where)
			require.Equal(t, b.LaggingByMoney, a.LaggingByMoney, where)
			require.Len(t, a.Units, len(b.Units))
			for i, g := range append(a.Units, a.Total) {
				h := append(b.Units, b.Total)[i]
				require.True(t, g.Budget.Equal(h.Budget) && g.Executed.Equal(h.Executed) && g.Shortfall.Equal(h.Shortfall), "%s %s", where, g.ID)
				require.Equal(t, h.Level, g.Level, "%s %s", where, g.ID)
				require.Equal(t, [2]int{h.Projects, h.Behind}, [2]int{g.Projects, g.Behind})
				if g.Deviation.Valid() {
					require.Zero(t, g.Deviation.Cmp(h.Deviation), "%s %s", where, g.ID)
				}
			}
			require.Equal(t, len(b.Actions), len(a.Actions), where)
			for i := range a.Actions {
				require.Equal(t, b.Actions[i].Kind, a.Actions[i].Kind)
				require.True(t, b.Actions[i].Amount.Equal(a.Actions[i].Amount))
			}
			require.Equal(t, b.Rectifications, a.Rectifications, where)
		}
	}
}
