package monitoring

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/performance"
)

// TestRenderFigures holds the report's figures to forms worked out by
// hand: percentages and signed points at two places half away from zero
// ("+" only before a figure positive at two places), amounts in 万元 at two
// places, an invalid ratio as "—", and an amount past the exact kernel.
func TestRenderFigures(t *testing.T) {
	ratio := func(num, den string) performance.Ratio {
		return performance.Ratio{Num: decimal.RequireFromString(num), Den: decimal.RequireFromString(den)}
	}
	for _, tt := range []struct {
		r           performance.Ratio
		pct, points string
	}{
		{ratio("338697", "1770219"), "19.13%", "+19.13"}, // 19.1329…
		{ratio("-1", "8"), "-12.50%", "-12.50"},
		{ratio("1", "200000"), "0.00%", "0.00"},  // 0.0005% rounds to 0.00: no sign
		{ratio("-1", "200000"), "0.00%", "0.00"}, // nor "-0.00"
		{ratio("1", "20000"), "0.01%", "+0.01"},  // 0.005% rounds away from zero
		{ratio("-1", "20000"), "-0.01%", "-0.01"},
		{performance.Ratio{}, "—", "—"},
	} {
		assert.Equal(t, tt.pct, pct(tt.r), "%s ÷ %s", tt.r.Num, tt.r.Den)
		assert.Equal(t, tt.points, points(tt.r), "%s ÷ %s", tt.r.Num, tt.r.Den)
	}
	for _, tt := range []struct{ yuan, wan string }{
		{"1234567.89", "123.46"},
		{"1234450", "123.45"}, // 123.445 万元: half, away from zero
		{"1234550", "123.46"}, // 123.455 likewise
		{"-50", "-0.01"},
		{"-49.99", "0.00"},
		{"0", "0.00"},
		{"123456789012345678901234", "12345678901234567890.12"}, // 24 digits: the decimal path
	} {
		assert.Equal(t, tt.wan, wan2(decimal.RequireFromString(tt.yuan)), tt.yuan)
	}
}
