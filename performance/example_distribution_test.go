package performance_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// The seed report's ex-post evaluation prints 56 projects graded 优 12.12%,
// 良 53.03%, 中 30.30% and 差 4.55%. No split of 56 gives those shares; 66
// is the smallest total that does.
func ExampleShareCheck_Check() {
	var shares []decimal.Decimal
	for _, s := range []string{"12.12%", "53.03%", "30.30%", "4.55%"} {
		p, err := performance.ParsePercent(s)
		if err != nil {
			panic(err)
		}
		shares = append(shares, p)
	}
	published := performance.PublishedShares{
		Total:  56,
		Labels: []string{"优", "良", "中", "差"},
		Shares: shares,
		Places: 2,
	}
	f, err := performance.ShareCheck{}.Check(published)
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Code, f.Consistent)
	fmt.Println(f.Smallest.Total, f.Smallest.Counts)
	fmt.Println(f.Text.In(performance.LangZH))
	fmt.Println(f.Text.In(performance.LangEN))
	// Output:
	// shares_inconsistent false
	// 66 [8 35 20 3]
	// 总数56无法得出所列占比（优12.12%、良53.03%、中30.30%、差4.55%）：不存在按四舍五入保留2位小数后与之一致的整数分布。能得出这些占比的最小总数为66（优8、良35、中20、差3）。总数或占比有误。
	// No whole-number split of 56 gives the stated shares (excellent 12.12%, good 53.03%, fair 30.30%, poor 4.55%) when rounded half up to 2 decimals. The smallest total that does is 66 (excellent 8, good 35, fair 20, poor 3). Either the total or the shares were misprinted.
}

// Publishers sometimes move one share by 0.01 so that the printed shares
// sum to 100.00. The tolerance mode accepts that and says which share moved.
func ExampleShareCheck_tolerance() {
	published := performance.PublishedShares{
		Total:  3,
		Labels: []string{"优", "良", "中"},
		Shares: []decimal.Decimal{
			decimal.RequireFromString("33.34"), // 1 of 3 is 33.33%, moved up
			decimal.RequireFromString("33.33"),
			decimal.RequireFromString("33.33"),
		},
		Places: 2,
	}
	exact, _ := performance.ShareCheck{}.Check(published)
	tolerant, _ := performance.ShareCheck{Tolerance: true}.Check(published)
	fmt.Println(exact.Code)
	fmt.Println(tolerant.Code, tolerant.Fit.Counts, tolerant.Fit.Moved.Label, tolerant.Fit.Moved.Computed, "→", tolerant.Fit.Moved.Stated)
	// Output:
	// shares_inconsistent
	// shares_moved [1 1 1] 优 33.33 → 33.34
}

// Totals lists every total up to a bound that can give published shares.
func ExampleShareCheck_Totals() {
	published := performance.PublishedShares{
		Shares: []decimal.Decimal{
			decimal.RequireFromString("12.12"), decimal.RequireFromString("53.03"),
			decimal.RequireFromString("30.30"), decimal.RequireFromString("4.55"),
		},
		Places: 2,
	}
	fits, err := performance.ShareCheck{MaxTotal: 200}.Totals(published)
	if err != nil {
		panic(err)
	}
	for _, f := range fits {
		fmt.Println(f.Total, f.Counts)
	}
	// Output:
	// 66 [8 35 20 3]
	// 132 [16 70 40 6]
	// 198 [24 105 60 9]
}

// A distribution of the seed's deep evaluation: 1 优, 12 良, 2 中, 0 差.
func ExampleDistribution() {
	d := performance.GradeDistribution()
	for _, g := range []struct {
		grade performance.Grade
		count int
	}{{performance.Excellent, 1}, {performance.Good, 12}, {performance.Fair, 2}} {
		for range g.count {
			// 100万元 each, in yuan.
			if err := d.AddGrade(g.grade, decimal.NewFromInt(1_000_000)); err != nil {
				panic(err)
			}
		}
	}
	shares, err := d.Shares(2)
	if err != nil {
		panic(err)
	}
	for i, t := range d.Tallies {
		fmt.Println(t.Label, t.Count, performance.FormatAmount(t.Amount, performance.Wan), performance.FormatPercent(shares[i], 2))
	}
	fmt.Println(d.Total(), performance.FormatAmount(d.TotalAmount(), performance.Wan))
	// Output:
	// 优 1 100.00万元 6.67%
	// 良 12 1,200.00万元 80.00%
	// 中 2 200.00万元 13.33%
	// 差 0 0.00万元 0.00%
	// 15 1,500.00万元
}
