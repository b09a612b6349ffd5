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
		field := func(row []string, c string) string {
			if i := col[c]; i >= 0 {
				return strings.TrimSpace(row[i]) // len(row) == len(head) > i
			}
			return ""
		}
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

			rec, perr := parseRow(row, field, line, col)
			if !yield(rec, perr) {
				return
			}
		}
	}
}

func parseRow(row []string, field func([]string, string) string, line int, col map[string]int) (Record, error) {
	rec := Record{ProjectID: field(row, "project_id"), Classification: field(row, "classification")}
	d, err := time.Parse(time.DateOnly, field(row, "date"))
	if err != nil {
		return Record{}, &ParseError{Line: line, Column: "date", Field: col["date"] + 1, Err: fmt.Errorf("date %q is not YYYY-MM-DD", field(row, "date"))}
	}
	rec.Date = d
	s := field(row, "amount")
	a, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		a, err = performance.ParseAmount(s)
		if err != nil {
			return Record{}, &ParseError{Line: line, Column: "amount", Field: col["amount"] + 1, Err: err}
		}
	}
	rec.Amount = a
	return rec, nil
}
