package performance_test

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// FuzzShareCheck builds a distribution from arbitrary counts, publishes its
// shares, and checks that the check finds them consistent at their own total
// with a split that reproduces them, and that the smallest total it reports
// is the one a brute-force search finds.
func FuzzShareCheck(f *testing.F) {
	f.Add(uint8(8), uint8(35), uint8(20), uint8(3), uint8(2))
	f.Add(uint8(1), uint8(12), uint8(2), uint8(0), uint8(2))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(0), uint8(0))
	f.Add(uint8(0), uint8(0), uint8(0), uint8(7), uint8(1))
	f.Fuzz(func(t *testing.T, a, b, c, d uint8, places uint8) {
		counts := []int{int(a % 60), int(b % 60), int(c % 60), int(d % 60)}
		dist := performance.GradeDistribution()
		for i, g := range performance.Grades() {
			for range counts[i] {
				if err := dist.AddGrade(g, decimal.Zero); err != nil {
					t.Fatal(err)
				}
			}
		}
		p, err := dist.Published(int32(places % 4))
		if err != nil {
			if dist.Total() == 0 {
				return
			}
			t.Fatal(err)
		}
		finding, err := performance.ShareCheck{MaxTotal: p.Total}.Check(p)
		if err != nil {
			t.Fatal(err)
		}
		if !finding.Consistent || finding.Fit == nil || finding.Smallest == nil {
			t.Fatalf("counts %v: shares %v found inconsistent: %s", counts, p.Shares, finding.Text.EN)
		}
		assertFitReproduces(t, p, *finding.Fit)
		assertFitReproduces(t, p, *finding.Smallest)
		if want := bruteSmallest(t, p, p.Total); finding.Smallest.Total != want {
			t.Fatalf("counts %v: smallest total %d, brute force %d", counts, finding.Smallest.Total, want)
		}
	})
}

// FuzzShareCheckOracle perturbs published shares and compares the totals
// ShareCheck finds with the brute-force oracle's. With the tolerance on,
// every exact total must still be found, and every fit must reproduce the
// shares once its moved share is put back.
func FuzzShareCheckOracle(f *testing.F) {
	f.Add(uint8(8), uint8(35), uint8(23), uint8(2), uint8(0), int8(1))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(2), uint8(0), int8(1))
	f.Add(uint8(3), uint8(0), uint8(5), uint8(0), uint8(2), int8(-1))
	f.Fuzz(func(t *testing.T, a, b, c, places, idx uint8, delta int8) {
		counts := []int{int(a % 40), int(b % 40), int(c % 40)}
		d, err := performance.NewDistribution("A", "B", "C")
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range []string{"A", "B", "C"} {
			for range counts[i] {
				if err := d.Add(l, decimal.Zero); err != nil {
					t.Fatal(err)
				}
			}
		}
		p, err := d.Published(int32(places % 3))
		if err != nil {
			return // no projects
		}
		p.Total = 0
		i := int(idx % 3)
		moved := p.Shares[i].Add(decimal.New(int64(delta%3), -p.Places))
		if moved.Sign() < 0 || moved.GreaterThan(decimal.NewFromInt(100)) {
			return
		}
		p.Shares[i] = moved

		const bound = 150
		want := bruteTotals(t, p, bound)
		fits, err := performance.ShareCheck{MaxTotal: bound}.Totals(p)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, fit := range fits {
			got = append(got, fit.Total)
			assertFitReproduces(t, p, fit)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("shares %v: totals %v, brute force %v", p.Shares, got, want)
		}

		tolerant, err := performance.ShareCheck{MaxTotal: bound, Tolerance: true}.Totals(p)
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, fit := range tolerant {
			assertFitReproduces(t, p, fit)
			if fit.Moved == nil {
				got = append(got, fit.Total)
				continue
			}
			if !decimal.Sum(decimal.Zero, p.Shares...).Equal(decimal.NewFromInt(100)) {
				t.Fatalf("shares %v do not sum to 100, yet share %d counted as moved", p.Shares, fit.Moved.Index)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("shares %v: exact totals with tolerance %v, brute force %v", p.Shares, got, want)
		}
	})
}

// assertFitReproduces recomputes the shares of a fit's counts with decimal
// arithmetic (100·c ÷ n, DivRound half away from zero) and compares them
// with the published ones, putting a moved share back first.
func assertFitReproduces(t testing.TB, p performance.PublishedShares, fit performance.ShareFit) {
	t.Helper()
	want := append([]decimal.Decimal(nil), p.Shares...)
	if fit.Moved != nil {
		want[fit.Moved.Index] = fit.Moved.Computed
		unit := decimal.New(1, -p.Places)
		if !fit.Moved.Stated.Sub(fit.Moved.Computed).Abs().Equal(unit) {
			t.Fatalf("moved share %s → %s is not one unit", fit.Moved.Computed, fit.Moved.Stated)
		}
	}
	sum := 0
	n := decimal.NewFromInt(int64(fit.Total))
	for i, c := range fit.Counts {
		sum += c
		got := decimal.NewFromInt(int64(c)).Mul(decimal.NewFromInt(100)).DivRound(n, p.Places)
		if !got.Equal(want[i]) {
			t.Fatalf("total %d counts %v: share %d is %s, want %s", fit.Total, fit.Counts, i, got, want[i])
		}
	}
	if sum != fit.Total {
		t.Fatalf("counts %v sum to %d, not %d", fit.Counts, sum, fit.Total)
	}
}

// bruteFits is an independent oracle: it tries counts of every class with
// decimal arithmetic (100·c ÷ n, DivRound half away from zero) and reports
// whether some choice sums to n. Counts far from share × n are skipped: a
// count that rounds to share s satisfies |100·c ÷ n − s| ≤ 0.5, so
// |c − s·n ÷ 100| ≤ n ÷ 200, and the window below is wider than that.
func bruteFits(p performance.PublishedShares, n int) bool {
	hundred := decimal.NewFromInt(100)
	nd := decimal.NewFromInt(int64(n))
	reach := map[int]bool{0: true}
	for _, s := range p.Shares {
		centre := s.Mul(nd).Div(hundred).IntPart()
		lo := max(centre-int64(n)/200-2, 0)
		hi := min(centre+int64(n)/200+2, int64(n))
		next := map[int]bool{}
		for c := lo; c <= hi; c++ {
			if !decimal.NewFromInt(c).Mul(hundred).DivRound(nd, p.Places).Equal(s) {
				continue
			}
			for r := range reach {
				if r+int(c) <= n {
					next[r+int(c)] = true
				}
			}
		}
		reach = next
	}
	return reach[n]
}

// bruteTotals lists the totals up to bound that the oracle accepts.
func bruteTotals(t testing.TB, p performance.PublishedShares, bound int) []int {
	t.Helper()
	var totals []int
	for n := 1; n <= bound; n++ {
		if bruteFits(p, n) {
			totals = append(totals, n)
		}
	}
	return totals
}

// bruteSmallest returns the smallest total up to bound that the oracle
// accepts, or 0.
func bruteSmallest(t testing.TB, p performance.PublishedShares, bound int) int {
	t.Helper()
	for n := 1; n <= bound; n++ {
		if bruteFits(p, n) {
			return n
		}
	}
	return 0
}
