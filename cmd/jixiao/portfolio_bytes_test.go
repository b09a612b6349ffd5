package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/performance"
)

// costLineReference reads a cost line as the reader first did, from its
// cells as strings, each amount and quantity parsed by ParseAmount and
// ParseNumber: the reference costCols.line, which reads bytes, interns
// and builds plain decimals without parsing, must agree with.
func costLineReference(c *costCols, r csvio.Row) (performance.CostLine, []*csvio.RowError) {
	var errs []*csvio.RowError
	l := performance.CostLine{Item: r.At(c.item), Specification: r.At(c.specification), Unit: r.At(c.unit),
		StandardID: r.At(c.standardID)}
	if l.Item == "" {
		errs = append(errs, r.ErrAt(c.item, errors.New("empty")))
	}
	if v := r.At(c.quantity); v != "" {
		q, err := performance.ParseNumber(v)
		if err != nil {
			errs = append(errs, r.ErrAt(c.quantity, fmt.Errorf("%q is not a number: %w", v, err)))
		}
		l.Quantity = q
	}
	amount := func(col csvio.Col, required bool) decimal.Decimal {
		v := r.At(col)
		if v == "" {
			if required {
				errs = append(errs, r.ErrAt(col, errors.New("empty")))
			}
			return decimal.Decimal{}
		}
		d, err := performance.ParseAmount(v)
		if err != nil {
			errs = append(errs, r.ErrAt(col, err))
		}
		return d
	}
	l.UnitPrice = amount(c.unitPrice, false)
	l.Amount = amount(c.amount, true)
	return l, errs
}

// sameDecimal reports whether two decimals are the same, coefficient and
// exponent (1.0 is not 1.00).
func sameDecimal(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// costLineCells are the cells of generated cost lines: texts short and
// long (over intern.MaxString), with spaces around them and Chinese,
// amounts plain, grouped, in 万元 and bad, quoted or not.
var costLineCells = [][]string{
	{"设备维护", " 物业管理 ", "", "a", "一项名字相当长的测算项目（含说明）", "\"x,y\""},
	{"第1项", "", "规格说明写得很长很长的一段文字", " s "},
	{"19", "", "0", "-3", "1,234", "１２", "1,5", "x", "00012", "1.50"},
	{"项", "平方米·年", "", "一个很长的计量单位名称"},
	{"124279.00", "", "0", "\"1,234.50\"", "12.5万元", "-0.10", "1e3", "999999999999999999"},
	{"2361301.00", "", "0", "3.5亿元", "\"12,34\"", "-17.00", "5,930,252.80"},
	{"", "ZJ15", "标准编码甲乙丙丁戊己庚"},
}

// costLinesText generates a cost-lines file of n rows for projects P0…P8,
// with a few unreadable rows (a stray quote, a wrong number of fields,
// invalid UTF-8, an invisible character in a code) and blank lines.
func costLinesText(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 99))
	var b strings.Builder
	b.WriteString("project_id,item,specification,quantity,unit,unit_price,amount,standard_id\n")
	for i := range n {
		switch r.IntN(25) {
		case 0:
			fmt.Fprintf(&b, "P%d,a\"b,x,1,项,1,1,\n", i%9)
			continue
		case 1:
			fmt.Fprintf(&b, "P%d,a,1\n", i%9)
			continue
		case 2:
			fmt.Fprintf(&b, "P%d,a\xff,x,1,项,1,1,\n", i%9)
			continue
		case 3:
			fmt.Fprintf(&b, "P\u200b%d,a,x,1,项,1,1,\n", i%9)
			continue
		case 4:
			b.WriteString(",,,,,,,\n\n")
			continue
		}
		id := fmt.Sprintf("P%d", r.IntN(10)) // P9 is no project
		if r.IntN(30) == 0 {
			id = ""
		}
		b.WriteString(id)
		for _, cells := range costLineCells {
			b.WriteString("," + cells[r.IntN(len(cells))])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCostLinesBytesEqualStrings reads generated cost lines as bytes
// (csvio.Reader.NextBytes, costCols.line) and as strings
// (csvio.Reader.Next, costLineReference), each row compared before the
// next is read, and checks the lines (texts, and decimals coefficient and
// exponent alike) and the errors (file:line:column and message) agree.
func TestCostLinesBytesEqualStrings(t *testing.T) {
	for seed := range uint64(10) {
		text := costLinesText(seed, 400)
		open := func() *csvio.Reader {
			r, err := csvio.NewReader("cost_lines.csv", strings.NewReader(text), csvio.UTF8, costLinesSchema)
			require.NoError(t, err)
			r.ReuseRecord()
			return r
		}
		rs, rb := open(), open()
		cs, cb := costColsOf(rs.Col), costColsOf(rb.Col)
		read, bad := 0, 0
		for i := 0; ; i++ {
			ctx := fmt.Sprintf("seed %d row %d", seed, i)
			srow, serr := rs.Next()
			brow, berr := rb.NextBytes()
			if serr != nil {
				require.Error(t, berr, ctx)
				require.Equal(t, serr.Error(), berr.Error(), ctx)
				if errors.Is(serr, io.EOF) {
					break
				}
				continue
			}
			require.NoError(t, berr, ctx)
			want, wantErrs := costLineReference(cs, srow)
			got, gotErrs := cb.line(brow)
			read++
			if len(wantErrs) > 0 {
				bad++
			}
			require.Equal(t, errTexts(wantErrs), errTexts(gotErrs), ctx)
			require.Equal(t, [4]string{want.Item, want.Specification, want.Unit, want.StandardID},
				[4]string{got.Item, got.Specification, got.Unit, got.StandardID}, ctx)
			for _, d := range [][2]decimal.Decimal{{want.Quantity, got.Quantity}, {want.UnitPrice, got.UnitPrice}, {want.Amount, got.Amount}} {
				require.True(t, sameDecimal(d[0], d[1]), "%s: got %s (exponent %d), want %s (exponent %d)", ctx, d[1], d[1].Exponent(), d[0], d[0].Exponent())
			}
		}
		require.Positive(t, bad, "seed %d: rows with bad cells", seed)
		require.Greater(t, read, bad, "seed %d: good rows", seed)
	}
}

// TestPortfolioCSVBytesEqualStrings reads generated portfolios, with bad
// project rows, cost lines of unknown and rejected projects and
// unreadable rows, with the cost lines read as bytes and as strings
// (csvInput.stringRows), and checks the submissions (as JSON, where a
// decimal keeps its exponent), the lines they came from, the counts and
// every rejected row's error (file:line:column and message) agree.
func TestPortfolioCSVBytesEqualStrings(t *testing.T) {
	for seed := range uint64(6) {
		dir := t.TempDir()
		var p strings.Builder
		p.WriteString("project_id,name,kind,amount,round\n")
		for i := range 9 {
			amount := []string{"100.00", "\"12,34\"", "2361301.00", "3.5万元"}[(i+int(seed))%4]
			fmt.Fprintf(&p, "P%d,项目%d,one_off,%s,\n", i, i, amount)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, projectsCSV), []byte(p.String()), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, costLinesCSV), []byte(costLinesText(seed, 300)), 0o644))
		name := filepath.Join(dir, projectsCSV)
		read := func(stringRows bool) (string, []rowLines, csvio.Tally) {
			subs, lines, tally, err := readPortfolioCSVLines(name, csvInput{stringRows: stringRows})
			require.NoError(t, err)
			data, err := json.Marshal(subs)
			require.NoError(t, err)
			return string(data), lines, *tally
		}
		want, wantLines, wantTally := read(true)
		got, gotLines, gotTally := read(false)
		require.Positive(t, wantTally.Rejected, "seed %d: rejected rows", seed)
		assert.Equal(t, want, got, "seed %d: submissions", seed)
		assert.Equal(t, wantLines, gotLines, "seed %d: lines", seed)
		assert.Equal(t, [3]int{wantTally.Read, wantTally.Accepted, wantTally.Rejected},
			[3]int{gotTally.Read, gotTally.Accepted, gotTally.Rejected}, "seed %d: read, accepted, rejected", seed)
		assert.Equal(t, errTexts(wantTally.Errors), errTexts(gotTally.Errors), "seed %d: errors", seed)
		assert.Contains(t, strings.Join(errTexts(gotTally.Errors), "\n"), filepath.Join(dir, costLinesCSV)+":", "seed %d", seed)
	}
}
