package performance_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// TestShareCheckPartial: shares printed for some classes only, with or
// without a printed count. A share c ÷ n rounds to 12.12% when
// 12.115 ≤ 100c ÷ n < 12.125; by hand:
//
//	12.12% alone       n = 33: 4 ÷ 33 = 12.1212… (n = 8..32 give no c:
//	                   1/8 = 12.5, 2/16 = 12.5, 2/17 = 11.76, 3/24 = 12.5,
//	                   3/25 = 12.0); the rest 33 − 4 = 29
//	12.12%, 53.03%     n = 66: 8 ÷ 66 = 12.1212…, 35 ÷ 66 = 53.0303…; rest 23
//	                   (at 33, 53.03% would need 17.5 projects)
//	12.12% with 12     12 ÷ n in [12.115%, 12.125%) ⇒ n in (98.97, 99.05]: 99; rest 87
//	53.03%, 4.55% (3)  3 ÷ n in [4.545%, 4.555%) ⇒ n in (65.86, 66.01]: 66, 35 ÷ 66; rest 28
//	12.12% of 56       7/56 = 12.5%, 6/56 = 10.71%: none
func TestShareCheckPartial(t *testing.T) {
	d := func(ss ...string) []decimal.Decimal {
		var out []decimal.Decimal
		for _, s := range ss {
			out = append(out, decimal.RequireFromString(s))
		}
		return out
	}
	ip := func(v int) *int { return &v }
	tests := []struct {
		name     string
		p        performance.PublishedShares
		code     string
		total    int // the fit's (or smallest) total, 0 for none
		counts   []int
		rest     int
		unique   bool
		smallest bool // check Smallest instead of Fit
	}{
		{"one share, no total", performance.PublishedShares{Shares: d("12.12"), Places: 2, Partial: true},
			performance.CodeSharesFound, 33, []int{4}, 29, true, true},
		{"two shares, no total", performance.PublishedShares{Shares: d("12.12", "53.03"), Places: 2, Partial: true},
			performance.CodeSharesFound, 66, []int{8, 35}, 23, true, true},
		{"share and its count", performance.PublishedShares{Shares: d("12.12"), Places: 2, Partial: true, Counts: []*int{ip(12)}},
			performance.CodeSharesFound, 99, []int{12}, 87, true, true},
		{"count for one of two", performance.PublishedShares{Shares: d("53.03", "4.55"), Places: 2, Partial: true, Counts: []*int{nil, ip(3)}},
			performance.CodeSharesFound, 66, []int{35, 3}, 28, true, true},
		{"stated total fits", performance.PublishedShares{Total: 66, Shares: d("12.12", "53.03"), Places: 2, Partial: true},
			performance.CodeSharesConsistent, 66, []int{8, 35}, 23, true, false},
		{"stated total does not fit", performance.PublishedShares{Total: 56, Shares: d("12.12"), Places: 2, Partial: true},
			performance.CodeSharesInconsistent, 0, nil, 0, false, false},
		// a count that contradicts its share: 5 ÷ 33 = 15.15%, not 12.12%,
		// and 5 ÷ n = 12.12% needs n in (41.22, 41.27]: none
		{"count against share", performance.PublishedShares{Shares: d("12.12"), Places: 2, Partial: true, Counts: []*int{ip(5)}},
			performance.CodeSharesUnreachable, 0, nil, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := performance.ShareCheck{MaxTotal: 1000}.Check(tt.p)
			require.NoError(t, err)
			assert.Equal(t, tt.code, f.Code)
			fit := f.Fit
			if tt.smallest {
				fit = f.Smallest
			}
			if tt.total == 0 {
				assert.Nil(t, fit)
				return
			}
			require.NotNil(t, fit)
			assert.Equal(t, tt.total, fit.Total)
			assert.Equal(t, tt.counts, fit.Counts)
			assert.Equal(t, tt.rest, fit.Rest)
			assert.Equal(t, tt.unique, fit.Unique)
		})
	}
	// Without Partial a single printed share must be the whole: unreachable.
	f, err := performance.ShareCheck{}.Check(performance.PublishedShares{Shares: d("12.12"), Places: 2})
	require.NoError(t, err)
	assert.Equal(t, performance.CodeSharesUnreachable, f.Code)
	// Counts must match the shares in number and be in range.
	_, err = performance.ShareCheck{}.Check(performance.PublishedShares{Shares: d("12.12"), Places: 2, Counts: []*int{ip(1), ip(2)}})
	assert.ErrorIs(t, err, performance.ErrInvalidShare)
	_, err = performance.ShareCheck{}.Check(performance.PublishedShares{Shares: d("12.12"), Places: 2, Counts: []*int{ip(-1)}})
	assert.ErrorIs(t, err, performance.ErrInvalidShare)
	// Totals lists every fitting total up to the bound: 33, 66, …, 330.
	fits, err := performance.ShareCheck{MaxTotal: 340}.Totals(performance.PublishedShares{Shares: d("12.12"), Places: 2, Partial: true})
	require.NoError(t, err)
	require.Len(t, fits, 10)
	assert.Equal(t, 330, fits[9].Total)
}
