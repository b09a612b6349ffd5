package exante

import (
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// The prefetch reads every line's three coefficients (its sink is their
// exclusive or) and changes none of them.
func TestLinePrefetch(t *testing.T) {
	d := decimal.RequireFromString
	lines := []performance.CostLine{
		{Quantity: d("3"), UnitPrice: d("12.50"), Amount: d("37.50")}, // 3, 1250, 3750
		{Quantity: d("2"), UnitPrice: d("0.05"), Amount: d("0.10")},   // 2, 5, 10
	}
	var p linePrefetch
	p.lines(lines)
	// 3 ^ 1250 ^ 3750 ^ 2 ^ 5 ^ 10, worked out: 3^1250 = 1249; 1249^3750 =
	// 2631; 2631^2 = 2629; 2629^5 = 2624; 2624^10 = 2634.
	assert.Equal(t, int64(2634), p.sink)
	assert.Equal(t, "37.5", lines[0].Amount.String(), "the lines are unchanged")
	assert.Equal(t, "0.05", lines[1].UnitPrice.String())

	p.lines(nil)
	assert.Zero(t, p.sink, "no lines, nothing loaded")
}
