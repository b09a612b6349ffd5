package monitoring

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// ErrHeader is returned (inside a *ParseError) when a records file lacks a
// required column.
var ErrHeader = errors.New("monitoring: bad header")

// ErrMissingProject is returned (inside a *ParseError, column project_id)
// for a row with an empty project ID.
var ErrMissingProject = errors.New("monitoring: the record has no project ID")

// ErrOutOfYear is returned (inside a *ParseError, column date) by
// [ReadRecordsIn] for a row dated outside its fiscal year.
var ErrOutOfYear = errors.New("monitoring: payment date outside the fiscal year")

// ErrFieldCount is returned (inside a *ParseError) for a row with more or
// fewer fields than the header, such as P3,2021-03-25,12,34 where an
// unquoted thousands separator splits the amount: the row is rejected
// rather than read as 12 yuan.
var ErrFieldCount = errors.New("monitoring: wrong number of fields")

// A RowError is a records- or forms-file row that cannot be read: the
// library's one CSV row error (internal/csvio/scan.RowError, shaped like
// encoding/csv's RowError; history.CSVError is the same type).
//
// Line is the 1-based line of the row in the file (where it starts, for a
// row that spans lines; the message then names the line of the problem).
// Field names the column at fault (project_id, date, amount), or is empty
// when the whole row is at fault. Index is the 1-based position of the
// field at fault in the row, as a spreadsheet numbers columns: for a wrong
// number of fields, the first field beyond the header's, or the first one
// missing; zero when unknown. Column is the 1-based character column in
// Line of a syntax or encoding problem (a stray quote, an invalid byte),
// zero for other problems. Err is the cause, such as ErrHeader or
// ErrFieldCount. Its text is "monitoring: line N, column C: cause" (or
// "field F" when the field has no column name), Prefix "monitoring".
type RowError = scan.RowError

// parseErrorCode returns the stable problem code a ledger reports for a
// row that cannot be read.
func parseErrorCode(e *RowError) string {
	switch {
	case errors.Is(e.Err, ErrFieldCount):
		return "field_count"
	case errors.Is(e.Err, ErrHeader):
		return "bad_header"
	case errors.Is(e.Err, scan.ErrEncoding):
		return "bad_encoding"
	case errors.Is(e.Err, ErrMissingProject):
		return "missing_project"
	case errors.Is(e.Err, scan.ErrInvisible):
		return "invisible_character"
	case errors.Is(e.Err, ErrOutOfYear):
		return "out_of_year"
	case e.Field == "date":
		return "bad_date"
	case e.Field == "amount":
		return "bad_amount"
	}
	return "bad_row"
}

// ReadRecords streams execution records from CSV in UTF-8 with a header row
// naming the columns project_id, date (YYYY-MM-DD), amount (yuan, such as
// 1234.50 or 1,234.50元) and optionally classification, in any order. Rows
// are read one at a time, so memory does not grow with the file (one row
// is at most 64 MiB). A bad row is yielded as a *ParseError and reading
// goes on at the next line: a stray or unmatched quote, bytes that are not
// valid UTF-8 (or U+FFFD), a row with more or fewer fields than the header
// ([ErrFieldCount]), which is never read in part, or a bad value. A quoted
// field that never closes rejects the row it opens on, not the rows after
// it. A row with an empty project ID is rejected too ([ErrMissingProject]),
// and one whose project ID or classification holds an invisible character
// (a Unicode format character such as a byte order mark, U+FEFF, or a
// zero-width space, U+200B), which would make "P2" and "\ufeffP2" two
// projects; the message names the column and the code point. A byte order
// mark is dropped at the start of the input only.
// A bad header or a read failure is yielded once and ends the stream.
func ReadRecords(r io.Reader) iter.Seq2[Record, error] { return ReadRecordsIn(r, 0) }

// ReadRecordsIn is [ReadRecords] for fiscal year year: a row dated outside
// it is rejected as a *ParseError with its line (column date,
// [ErrOutOfYear]) rather than left for a [Ledger] to reject by position.
// Year 0 takes any date.
func ReadRecordsIn(r io.Reader, year int) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		sr := scan.NewReader(r)
		sr.ReuseRecord = true
		head, _, err := sr.Read()
		if err != nil {
			var re *scan.RowError
			switch {
			case err == io.EOF:
				err = &RowError{Prefix: "monitoring", Line: 1, Err: fmt.Errorf("%w: empty input", ErrHeader)}
			case errors.As(err, &re):
				err = &RowError{Prefix: "monitoring", Line: re.Line, Column: re.Column, Err: fmt.Errorf("%w: %w", ErrHeader, re.Err)}
			default:
				err = &RowError{Prefix: "monitoring", Err: err}
			}
			yield(Record{}, err)
			return
		}
		col := map[string]int{"project_id": -1, "date": -1, "amount": -1, "classification": -1}
		for i, h := range head {
			h = strings.TrimSpace(h)
			if _, ok := col[h]; ok {
				col[h] = i
			}
		}
		for _, c := range []string{"project_id", "date", "amount"} {
			if col[c] < 0 {
				yield(Record{}, &RowError{Prefix: "monitoring", Line: 1, Field: c, Err: fmt.Errorf("%w: missing column %s", ErrHeader, c)})
				return
			}
		}
		cols := columns{id: col["project_id"], date: col["date"], amount: col["amount"], class: col["classification"], year: year}
		for {
			row, line, err := sr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var re *scan.RowError
				if !errors.As(err, &re) {
					yield(Record{}, &RowError{Prefix: "monitoring", Err: err})
					return
				}
				if !yield(Record{}, rowError(re)) {
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

// rowError is the ParseError of a row the CSV reader rejected.
func rowError(re *scan.RowError) *RowError {
	var fc *scan.FieldCountError
	if errors.As(re.Err, &fc) {
		return &RowError{Prefix: "monitoring", Line: re.Line, Index: re.Index,
			Err: fmt.Errorf("%w: %d, the header has %d", ErrFieldCount, fc.Got, fc.Want)}
	}
	if re.Line != re.StartLine {
		return &RowError{Prefix: "monitoring", Line: re.StartLine, Index: re.Index,
			Err: fmt.Errorf("%w at line %d, character %d", re.Err, re.Line, re.Column)}
	}
	return &RowError{Prefix: "monitoring", Line: re.Line, Index: re.Index, Column: re.Column,
		Err: fmt.Errorf("%w at character %d", re.Err, re.Column)}
}

// columns are the positions of the fields in a row; class is −1 when the
// file has no classification column. year, when not 0, is the fiscal year
// dates must be in.
type columns struct{ id, date, amount, class, year int }

// parse reads a row of the header's length.
func (c columns) parse(row []string, line int) (Record, error) {
	rec := Record{ProjectID: strings.TrimSpace(row[c.id])}
	if rec.ProjectID == "" {
		return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "project_id", Index: c.id + 1, Err: ErrMissingProject}
	}
	if err := scan.CheckCode(rec.ProjectID); err != nil {
		return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "project_id", Index: c.id + 1, Err: err}
	}
	if c.class >= 0 {
		rec.Classification = strings.TrimSpace(row[c.class])
		if err := scan.CheckCode(rec.Classification); err != nil {
			return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "classification", Index: c.class + 1, Err: err}
		}
	}
	ds := strings.TrimSpace(row[c.date])
	d, err := time.Parse(time.DateOnly, ds)
	if err != nil {
		return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "date", Index: c.date + 1, Err: fmt.Errorf("date %q is not YYYY-MM-DD", ds)}
	}
	if c.year != 0 && d.Year() != c.year {
		return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "date", Index: c.date + 1, Err: fmt.Errorf("%w: %s is not in %d", ErrOutOfYear, ds, c.year)}
	}
	rec.Date = d
	s := strings.TrimSpace(row[c.amount])
	a, ok := plainAmount(s)
	if !ok {
		a, err = performance.ParseDecimal(s)
		if errors.Is(err, performance.ErrLimit) { // "1e999999999": no fallback
			return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "amount", Index: c.amount + 1, Err: err}
		}
		if err != nil || strings.ContainsAny(s, "eE") {
			a, err = performance.ParseAmount(s)
			if err != nil {
				return Record{}, &RowError{Prefix: "monitoring", Line: line, Field: "amount", Index: c.amount + 1, Err: err}
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
