package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/performance"
)

// costLineRow reads one row of a cost-lines CSV with columns of its own:
// the reference the tests hold a reader's reused columns to.
func costLineRow(r csvio.Row) (performance.CostLine, []*csvio.RowError) {
	return costColsOf(r.Col).line(r)
}

// internCells are the cells the generated files draw from: short texts,
// which the readers intern, longer ones, which they do not, forms only
// ParseAmount reads (万元) and bad ones, repeated so that every one comes
// again after it was first read.
var internCells = []string{"0", "12", "9.5", "-3", "1万", "12.5万元", "1,234", "1,234.00", "2361301.00",
	"00012", "1e3", "x", "1,5", "", "１２", "0.10"}

// TestInternedCellsEqualParsed reads generated cost lines and project rows
// with one reader's columns, which intern the decimals of short cells by
// their text (costCols, projectCols), and checks each line, row and error
// is the one read with columns of its own (costLineRow, a fresh
// projectCols), which have seen no earlier text: the plain parse is the
// expected value, decimals compared as values (coefficient and exponent:
// 1.0 is not 1.00).
func TestInternedCellsEqualParsed(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 16))
	cell := func() string { return internCells[r.IntN(len(internCells))] }
	var lines, projects strings.Builder
	lines.WriteString("project_id,item,quantity,unit_price,amount\n")
	projects.WriteString("project_id,total_investment,invested_to_date,amount\n")
	for i := range 400 {
		fmt.Fprintf(&lines, "P%d,a,%q,%q,%q\n", i%7, cell(), cell(), cell())
		fmt.Fprintf(&projects, "P%d,%q,%q,%q\n", i, cell(), cell(), cell())
	}
	cf, err := csvio.Read("cost_lines.csv", []byte(lines.String()), csvio.Auto, costLinesSchema)
	require.NoError(t, err)
	shared := costColsOf(cf.Rows[0].Col)
	for i, row := range cf.Rows {
		got, gotErrs := shared.line(row)
		want, wantErrs := costLineRow(row)
		require.Equal(t, want, got, "cost line %d", i)
		require.Equal(t, errTexts(wantErrs), errTexts(gotErrs), "cost line %d", i)
	}
	pf, err := csvio.Read("projects.csv", []byte(projects.String()), csvio.Auto, projectsSchema)
	require.NoError(t, err)
	pshared := projectColsOf(pf.Rows[0].Col)
	for i, row := range pf.Rows {
		var got, want exante.Submission
		gotErrs := pshared.row(row, &got)
		wantErrs := projectColsOf(row.Col).row(row, &want)
		require.Equal(t, want, got, "project row %d", i)
		require.Equal(t, errTexts(wantErrs), errTexts(gotErrs), "project row %d", i)
	}
	assert.Positive(t, shared.amounts.Len()+shared.quantities.Len()+pshared.amounts.Len(), "nothing was interned")
}

func errTexts(errs []*csvio.RowError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}

// TestCellDecimalEqualsParse generates cells of digits, points, signs,
// separators and units and checks that cellDecimal, which builds plain
// texts without parsing (exact.Plain) and interns short ones, gives for
// each what performance.ParseAmount and ParseNumber give: the decimal,
// coefficient and exponent alike, or the same error.
func TestCellDecimalEqualsParse(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 5))
	pieces := []string{"0", "1", "2", "5", "9", "00", "123", "999999999", ".", "-", "+", ",", " ", "万元", "元", "１", "e"}
	parsers := map[string]func(string) (decimal.Decimal, error){"ParseAmount": performance.ParseAmount, "ParseNumber": performance.ParseNumber}
	plain := 0
	for name, parse := range parsers {
		var known intern.Decimals
		for range 20000 {
			var b strings.Builder
			for range 1 + r.IntN(5) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			text := b.String()
			if _, _, ok := exact.Plain([]byte(text)); ok {
				plain++
			}
			want, wantErr := parse(text)
			got, gotErr := cellDecimal([]byte(text), &known, parse)
			if wantErr != nil {
				require.Error(t, gotErr, "%s(%q)", name, text)
				require.Equal(t, wantErr.Error(), gotErr.Error(), "%s(%q)", name, text)
				continue
			}
			require.NoError(t, gotErr, "%s(%q)", name, text)
			require.True(t, got.Coefficient().Cmp(want.Coefficient()) == 0 && got.Exponent() == want.Exponent(),
				"%s(%q): cellDecimal gives %s×10^%d, the parser %s×10^%d", name, text, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
		}
	}
	assert.Greater(t, plain, 2000, "plain texts generated")
}
