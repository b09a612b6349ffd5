package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/csvio"
)

// defectiveCostLines returns a generated cost-lines file of n rows, some
// of them unreadable (a stray or unclosed quote, a wrong number of fields,
// invalid UTF-8, an invisible character in a code) and some readable with
// a bad cell (an empty item, a bad amount), the rest good.
func defectiveCostLines(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 10))
	var b strings.Builder
	b.WriteString("project_id,item,specification,quantity,unit,unit_price,amount,standard_id\n")
	for i := range n {
		row := fmt.Sprintf("P%d,设备维护,第%d项,%d,项,12.00,%d.00,", i%9, i%5, i%7, 12*(i%7))
		switch r.IntN(12) {
		case 0:
			row = fmt.Sprintf("P%d,a\"b,x,1,项,1,1,", i)
		case 1:
			row = fmt.Sprintf("P%d,\"open,x,1,项,1,1,", i)
		case 2:
			row = fmt.Sprintf("P%d,a,1", i)
		case 3:
			row = fmt.Sprintf("P%d,a\xff,x,1,项,1,1,", i)
		case 4:
			row = fmt.Sprintf("P\u200b%d,a,x,1,项,1,1,", i)
		case 5:
			row = fmt.Sprintf("P%d,,x,1,项,1,1,", i)
		case 6:
			row = fmt.Sprintf("P%d,a,x,1,项,1,\"12,34\",", i)
		}
		b.WriteString(row + "\n")
	}
	return b.String()
}

// eachRowReference is eachRow as it was first written, taking an
// errors.As target for every record: the reference the faster eachRow
// must agree with.
func eachRowReference(next func() (csvio.Row, error), tally *csvio.Tally, strict bool, use func(csvio.Row) []*csvio.RowError) error {
	for {
		row, err := next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var errs []*csvio.RowError
		var re *csvio.RowError
		switch {
		case errors.As(err, &re):
			errs = []*csvio.RowError{re}
		case err != nil:
			return err
		default:
			errs = use(row)
		}
		tally.Read++
		if len(errs) == 0 {
			tally.Accept()
			continue
		}
		tally.Reject(errs...)
		if strict {
			return errs[0]
		}
	}
}

// TestEachRowEqualsReference reads generated cost lines with unreadable
// and rejected rows among good ones through eachRow and through
// eachRowReference, strict and not, and checks the tallies, every row
// error (file:line:column and message) and the returned error agree.
func TestEachRowEqualsReference(t *testing.T) {
	for seed := range uint64(8) {
		text := defectiveCostLines(seed, 300)
		for _, strict := range []bool{false, true} {
			read := func(each func(func() (csvio.Row, error), *csvio.Tally, bool, func(csvio.Row) []*csvio.RowError) error) (csvio.Tally, []string, string) {
				r, err := csvio.NewReader("cost_lines.csv", strings.NewReader(text), csvio.UTF8, costLinesSchema)
				require.NoError(t, err)
				r.ReuseRecord()
				cols := costColsOf(r.Col)
				var tally csvio.Tally
				err = each(r.Next, &tally, strict, func(row csvio.Row) []*csvio.RowError {
					_, errs := cols.line(row)
					return errs
				})
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				return tally, errTexts(tally.Errors), msg
			}
			want, wantErrs, wantErr := read(eachRowReference)
			got, gotErrs, gotErr := read(eachRow)
			require.Positive(t, want.Rejected, "seed %d: the input has bad rows", seed)
			assert.Equal(t, [3]int{want.Read, want.Accepted, want.Rejected}, [3]int{got.Read, got.Accepted, got.Rejected}, "seed %d strict %v: read, accepted, rejected", seed, strict)
			assert.Equal(t, wantErrs, gotErrs, "seed %d strict %v: row errors", seed, strict)
			assert.Equal(t, wantErr, gotErr, "seed %d strict %v: returned error", seed, strict)
		}
	}
}

// TestEachRowGoodRowsAllocate checks that a good row costs eachRow (and
// the reader's Next) no allocation of its own: reading 200 more good
// rows allocates at most one string per row, the record's text.
func TestEachRowGoodRowsAllocate(t *testing.T) {
	file := func(n int) string {
		var b strings.Builder
		b.WriteString("project_id,item,amount\n")
		for i := range n {
			fmt.Fprintf(&b, "P%d,a,1\n", i)
		}
		return b.String()
	}
	allocs := func(text string) float64 {
		return testing.AllocsPerRun(20, func() {
			r, err := csvio.NewReader("cost_lines.csv", strings.NewReader(text), csvio.UTF8, costLinesSchema)
			if err != nil {
				t.Fatal(err)
			}
			r.ReuseRecord()
			var tally csvio.Tally
			if err := eachRow(r.Next, &tally, true, func(csvio.Row) []*csvio.RowError { return nil }); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(file(100)), allocs(file(300))
	perRow := (large - small) / 200
	assert.LessOrEqual(t, perRow, 1.0, "allocations per good row (%v for 100 rows, %v for 300)", small, large)
}
