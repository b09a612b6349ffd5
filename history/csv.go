package history

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// RecordColumns returns the columns of the CSV records file, in the order
// CSVWriter writes them. ReadCSV accepts them in any order; only
// fiscal_year, project_id, unit_id and amount are required, and a missing
// month m01…m12 spent nothing. It returns a fresh slice.
func RecordColumns() []string {
	return []string{
		"fiscal_year", "project_id", "name", "unit_id", "kind", "new", "category", "basis", "content",
		"period_start", "period_end", "total_investment", "invested_to_date", "amount", "fund_source", "round",
		"initial_budget", "adjusted_budget",
		"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11", "m12",
		"continuing", "evaluation_source", "score", "attainment", "carry_over", "requested", "goals", "experts",
	}
}

// CostLineColumns returns the columns of the CSV cost-lines file. It
// returns a fresh slice.
func CostLineColumns() []string {
	return []string{"fiscal_year", "project_id", "item", "specification", "quantity", "unit", "unit_price", "amount", "standard_id"}
}

// A CSVError is a row of a CSV file that cannot be read. Line is 1-based.
type CSVError struct {
	File   string
	Line   int
	Column string
	Err    error
}

// Error returns the file, line and column with the problem.
func (e *CSVError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("history: %s line %d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("history: %s line %d, column %s: %v", e.File, e.Line, e.Column, e.Err)
}

// Unwrap returns the cause, which wraps ErrRecord.
func (e *CSVError) Unwrap() error { return e.Err }

type csvTable struct {
	name string
	r    *csv.Reader
	col  map[string]int
	line int
}

func newCSVTable(name string, r io.Reader, required []string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		return nil, &CSVError{File: name, Line: 1, Err: fmt.Errorf("%w: header: %w", ErrRecord, err)}
	}
	t := &csvTable{name: name, r: cr, col: map[string]int{}, line: 1}
	for i, h := range head {
		t.col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, &CSVError{File: name, Line: 1, Column: c, Err: fmt.Errorf("%w: missing column", ErrRecord)}
		}
	}
	return t, nil
}

// row is one CSV row with typed accessors that remember the first problem.
type row struct {
	t      *csvTable
	fields []string
	err    error
}

func (t *csvTable) next() (*row, error) {
	f, err := t.r.Read()
	if err != nil {
		return nil, err
	}
	t.line++
	return &row{t: t, fields: f}, nil
}

func (r *row) str(c string) string {
	i, ok := r.t.col[c]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// code returns an identifier cell, failing the row when it holds an
// invisible character (scan.CheckCode).
func (r *row) code(c string) string {
	s := r.str(c)
	if err := scan.CheckCode(s); err != nil {
		r.fail(c, err)
	}
	return s
}

func (r *row) fail(c string, err error) {
	if r.err == nil {
		r.err = &CSVError{File: r.t.name, Line: r.t.line, Column: c, Err: fmt.Errorf("%w: %w", ErrRecord, err)}
	}
}

func (r *row) dec(c string) decimal.Decimal {
	s := r.str(c)
	if s == "" {
		return decimal.Decimal{}
	}
	d, err := performance.ParseNumber(s)
	if err != nil {
		r.fail(c, err)
	}
	return d
}

// maxInt bounds the whole-number cells (fiscal_year, round).
const maxInt = 1_000_000_000

func (r *row) int(c string) int {
	s := r.str(c)
	if s == "" {
		return 0
	}
	d, err := performance.ParseNumber(s)
	if err == nil && (!d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(maxInt))) {
		err = fmt.Errorf("%q is not a whole number up to %d", s, maxInt)
	}
	if err != nil {
		r.fail(c, err)
		return 0
	}
	return int(d.IntPart())
}

func (r *row) bool(c string) bool {
	switch strings.ToLower(r.str(c)) {
	case "", "false", "0", "否":
		return false
	case "true", "1", "是":
		return true
	}
	r.fail(c, fmt.Errorf("%q is not a boolean", r.str(c)))
	return false
}

func (r *row) json(c string, v any) {
	if s := r.str(c); s != "" {
		if err := performance.DecodeJSON([]byte(s), v, true); err != nil {
			r.fail(c, err)
		}
	}
}

func (r *row) month(c string) performance.Month {
	var m performance.Month
	if s := r.str(c); s != "" {
		if err := m.UnmarshalText([]byte(s)); err != nil {
			r.fail(c, err)
		}
	}
	return m
}

func (r *row) key() Key { return Key{ProjectID: r.str("project_id"), FiscalYear: r.int("fiscal_year")} }

// ReadCSV streams records from the CSV layout: a records file with one row
// per project and year (RecordColumns) and a cost-lines file with the lines
// of each record (CostLineColumns), listed together and in the order of the
// records file. Goals and expert sheets, when given, are JSON in their
// columns (the layout of goals.Tree and []evaluation.Expert). Recorded
// decisions have no CSV form: replay CSV histories and record with JSON.
// A bad row is yielded as a *CSVError and reading goes on; a bad header
// ends the stream.
func ReadCSV(records, costLines io.Reader) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		rt, err := newCSVTable("records", records, []string{"fiscal_year", "project_id", "unit_id", "amount"})
		if err != nil {
			yield(nil, err)
			return
		}
		var lt *csvTable
		var pending *row
		if costLines != nil {
			if lt, err = newCSVTable("cost_lines", costLines, []string{"fiscal_year", "project_id", "amount"}); err != nil {
				yield(nil, err)
				return
			}
		}
		for {
			r, err := rt.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if !yield(nil, &CSVError{File: "records", Line: rt.line + 1, Err: fmt.Errorf("%w: %w", ErrRecord, err)}) {
					return
				}
				continue
			}
			rec := recordFromRow(r)
			// Take this record's cost lines.
			for lt != nil {
				if pending == nil {
					l, err := lt.next()
					if errors.Is(err, io.EOF) {
						lt = nil
						break
					}
					if err != nil {
						if !yield(nil, &CSVError{File: "cost_lines", Line: lt.line + 1, Err: fmt.Errorf("%w: %w", ErrRecord, err)}) {
							return
						}
						continue
					}
					pending = l
				}
				if pending.key() != rec.Key() {
					break
				}
				rec.Project.CostLines = append(rec.Project.CostLines, performance.CostLine{
					Item: pending.str("item"), Specification: pending.str("specification"), Quantity: pending.dec("quantity"),
					Unit: pending.str("unit"), UnitPrice: pending.dec("unit_price"), Amount: pending.dec("amount"),
					StandardID: pending.code("standard_id"),
				})
				if pending.err != nil && r.err == nil {
					r.err = pending.err
				}
				pending = nil
			}
			if r.err != nil {
				if !yield(nil, r.err) {
					return
				}
				continue
			}
			if !yield(rec, nil) {
				return
			}
		}
		if pending != nil || lt != nil {
			// Lines left over belong to no record, or are out of order.
			for {
				if pending != nil {
					if !yield(nil, &CSVError{File: "cost_lines", Line: pending.t.line, Err: fmt.Errorf("%w: line of %s %d matches no record in order", ErrRecord, pending.str("project_id"), pending.int("fiscal_year"))}) {
						return
					}
					pending = nil
				}
				if lt == nil {
					return
				}
				l, err := lt.next()
				if err != nil {
					return
				}
				pending = l
			}
		}
	}
}

func recordFromRow(r *row) *Record {
	rec := &Record{Round: r.int("round")}
	p := &rec.Project
	p.FiscalYear, p.ID = r.int("fiscal_year"), r.code("project_id")
	p.Name, p.UnitID, p.Kind = r.str("name"), r.code("unit_id"), performance.Kind(r.str("kind"))
	p.New, p.Category, p.Basis, p.Content = r.bool("new"), r.str("category"), r.str("basis"), r.str("content")
	p.Period = performance.Period{Start: r.month("period_start"), End: r.month("period_end")}
	p.TotalInvestment, p.InvestedToDate, p.Amount = r.dec("total_investment"), r.dec("invested_to_date"), r.dec("amount")
	p.FundSource = r.str("fund_source")
	rec.Execution.Initial, rec.Execution.Adjusted = r.dec("initial_budget"), r.dec("adjusted_budget")
	last := 0
	months := make([]decimal.Decimal, 12)
	for m := range 12 {
		c := fmt.Sprintf("m%02d", m+1)
		if r.str(c) != "" {
			months[m] = r.dec(c)
			last = m + 1
		}
	}
	rec.Execution.Monthly = months[:last]
	rec.Execution.Continuing = r.bool("continuing")
	rec.Evaluation = Evaluation{Source: r.str("evaluation_source"), Score: r.dec("score"), Attainment: r.dec("attainment")}
	rec.CarryOver, rec.Requested = r.dec("carry_over"), r.dec("requested")
	if r.str("goals") != "" {
		rec.Goals = new(goals.Tree)
		r.json("goals", rec.Goals)
	}
	if r.str("experts") != "" {
		r.json("experts", &rec.Experts)
	}
	return rec
}

// CSVWriter writes records in the CSV layout ReadCSV reads: a records file
// and a cost-lines file. Decisions are not written.
type CSVWriter struct {
	records, lines *csv.Writer
	started        bool
}

// NewCSVWriter returns a writer of the two files. Call Flush when done.
func NewCSVWriter(records, costLines io.Writer) *CSVWriter {
	return &CSVWriter{records: csv.NewWriter(records), lines: csv.NewWriter(costLines)}
}

// Write writes one record and its cost lines.
func (w *CSVWriter) Write(r *Record) error {
	if !w.started {
		w.started = true
		if err := w.records.Write(RecordColumns()); err != nil {
			return err
		}
		if err := w.lines.Write(CostLineColumns()); err != nil {
			return err
		}
	}
	p := &r.Project
	str := func(d decimal.Decimal) string { return d.String() }
	row := []string{strconv.Itoa(p.FiscalYear), p.ID, p.Name, p.UnitID, string(p.Kind), strconv.FormatBool(p.New), p.Category, p.Basis, p.Content,
		monthText(p.Period.Start), monthText(p.Period.End), str(p.TotalInvestment), str(p.InvestedToDate), str(p.Amount), p.FundSource,
		strconv.Itoa(r.Round), str(r.Execution.Initial), str(r.Execution.Adjusted)}
	for m := range 12 {
		if m < len(r.Execution.Monthly) {
			row = append(row, str(r.Execution.Monthly[m]))
		} else {
			row = append(row, "")
		}
	}
	row = append(row, strconv.FormatBool(r.Execution.Continuing), r.Evaluation.Source, str(r.Evaluation.Score), str(r.Evaluation.Attainment),
		str(r.CarryOver), str(r.Requested), jsonText(r.Goals), jsonText(r.Experts))
	if err := w.records.Write(row); err != nil {
		return err
	}
	for _, l := range p.CostLines {
		if err := w.lines.Write([]string{strconv.Itoa(p.FiscalYear), p.ID, l.Item, l.Specification, str(l.Quantity), l.Unit,
			str(l.UnitPrice), str(l.Amount), l.StandardID}); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes any buffered data of both files.
func (w *CSVWriter) Flush() error {
	w.records.Flush()
	w.lines.Flush()
	return errors.Join(w.records.Error(), w.lines.Error())
}

func monthText(m performance.Month) string {
	b, err := m.MarshalText()
	if err != nil {
		return ""
	}
	return string(b)
}

func jsonText(v any) string {
	switch x := v.(type) {
	case *goals.Tree:
		if x == nil {
			return ""
		}
	case []evaluation.Expert:
		if len(x) == 0 {
			return ""
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
