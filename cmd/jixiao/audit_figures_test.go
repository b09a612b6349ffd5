package main

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// TestAuditReductionFigures: audit takes any two of submitted, approved and
// reduced through performance.ReductionFigures and checks all three. By
// hand, in 万元: 1,675.00 + 1,761.29 = 3,436.29 submitted, 1,761.29 ÷
// 3,436.29 = 51.26%; submitted 3,436.29 and approved 1,675.00 give reduced
// 1,761.29, the same rate; printed 3,436.29 / 1,675.00 / 1,761.30 miss by
// 1,761.29 − 1,761.30 = −0.01万元 = −100 元.
func TestAuditReductionFigures(t *testing.T) {
	s := &statedFigures{Rates: []statedRate{
		{Name: "a approved+reduced", Approved: "1,675.00", Reduced: "1,761.29", Rate: "51.26%"},
		{Name: "b submitted+approved", Submitted: "3,436.29", Approved: "1,675.00", Rate: "51.26%"},
		{Name: "c all three off", Submitted: "3,436.29", Approved: "1,675.00", Reduced: "1,761.30", Rate: "51.26%"},
	}}
	rep, err := audit(s, performance.Wan)
	require.NoError(t, err)
	require.Len(t, rep.Rates, 3)
	for _, f := range rep.Rates[:2] {
		assert.True(t, f.Consistent, f.Name)
		assert.True(t, f.Submitted.Equal(rdec("34362900")), "%s: submitted %s", f.Name, f.Submitted)
		assert.True(t, f.Computed.Equal(rdec("51.26")), f.Name)
		assert.Nil(t, f.Gap)
	}
	c := rep.Rates[2]
	assert.False(t, c.Consistent)
	require.NotNil(t, c.Gap)
	assert.True(t, c.Gap.Equal(rdec("-100")), "gap %s", c.Gap)
	assert.Equal(t, 1, rep.Findings)
}

func rdec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
