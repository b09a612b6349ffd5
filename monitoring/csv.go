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

// A ParseError is a records-file row that cannot be read. Line is 1-based;
// Column names the field.
type ParseError struct {
	Line   int
	Column string
	Err    error
}

// Error returns "monitoring: line N, column C: cause".
func (e *ParseError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("monitoring: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("monitoring: line %d, column %s: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// ReadRecords streams execution records from CSV in UTF-8 with a header row
// naming the columns project_id, date (YYYY-MM-DD), amount (yuan, such as
// 1234.50 or 1,234.50元) and optionally classification, in any order. Rows
// are read one at a time, so memory does not grow with the file. A bad row
// is yielded as a *ParseError and reading goes on; a bad header or a read
// failure is yielded once and ends the stream.
func ReadRecords(r io.Reader) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		cr := csv.NewReader(r)
		cr.ReuseRecord = true
		cr.FieldsPerRecord = -1
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
			if i := col[c]; i >= 0 && i < len(row) {
				return strings.TrimSpace(row[i])
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

			rec, perr := parseRow(row, field, line)
			if !yield(rec, perr) {
				return
			}
		}
	}
}

func parseRow(row []string, field func([]string, string) string, line int) (Record, error) {
	rec := Record{ProjectID: field(row, "project_id"), Classification: field(row, "classification")}
	d, err := time.Parse(time.DateOnly, field(row, "date"))
	if err != nil {
		return Record{}, &ParseError{Line: line, Column: "date", Err: fmt.Errorf("date %q is not YYYY-MM-DD", field(row, "date"))}
	}
	rec.Date = d
	s := field(row, "amount")
	a, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		a, err = performance.ParseAmount(s)
		if err != nil {
			return Record{}, &ParseError{Line: line, Column: "amount", Err: err}
		}
	}
	rec.Amount = a
	return rec, nil
}
