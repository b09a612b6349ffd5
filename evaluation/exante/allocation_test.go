package exante

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func exDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func exRecip(id string, kv ...any) Recipient {
	r := Recipient{ID: id, Factors: map[string]decimal.Decimal{}}
	for i := 0; i < len(kv); i += 2 {
		r.Factors[kv[i].(string)] = exDec(kv[i+1].(string))
	}
	return r
}

func exLeaf(f, w string) FactorNode { return FactorNode{Factor: f, Weight: exDec(w)} }

func exAmounts(a *Allocation) map[string]string {
	m := map[string]string{}
	for _, s := range a.Shares {
		m[s.ID] = s.Amount.StringFixed(2)
	}
	return m
}

// fourFactor is the 30/20/20/30 example: every factor sums to 100 over
// A, B, C, so f_ik ÷ Σ_j f_jk is just f_ik/100.
//
//	s_A = .3×.50 + .2×.20 + .2×.30 + .3×.40 = .15+.04+.06+.12 = .37
//	s_B = .3×.30 + .2×.30 + .2×.50 + .3×.40 = .09+.06+.10+.12 = .37
//	s_C = .3×.20 + .2×.50 + .2×.20 + .3×.20 = .06+.10+.04+.06 = .26
func exFourFactor() ([]FactorNode, []Recipient) {
	return []FactorNode{exLeaf("pop", "30"), exLeaf("area", "20"), exLeaf("gdp", "20"), exLeaf("perf", "30")},
		[]Recipient{
			exRecip("A", "pop", "50", "area", "20", "gdp", "30", "perf", "40"),
			exRecip("B", "pop", "30", "area", "30", "gdp", "50", "perf", "40"),
			exRecip("C", "pop", "20", "area", "50", "gdp", "20", "perf", "20"),
		}
}

func TestAllocate(t *testing.T) {
	ff, fr := exFourFactor()
	tests := []struct {
		name string
		plan FactorPlan
		rs   []Recipient
		want map[string]string
	}{
		{
			name: "four factors 30/20/20/30",
			plan: FactorPlan{Total: exDec("1000000"), Factors: ff},
			rs:   fr,
			// 1,000,000 × .37, .37, .26
			want: map[string]string{"A": "370000.00", "B": "370000.00", "C": "260000.00"},
		},
		{
			name: "weights as fractions mean the same",
			plan: FactorPlan{Total: exDec("1000000"), Factors: []FactorNode{exLeaf("pop", "0.3"), exLeaf("area", "0.2"), exLeaf("gdp", "0.2"), exLeaf("perf", "0.3")}},
			rs:   fr,
			want: map[string]string{"A": "370000.00", "B": "370000.00", "C": "260000.00"},
		},
		{
			name: "largest remainder, ties to the smaller id",
			// 100 ÷ 3 = 33.333…: each gets 33.33, the one fen left goes to A.
			plan: FactorPlan{Total: exDec("100"), Factors: []FactorNode{exLeaf("pop", "1")}},
			rs:   []Recipient{exRecip("C", "pop", "1"), exRecip("A", "pop", "1"), exRecip("B", "pop", "1")},
			want: map[string]string{"A": "33.34", "B": "33.33", "C": "33.33"},
		},
		{
			name: "largest remainder goes to the largest fraction",
			// 0.10 split 1:2 → 0.0333…, 0.0666…: floors 0.03, 0.06; the fen left
			// goes to B (remainder .666 fen beats .333).
			plan: FactorPlan{Total: exDec("0.10"), Factors: []FactorNode{exLeaf("pop", "1")}},
			rs:   []Recipient{exRecip("A", "pop", "1"), exRecip("B", "pop", "2")},
			want: map[string]string{"A": "0.03", "B": "0.07"},
		},
		{
			name: "nested groups 85% workload, 15% performance",
			// effective weights pop .425, area .425, perf .15; perf sums to 150.
			// s_A = .425×.6 + .425×.2 + .15×.6 = .255+.085+.09 = .43
			// s_B = .425×.4 + .425×.8 + .15×.4 = .17+.34+.06 = .57
			plan: FactorPlan{Total: exDec("10000"), Factors: []FactorNode{
				{Name: "工作量因素", Weight: exDec("85"), Children: []FactorNode{exLeaf("pop", "50"), exLeaf("area", "50")}},
				{Name: "绩效因素", Weight: exDec("15"), Children: []FactorNode{exLeaf("perf", "100")}},
			}},
			rs:   []Recipient{exRecip("A", "pop", "60", "area", "20", "perf", "90"), exRecip("B", "pop", "40", "area", "80", "perf", "60")},
			want: map[string]string{"A": "4300.00", "B": "5700.00"},
		},
		{
			name: "rank gate: only the top 60% receive",
			// 5 recipients, ⌊5×0.6⌋ = 3 receive: E (50), B (40), D (30); their
			// scores over the receivers are 50/120, 40/120, 30/120 of 1,200.
			plan: FactorPlan{Total: exDec("1200"), Factors: []FactorNode{exLeaf("x", "1")}, RankGate: exDec("0.6")},
			rs: []Recipient{exRecip("A", "x", "10"), exRecip("B", "x", "40"), exRecip("C", "x", "20"),
				exRecip("D", "x", "30"), exRecip("E", "x", "50")},
			want: map[string]string{"A": "0.00", "B": "400.00", "C": "0.00", "D": "300.00", "E": "500.00"},
		},
		{
			name: "cap: A and B capped, C takes the rest",
			// raw 370k, 370k, 260k; cap 360k fixes A and B; C gets 1,000,000 − 720,000.
			plan: FactorPlan{Total: exDec("1000000"), Factors: ff, Cap: exDec("360000")},
			rs:   fr,
			want: map[string]string{"A": "360000.00", "B": "360000.00", "C": "280000.00"},
		},
		{
			name: "floor: C raised, A and B split the rest equally",
			// C raw 260k < 300k; the other 700k split .37:.37.
			plan: FactorPlan{Total: exDec("1000000"), Factors: ff, Floor: exDec("300000")},
			rs:   fr,
			want: map[string]string{"A": "350000.00", "B": "350000.00", "C": "300000.00"},
		},
		{
			name: "piecewise bonus capped, penalty",
			// s = .5 each; A perf 95 → step 90 gives +0.1, capped at Max 0.05;
			// B perf 50 → step 0 gives −0.2. Weighted .525 and .4 of .925:
			// A = 925 × .525/.925 = 525, B = 925 × .4/.925 = 400.
			plan: FactorPlan{Total: exDec("925"), Factors: []FactorNode{exLeaf("pop", "1")},
				Adjustments: []FactorAdjustment{{Factor: "perf", Max: exDec("0.05"), Steps: []AdjustStep{
					{From: exDec("0"), Rate: exDec("-0.2")}, {From: exDec("60"), Rate: exDec("0")}, {From: exDec("90"), Rate: exDec("0.1")}}}}},
			rs:   []Recipient{exRecip("A", "pop", "1", "perf", "95"), exRecip("B", "pop", "1", "perf", "50")},
			want: map[string]string{"A": "525.00", "B": "400.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Allocate(context.Background(), tt.plan, tt.rs)
			require.NoError(t, err)
			assert.Equal(t, tt.want, exAmounts(a))
			var sum decimal.Decimal
			for i, s := range a.Shares {
				assert.Equal(t, tt.rs[i].ID, s.ID, "shares keep input order")
				sum = sum.Add(s.Amount)
			}
			assert.True(t, sum.Equal(tt.plan.Total), "parts %s, total %s", sum, tt.plan.Total)
		})
	}
}

func TestAllocateFlags(t *testing.T) {
	ff, fr := exFourFactor()
	_, err := Allocate(context.Background(), FactorPlan{Total: exDec("1000000"), Factors: ff, Cap: exDec("360000"), RankGate: exDec("0.67")}, fr)
	// ⌊3×0.67⌋ = 2 receivers (A and B, tied at .37, A first by ID), each capped
	// at 360k: 280k cannot be placed.
	require.ErrorIs(t, err, ErrAllocation)
	a, err := Allocate(context.Background(), FactorPlan{Total: exDec("1000000"), Factors: ff, Cap: exDec("600000"), RankGate: exDec("0.67")}, fr)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, []int{a.Shares[0].Rank, a.Shares[1].Rank, a.Shares[2].Rank})
	assert.False(t, a.Shares[2].Receives)
	assert.Equal(t, "0.37", a.Shares[0].Score.String())
	// over A and B only, scores are .3×50/80+.2×20/50+.2×30/80+.3×40/80 = .1875+.08+.075+.15 = .4925
	// and .5075; 1,000,000 split gives 492,500 and 507,500.
	assert.Equal(t, map[string]string{"A": "492500.00", "B": "507500.00", "C": "0.00"}, exAmounts(a))
}

func TestAllocateErrors(t *testing.T) {
	ff, fr := exFourFactor()
	tests := []struct {
		name string
		plan FactorPlan
		rs   []Recipient
	}{
		{"no recipients", FactorPlan{Total: exDec("1"), Factors: ff}, nil},
		{"no factors", FactorPlan{Total: exDec("1")}, fr},
		{"fraction of a fen", FactorPlan{Total: exDec("1.005"), Factors: ff}, fr},
		{"negative total", FactorPlan{Total: exDec("-1"), Factors: ff}, fr},
		{"zero weight", FactorPlan{Total: exDec("1"), Factors: []FactorNode{exLeaf("pop", "0")}}, fr},
		{"missing factor", FactorPlan{Total: exDec("1"), Factors: []FactorNode{exLeaf("jobs", "1")}}, fr},
		{"all-zero factor", FactorPlan{Total: exDec("1"), Factors: []FactorNode{exLeaf("z", "1")}},
			[]Recipient{exRecip("A", "z", "0"), exRecip("B", "z", "0")}},
		{"negative factor", FactorPlan{Total: exDec("1"), Factors: []FactorNode{exLeaf("z", "1")}},
			[]Recipient{exRecip("A", "z", "-1"), exRecip("B", "z", "2")}},
		{"duplicate id", FactorPlan{Total: exDec("1"), Factors: []FactorNode{exLeaf("z", "1")}},
			[]Recipient{exRecip("A", "z", "1"), exRecip("A", "z", "2")}},
		// three receivers capped at 300k cannot take 1,000,000.
		{"cap below total", FactorPlan{Total: exDec("1000000"), Factors: ff, Cap: exDec("300000")}, fr},
		// three receivers floored at 400k need 1,200,000.
		{"floor above total", FactorPlan{Total: exDec("1000000"), Factors: ff, Floor: exDec("400000")}, fr},
		{"rank gate above one", FactorPlan{Total: exDec("1"), Factors: ff, RankGate: exDec("1.5")}, fr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Allocate(context.Background(), tt.plan, tt.rs)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrAllocation), "%v", err)
		})
	}
}

func FuzzAllocate(f *testing.F) {
	f.Add(int64(100000000), uint8(3), uint64(1), uint8(0), uint8(0), uint8(0))
	f.Add(int64(1), uint8(7), uint64(2), uint8(60), uint8(10), uint8(50))
	f.Add(int64(0), uint8(1), uint64(3), uint8(100), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, fen int64, n uint8, seed uint64, gate, floorPct, capPct uint8) {
		if fen < 0 || n == 0 || n > 40 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 7))
		total := decimal.New(fen, -2)
		plan := FactorPlan{
			Total: total,
			Factors: []FactorNode{
				{Weight: decimal.NewFromInt(85), Children: []FactorNode{exLeaf("a", "3"), exLeaf("b", "1")}},
				exLeaf("c", "15"),
			},
			RankGate:    decimal.New(int64(gate%101), -2),
			Adjustments: []FactorAdjustment{{Factor: "c", Max: exDec("0.1"), Steps: []AdjustStep{{From: exDec("0"), Rate: exDec("-0.5")}, {From: exDec("50"), Rate: exDec("0.2")}}}},
		}
		// floors and caps as a share of the even split, in whole fen
		even := fen / int64(n)
		plan.Floor = decimal.New(even*int64(floorPct%101)/100, -2)
		if capPct > 0 {
			plan.Cap = decimal.New(even+even*int64(capPct)/100, -2)
		}
		rs := make([]Recipient, n)
		for i := range rs {
			rs[i] = Recipient{ID: string(rune('A' + i)), Factors: map[string]decimal.Decimal{
				"a": decimal.New(rng.Int64N(1000), -int32(rng.IntN(3))),
				"b": decimal.New(rng.Int64N(5)+1, 0),
				"c": decimal.New(rng.Int64N(101), 0),
			}}
		}
		a, err := Allocate(context.Background(), plan, rs)
		if err != nil {
			if !errors.Is(err, ErrAllocation) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		var sum decimal.Decimal
		for _, s := range a.Shares {
			if s.Amount.Sign() < 0 || !s.Amount.Equal(s.Amount.Truncate(2)) {
				t.Fatalf("bad amount %s", s.Amount)
			}
			if !s.Receives && !s.Amount.IsZero() {
				t.Fatalf("%s does not receive but gets %s", s.ID, s.Amount)
			}
			if plan.Cap.Sign() > 0 && s.Amount.GreaterThan(plan.Cap) {
				t.Fatalf("%s gets %s above cap %s", s.ID, s.Amount, plan.Cap)
			}
			sum = sum.Add(s.Amount)
		}
		if !sum.Equal(total) {
			t.Fatalf("parts sum to %s, total %s", sum, total)
		}
	})
}

func TestAllocateScoreRounding(t *testing.T) {
	// scores 1/3 and 2/3, shown half up to 6 places
	a, err := Allocate(context.Background(), FactorPlan{Total: exDec("3"), Factors: []FactorNode{exLeaf("x", "1")}},
		[]Recipient{exRecip("A", "x", "1"), exRecip("B", "x", "2")})
	require.NoError(t, err)
	assert.Equal(t, "0.333333", a.Shares[0].Score.String())
	assert.Equal(t, "0.666667", a.Shares[1].Score.String())
	assert.Equal(t, map[string]string{"A": "1.00", "B": "2.00"}, exAmounts(a))
}
