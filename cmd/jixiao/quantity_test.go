package main

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/performance"
)

// TestCostLineQuantity is issue 16's input: a quantity "1,5" was read as
// 15 and "1,2,3" as 123 (the commas dropped). Separators now group three
// digits or the cell is rejected; full-width digits are read.
func TestCostLineQuantity(t *testing.T) {
	data := "project_id,item,quantity,amount\n" +
		"P1,a,\"1,5\",1\n" +
		"P1,b,\"1,2,3\",1\n" +
		"P1,c,\"1,234\",1\n" +
		"P1,d,１２．５,1\n"
	f, err := csvio.Read("cost_lines.csv", []byte(data), csvio.Auto, costLinesSchema)
	require.NoError(t, err)
	require.Len(t, f.Rows, 4)
	for i, want := range []string{"", "", "1234", "12.5"} {
		l, errs := costLineRow(f.Rows[i])
		if want == "" {
			require.Len(t, errs, 1, "row %d: quantity %s accepted", i, l.Quantity)
			assert.ErrorIs(t, errs[0], performance.ErrGrouping)
			assert.Equal(t, "quantity", errs[0].Field)
			continue
		}
		require.Empty(t, errs, "row %d", i)
		assert.True(t, l.Quantity.Equal(decimal.RequireFromString(want)), "row %d: %s, want %s", i, l.Quantity, want)
	}
	_, errs := costLineRow(f.Rows[0])
	assert.Equal(t, `cost_lines.csv:2:3: quantity: "1,5" is not a number: performance: parsing "1,5": misplaced thousands separator at byte 3`, errs[0].Error())
}
