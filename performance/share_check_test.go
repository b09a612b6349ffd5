package performance_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

// update is -update, which rewrites golden files; the package's internal
// and external tests share it through testflag.Update.
var update = testflag.Update()

// distributionGolden compares got with testdata/name, or rewrites it with
// -update (ruletest.Golden).
func distributionGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	ruletest.Golden(t, filepath.Join("testdata", name), got, *update)
}

// seedExPost is the ex-post evaluation of 2020 key projects in DOMAIN.md §7:
// 56 projects, 优 12.12%, 良 53.03%, 中 30.30%, 差 4.55%.
func seedExPost(total int) performance.PublishedShares {
	return performance.PublishedShares{
		Total:  total,
		Labels: nationalLabels,
		Shares: decimals("12.12", "53.03", "30.30", "4.55"),
		Places: 2,
	}
}

// TestSeedDistribution reproduces the finding of DOMAIN.md §7.
//
// 56 cannot work: one project of 56 is 100 ÷ 56 = 1.7857%, so 优's 12.12%
// needs 12.115 ≤ 100·c ÷ 56 < 12.125, i.e. 6.7844 ≤ c < 6.79, and no whole
// c lies there (6 gives 10.71%, 7 gives 12.50%).
//
// 66 works: 8 ÷ 66 = 12.1212% → 12.12; 35 ÷ 66 = 53.0303% → 53.03;
// 20 ÷ 66 = 30.3030% → 30.30; 3 ÷ 66 = 4.5454% → 4.55; 8+35+20+3 = 66.
// That no smaller total works is checked against a brute-force oracle below.
func TestSeedDistribution(t *testing.T) {
	f, err := performance.ShareCheck{}.Check(seedExPost(56))
	require.NoError(t, err)
	assert.False(t, f.Consistent)
	assert.Equal(t, performance.CodeSharesInconsistent, f.Code)
	assert.Nil(t, f.Fit)
	require.NotNil(t, f.Smallest)
	assert.Equal(t, 66, f.Smallest.Total)
	assert.Equal(t, []int{8, 35, 20, 3}, f.Smallest.Counts)
	assert.True(t, f.Smallest.Unique)
	assert.Nil(t, f.Smallest.Moved)
	assert.Equal(t, performance.DefaultMaxTotal, f.MaxTotal)

	oracle := bruteSmallest(t, seedExPost(0), 66)
	assert.Equal(t, 66, oracle, "brute force: smallest total")

	// The finding as a demo prints it, in both languages.
	assert.Equal(t, "总数56无法得出所列占比（优12.12%、良53.03%、中30.30%、差4.55%）："+
		"不存在按四舍五入保留2位小数后与之一致的整数分布。能得出这些占比的最小总数为66（优8、良35、中20、差3）。总数或占比有误。",
		f.Text.In(performance.LangZH))
	assert.Equal(t, "No whole-number split of 56 gives the stated shares (excellent 12.12%, good 53.03%, fair 30.30%, poor 4.55%) "+
		"when rounded half up to 2 decimals. The smallest total that does is 66 (excellent 8, good 35, fair 20, poor 3). "+
		"Either the total or the shares were misprinted.",
		f.Text.In(performance.LangEN))

	out, err := json.MarshalIndent(f, "", "  ")
	require.NoError(t, err)
	distributionGolden(t, "distribution_seed_56.golden.json", append(out, '\n'))
}

// TestSeedDistributionTolerance: the seed's shares sum to exactly 100.00
// (12.12 + 53.03 + 30.30 + 4.55), so the tolerance applies, but moving any
// one share by 0.01 cannot rescue 56: 优 would need 12.11, 12.12 or 12.13%,
// all inside 6.78 ≤ c < 6.80 of 56, which holds no whole number.
func TestSeedDistributionTolerance(t *testing.T) {
	f, err := performance.ShareCheck{Tolerance: true}.Check(seedExPost(56))
	require.NoError(t, err)
	assert.False(t, f.Consistent)
	assert.Nil(t, f.Fit)
	require.NotNil(t, f.Smallest)
	assert.Equal(t, 66, f.Smallest.Total)
	assert.Nil(t, f.Smallest.Moved, "66 fits exactly, no share moved")
}

func TestSeedDistributionTotals(t *testing.T) {
	fits, err := performance.ShareCheck{MaxTotal: 264}.Totals(seedExPost(56))
	require.NoError(t, err)
	// Multiples of 66 keep every share: 16/132 = 8/66 and so on. The brute
	// force oracle finds no other total up to 264.
	var totals []int
	for _, f := range fits {
		totals = append(totals, f.Total)
		assertFitReproduces(t, seedExPost(0), f)
	}
	assert.Equal(t, []int{66, 132, 198, 264}, totals)
	assert.Equal(t, []int{16, 70, 40, 6}, fits[1].Counts) // 2 × (8, 35, 20, 3)
	assert.Equal(t, totals, bruteTotals(t, seedExPost(0), 264))
}

func TestShareCheck(t *testing.T) {
	tests := []struct {
		name     string
		check    performance.ShareCheck
		p        performance.PublishedShares
		code     string
		fit      []int // nil when no split of the stated total fits
		unique   bool
		moved    *performance.MovedShare
		smallest int // 0 when no total up to the bound fits
	}{
		{
			name:   "seed stated as 66",
			p:      seedExPost(66),
			code:   performance.CodeSharesConsistent,
			fit:    []int{8, 35, 20, 3},
			unique: true, smallest: 66,
		},
		{
			name: "seed with no total",
			p:    seedExPost(0),
			code: performance.CodeSharesFound, smallest: 66,
		},
		{
			// The seed's deep evaluation: 15 projects, 1 优, 12 良, 2 中, 0 差.
			// 1/15 = 6.667% → 6.67; 12/15 = 80.00%; 2/15 = 13.333% → 13.33;
			// 0/15 = 0.00%. 6.67% is about one fifteenth, so nothing smaller fits.
			name: "seed deep evaluation",
			p: performance.PublishedShares{Total: 15, Labels: nationalLabels,
				Shares: decimals("6.67", "80.00", "13.33", "0.00"), Places: 2},
			code: performance.CodeSharesConsistent,
			fit:  []int{1, 12, 2, 0}, unique: true, smallest: 15,
		},
		{
			// 1 of 3 is 33.333…% → 33.33; three of them sum to 99.99, so a
			// publisher prints 33.34 for the first. Exactly, 33.34% of 3 needs
			// 1.00005 ≤ c < 1.00035: impossible.
			name: "forced to 100, tolerance off",
			p: performance.PublishedShares{Total: 3, Labels: []string{"A", "B", "C"},
				Shares: decimals("33.34", "33.33", "33.33"), Places: 2},
			code: performance.CodeSharesInconsistent,
			// 1906/5716 = 33.34499…% → 33.34 (5716 × 0.33345 = 1906.0002 > 1906)
			// and 1905/5716 = 33.3275…% → 33.33; 1906 + 2 × 1905 = 5716. The
			// brute-force oracle confirms nothing smaller fits.
			smallest: 5716,
		},
		{
			name:  "forced to 100, tolerance on",
			check: performance.ShareCheck{Tolerance: true},
			p: performance.PublishedShares{Total: 3, Labels: []string{"A", "B", "C"},
				Shares: decimals("33.34", "33.33", "33.33"), Places: 2},
			code: performance.CodeSharesMoved,
			fit:  []int{1, 1, 1}, unique: true,
			moved: &performance.MovedShare{Index: 0, Label: "A",
				Stated: decimalOf("33.34"), Computed: decimalOf("33.33")},
			// With the tolerance 3 itself is the smallest (1 and 2 cannot
			// give three non-zero shares).
			smallest: 3,
		},
		{
			// Shares summing to 99.99 are not the forced kind: no tolerance.
			name:  "not summing to 100, tolerance on",
			check: performance.ShareCheck{Tolerance: true, MaxTotal: 100},
			p: performance.PublishedShares{Total: 3, Labels: []string{"A", "B", "C"},
				Shares: decimals("33.34", "33.33", "33.32"), Places: 2},
			code: performance.CodeSharesInconsistent,
		},
		{
			// 1 of 6 is 16.666…% → 16.67; six of them sum to 100.02. Forcing
			// 100.00 took two moves (16.66 twice), more than the tolerance.
			name:  "two shares moved",
			check: performance.ShareCheck{Tolerance: true, MaxTotal: 6},
			p: performance.PublishedShares{Total: 6,
				Shares: decimals("16.66", "16.66", "16.67", "16.67", "16.67", "16.67"), Places: 2},
			code: performance.CodeSharesInconsistent,
		},
		{
			// Whole percent: 100·c ÷ 300 rounds to 33 for c in 98..100 and to
			// 34 for c in 101..103 (half up: 100.5 ÷ 3 = 33.5 → 34). Splits
			// of 300 include (100, 99, 101) and (99, 100, 101): not unique.
			// Counts fill the earlier classes first: lower ends 98+98+101 =
			// 297 leave 3: +2 to the first (100), +1 to the second (99).
			// The smallest total is 58: 19/58 = 32.76% → 33 twice and
			// 20/58 = 34.48% → 34, 19+19+20 = 58.
			name:  "several splits",
			check: performance.ShareCheck{MaxTotal: 100},
			p: performance.PublishedShares{Total: 300,
				Shares: decimals("33", "33", "34"), Places: 0},
			code: performance.CodeSharesConsistent,
			fit:  []int{100, 99, 101}, unique: false, smallest: 58,
		},
		{
			// 50% and 60% need at least 49.5% + 59.5% = 109% of the total.
			name:  "impossible shares with a total",
			check: performance.ShareCheck{MaxTotal: 500},
			p:     performance.PublishedShares{Total: 10, Shares: decimals("50", "60"), Places: 0},
			code:  performance.CodeSharesInconsistent,
		},
		{
			name:  "impossible shares without a total",
			check: performance.ShareCheck{MaxTotal: 500},
			p:     performance.PublishedShares{Shares: decimals("50", "60"), Places: 0},
			code:  performance.CodeSharesUnreachable,
		},
		{
			// One class holding everything fits any total; the smallest is 1.
			name: "single class",
			p:    performance.PublishedShares{Total: 7, Shares: decimals("100.0"), Places: 1},
			code: performance.CodeSharesConsistent,
			fit:  []int{7}, unique: true, smallest: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.check.Check(tt.p)
			require.NoError(t, err)
			assert.Equal(t, tt.code, f.Code)
			assert.Equal(t, tt.code != performance.CodeSharesInconsistent && tt.code != performance.CodeSharesUnreachable, f.Consistent)
			if tt.fit == nil {
				assert.Nil(t, f.Fit)
			} else if assert.NotNil(t, f.Fit) {
				assert.Equal(t, tt.p.Total, f.Fit.Total)
				assert.Equal(t, tt.fit, f.Fit.Counts)
				assert.Equal(t, tt.unique, f.Fit.Unique, "unique")
				assertFitReproduces(t, tt.p, *f.Fit)
				if tt.moved == nil {
					assert.Nil(t, f.Fit.Moved)
				} else if assert.NotNil(t, f.Fit.Moved) {
					assert.Equal(t, tt.moved.Index, f.Fit.Moved.Index)
					assert.Equal(t, tt.moved.Label, f.Fit.Moved.Label)
					assert.True(t, tt.moved.Stated.Equal(f.Fit.Moved.Stated), "stated %s", f.Fit.Moved.Stated)
					assert.True(t, tt.moved.Computed.Equal(f.Fit.Moved.Computed), "computed %s", f.Fit.Moved.Computed)
				}
			}
			if tt.smallest == 0 {
				assert.Nil(t, f.Smallest)
			} else if assert.NotNil(t, f.Smallest) {
				assert.Equal(t, tt.smallest, f.Smallest.Total)
				assertFitReproduces(t, tt.p, *f.Smallest)
			}
			if !tt.check.Tolerance {
				bound := f.MaxTotal
				if tt.smallest != 0 {
					bound = tt.smallest
				}
				want := bruteSmallest(t, tt.p, bound)
				assert.Equal(t, tt.smallest, want, "brute-force smallest total up to %d", bound)
			}
			assert.NotEmpty(t, f.Text.ZH)
			assert.NotEmpty(t, f.Text.EN)
		})
	}
}

func TestShareCheckTexts(t *testing.T) {
	forced := performance.PublishedShares{Total: 3, Labels: []string{"优", "良", "中"},
		Shares: decimals("33.34", "33.33", "33.33"), Places: 2}
	f, err := performance.ShareCheck{Tolerance: true}.Check(forced)
	require.NoError(t, err)
	assert.Equal(t, "总数3与所列占比（优33.34%、良33.33%、中33.33%）一致：3（优1、良1、中1），"+
		"其中优按计数应为33.33%，公布为33.34%，系为使合计为100%而调整。", f.Text.ZH)
	assert.Equal(t, "The total 3 is consistent with the stated shares (excellent 33.34%, good 33.33%, fair 33.33%): "+
		"3 (excellent 1, good 1, fair 1), with excellent computed as 33.33% but printed as 33.34% to make the shares sum to 100%.", f.Text.EN)

	f, err = performance.ShareCheck{MaxTotal: 50}.Check(performance.PublishedShares{Shares: decimals("50", "60"), Places: 0})
	require.NoError(t, err)
	assert.Equal(t, "50以内没有任何总数能得出所列占比（第1类50%、第2类60%），占比有误。", f.Text.ZH)
	assert.Equal(t, "No total up to 50 gives the stated shares (class 1 50%, class 2 60%): the shares are wrong.", f.Text.EN)

	f, err = performance.ShareCheck{}.Check(seedExPost(0))
	require.NoError(t, err)
	assert.Equal(t, "所列占比（优12.12%、良53.03%、中30.30%、差4.55%）未给出总数；能得出这些占比的最小总数为66（优8、良35、中20、差3）。", f.Text.ZH)

	f, err = performance.ShareCheck{}.Check(performance.PublishedShares{Total: 300, Shares: decimals("33", "33", "34")})
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(f.Text.EN, " Other splits also fit."), f.Text.EN)
}

func TestShareCheckInvalid(t *testing.T) {
	tests := []struct {
		name  string
		check performance.ShareCheck
		p     performance.PublishedShares
	}{
		{"no shares", performance.ShareCheck{}, performance.PublishedShares{Total: 5, Places: 2}},
		{"labels do not match", performance.ShareCheck{}, performance.PublishedShares{Labels: []string{"优"}, Shares: decimals("50", "50")}},
		{"places too many", performance.ShareCheck{}, performance.PublishedShares{Shares: decimals("100"), Places: performance.MaxPlaces + 1}},
		{"places negative", performance.ShareCheck{}, performance.PublishedShares{Shares: decimals("100"), Places: -1}},
		{"negative share", performance.ShareCheck{}, performance.PublishedShares{Shares: decimals("-1", "101"), Places: 0}},
		{"share above 100", performance.ShareCheck{}, performance.PublishedShares{Shares: decimals("100.01"), Places: 2}},
		{"more decimals than places", performance.ShareCheck{}, performance.PublishedShares{Shares: decimals("12.125", "87.875"), Places: 2}},
		{"negative total", performance.ShareCheck{}, performance.PublishedShares{Total: -1, Shares: decimals("100")}},
		{"huge total", performance.ShareCheck{}, performance.PublishedShares{Total: 2_000_000_000, Shares: decimals("100")}},
		{"negative bound", performance.ShareCheck{MaxTotal: -1}, performance.PublishedShares{Shares: decimals("100")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.check.Check(tt.p)
			assert.ErrorIs(t, err, performance.ErrInvalidShare)
			_, err = tt.check.Totals(tt.p)
			assert.ErrorIs(t, err, performance.ErrInvalidShare)
		})
	}
}

func TestShareFindingJSONRoundTrip(t *testing.T) {
	f, err := performance.ShareCheck{Tolerance: true}.Check(performance.PublishedShares{Total: 3, Labels: []string{"A", "B", "C"},
		Shares: decimals("33.34", "33.33", "33.33"), Places: 2})
	require.NoError(t, err)
	out, err := json.Marshal(f)
	require.NoError(t, err)
	// Decimals are strings, names snake_case.
	assert.Contains(t, string(out), `"moved":{"index":0,"label":"A","stated":"33.34","computed":"33.33"}`)
	assert.Contains(t, string(out), `"max_total":10000`)

	var back performance.ShareFinding
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, f.Code, back.Code)
	assert.Equal(t, f.Text, back.Text)
	assert.Equal(t, f.Fit.Counts, back.Fit.Counts)
	assertDecimals(t, []string{"33.34", "33.33", "33.33"}, back.Published.Shares)
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again), "marshal → unmarshal → marshal is stable")
}
