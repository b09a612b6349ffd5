package monitoring

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// ErrHeader is returned (inside a *ParseError) when a records file lacks a
// required column.
var ErrHeader = errors.New("monitoring: bad header")

// ErrFieldCount is returned (inside a *ParseError) for a row with more or
// fewer fields than the header, such as P3,2021-03-25,12,34 where an
// unquoted thousands separator splits the amount: the row is rejected
// rather than read as 12 yuan.
var ErrFieldCount = errors.New("monitoring: wrong number of fields")

// A ParseError is a records-file row that cannot be read.
type ParseError struct {
	// Line is the 1-based line of the row in the file.
	Line int
	// Column names the field at fault (project_id, date, amount), or is
	// empty when the whole row is at fault.
	Column string
	// Field is the 1-based position of the field at fault in the row, as a
	// spreadsheet numbers columns: for a wrong number of fields, the first
	// field beyond the header's, or the first one missing. Zero when unknown.
	Field int
	// Err is the cause, such as ErrHeader or ErrFieldCount.
	Err error
}

// Error returns "monitoring: line N, column C: cause" (or "field F" when the
// field has no column name).
func (e *ParseError) Error() string {
	switch {
	case e.Column != "":
		return fmt.Sprintf("monitoring: line %d, column %s: %v", e.Line, e.Column, e.Err)
	case e.Field > 0:
		return fmt.Sprintf("monitoring: line %d, field %d: %v", e.Line, e.Field, e.Err)
	}
	return fmt.Sprintf("monitoring: line %d: %v", e.Line, e.Err)
}

// code returns the stable problem code a ledger reports for a row that
// cannot be read.
func (e *ParseError) code() string {
	switch {
	case errors.Is(e.Err, ErrFieldCount):
		return "field_count"
	case errors.Is(e.Err, ErrHeader):
		return "bad_header"
	case e.Column == "date":
		return "bad_date"
	case e.Column == "amount":
		return "bad_amount"
	}
	return "bad_row"
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// ReadRecords streams execution records from CSV in UTF-8 with a header row
// naming the columns project_id, date (YYYY-MM-DD), amount (yuan, such as
// 1234.50 or 1,234.50元) and optionally classification, in any order. Rows
// are read one at a time, so memory does not grow with the file. A bad row
// is yielded as a *ParseError and reading goes on: among them a row with
// more or fewer fields than the header ([ErrFieldCount]), which is never
// read in part. A bad header or a read failure is yielded once and ends the
// stream.
func ReadRecords(r io.Reader) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		cr := csv.NewReader(r)
		cr.ReuseRecord = true
		cr.FieldsPerRecord = -1 // checked below, to say which field is at fault
		head, err := cr.Read()
		if err != nil {
			if err == io.EOF {
				err = fmt.Errorf("%w: empty input", ErrHeader)
			}
			yield(Record{}, &ParseError{Line: 1, Err: err})
			return
		}
		col := map[string]int{"project_id": -1, "date": -1, "amount": -1, "classification": -1}
		for i, h := range head {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			if _, ok := col[h]; ok {
				col[h] = i
			}
		}
		for _, c := range []string{"project_id", "date", "amount"} {
			if col[c] < 0 {
				yield(Record{}, &ParseError{Line: 1, Column: c, Err: fmt.Errorf("%w: missing column %s", ErrHeader, c)})
				return
			}
		}
		cols := columns{id: col["project_id"], date: col["date"], amount: col["amount"], class: col["classification"]}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					if !yield(Record{}, &ParseError{Line: pe.Line, Err: err}) {
						return
					}
					continue
				}
				yield(Record{}, &ParseError{Err: err})
				return
			}
			line, _ := cr.FieldPos(0) // safe: the read succeeded
			if len(row) != len(head) {
				err := &ParseError{Line: line, Field: min(len(row), len(head)) + 1,
					Err: fmt.Errorf("%w: %d, the header has %d", ErrFieldCount, len(row), len(head))}
				if !yield(Record{}, err) {
					return
				}
				continue
			}

			rec, perr := cols.parse(row, line)
			if !yield(rec, perr) {
				return
			}
		}
	}
}

// columns are the positions of the fields in a row; class is −1 when the
// file has no classification column.
type columns struct{ id, date, amount, class int }

// parse reads a row of the header's length.
func (c columns) parse(row []string, line int) (Record, error) {
	rec := Record{ProjectID: strings.TrimSpace(row[c.id])}
	if c.class >= 0 {
		rec.Classification = strings.TrimSpace(row[c.class])
	}
	ds := strings.TrimSpace(row[c.date])
	d, err := time.Parse(time.DateOnly, ds)
	if err != nil {
		return Record{}, &ParseError{Line: line, Column: "date", Field: c.date + 1, Err: fmt.Errorf("date %q is not YYYY-MM-DD", ds)}
	}
	rec.Date = d
	s := strings.TrimSpace(row[c.amount])
	a, ok := plainAmount(s)
	if !ok {
		a, err = performance.ParseDecimal(s)
		if errors.Is(err, performance.ErrLimit) { // "1e999999999": no fallback
			return Record{}, &ParseError{Line: line, Column: "amount", Field: c.amount + 1, Err: err}
		}
		if err != nil || strings.ContainsAny(s, "eE") {
			a, err = performance.ParseAmount(s)
			if err != nil {
				return Record{}, &ParseError{Line: line, Column: "amount", Field: c.amount + 1, Err: err}
			}
		}
	}
	rec.Amount = a
	return rec, nil
}

// plainAmount reads the common form of an amount, an optional minus sign,
// digits and optionally a point and more digits (at most 18 digits in
// all), as the decimal decimal.NewFromString gives (same coefficient and
// exponent) with one allocation instead of several. Any other form
// reports false and is left to the general parsers.
func plainAmount(s string) (decimal.Decimal, bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var v int64
	digits, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			v = v*10 + int64(ch-'0')
			digits++
			if point {
				frac++
			}
		case ch == '.' && !point && digits > 0:
			point = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || digits > 18 || point && frac == 0 {
		return decimal.Decimal{}, false
	}
	if neg {
		v = -v
	}
	return decimal.New(v, -int32(frac)), true
}
