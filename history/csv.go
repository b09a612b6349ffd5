package history

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
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
		"continuing", "evaluation_source", "score", "attainment", "carry_over", "requested", "goals", "experts", "host",
		"forms", "rectifications", "goal_versions", "goal_experts", "prior_actuals", "department", "decisions",
		"policy_evaluation",
	}
}

// CostLineColumns returns the columns of the CSV cost-lines file. It
// returns a fresh slice.
func CostLineColumns() []string {
	return []string{"fiscal_year", "project_id", "item", "specification", "quantity", "unit", "unit_price", "amount", "standard_id"}
}

// A CSVError is a row of a CSV file that cannot be read: the library's one
// CSV row error (internal/csvio/scan.RowError, shaped like encoding/csv's
// ParseError; monitoring.RowError is the same type). File names the
// file ("records", "cost_lines", or the name given), Line is the 1-based
// line the row starts on, Field names the column at fault or is empty, and
// Err is the cause, which wraps ErrRecord or ErrRead. Its text is
// "history: FILE line N, column C: cause" (Prefix "history").
type CSVError = scan.RowError

type csvTable struct {
	name string
	r    *scan.Reader
	col  map[string]int
	// dec decodes the table's JSON cells, working out their types' fields
	// once for all its rows.
	dec performance.JSONDecoder
}

func newCSVTable(name string, r io.Reader, required []string) (*csvTable, error) {
	sr := scan.NewReader(r)
	head, _, err := sr.Read()
	if err != nil {
		var re *scan.RowError
		if errors.As(err, &re) {
			err = rowCause(re)
		}
		return nil, &CSVError{Prefix: "history", File: name, Line: 1, Err: fmt.Errorf("%w: header: %w (%w)", ErrRecord, err, ErrRead)}
	}
	t := &csvTable{name: name, r: sr, col: map[string]int{}}
	for i, h := range head {
		t.col[strings.TrimSpace(h)] = i
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, &CSVError{Prefix: "history", File: name, Line: 1, Field: c, Err: fmt.Errorf("%w: missing column (%w)", ErrRecord, ErrRead)}
		}
	}
	return t, nil
}

// rowCause is the cause of a row the CSV splitter rejected, with the
// position the CSVError does not hold.
func rowCause(re *scan.RowError) error {
	if re.Line != re.StartLine {
		return fmt.Errorf("%w at line %d, character %d", re.Err, re.Line, re.Column)
	}
	if errors.Is(re.Err, scan.ErrFieldCount) {
		return re.Err
	}
	return fmt.Errorf("%w at character %d", re.Err, re.Column)
}

// row is one CSV row with typed accessors that remember the first problem.
type row struct {
	t      *csvTable
	line   int
	fields []string
	err    error
}

// next returns the next row, a *CSVError (wrapping ErrRecord) for a row
// that cannot be split, or io.EOF or a read failure.
func (t *csvTable) next() (*row, error) {
	f, line, err := t.r.Read()
	var re *scan.RowError
	if errors.As(err, &re) {
		return nil, &CSVError{Prefix: "history", File: t.name, Line: re.StartLine, Err: fmt.Errorf("%w: %w", ErrRecord, rowCause(re))}
	}
	if err != nil && err != io.EOF {
		return nil, &CSVError{Prefix: "history", File: t.name, Line: t.r.Line() + 1, Err: fmt.Errorf("%w: %w", ErrRead, err)}
	}
	if err != nil {
		return nil, err
	}
	return &row{t: t, line: line, fields: f}, nil
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
		r.err = &CSVError{Prefix: "history", File: r.t.name, Line: r.line, Field: c, Err: fmt.Errorf("%w: %w", ErrRecord, err)}
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
		if err := r.t.dec.Decode([]byte(s), v); err != nil {
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
// of the records (CostLineColumns), in any order: a line belongs to the
// record of its fiscal_year and project_id, wherever it is in the file.
// The members that are structures are JSON in their columns, in the
// layout of the JSON lines (Record's members): goals (goals.Tree), experts
// ([]exante.Expert), host, forms ([]monitoring.Form), rectifications,
// goal_versions (goals.Versions), goal_experts, prior_actuals, department
// (DepartmentRecord: the department's evaluation and carry-overs),
// decisions (Decisions, with the department's decision in
// next_year.department) and policy_evaluation (evaluation.PolicyEvaluation), so that a record goes through CSV and back
// unchanged; an empty cell is a member not recorded.
//
// A bad row is yielded as a *CSVError (wrapping ErrRecord) with its line,
// and reading goes on at the next line: a row that cannot be split (a stray
// quote, a wrong number of fields), a bad cell, a record whose cost line
// has a bad cell, a second record of a project and year that has cost
// lines (they cannot be told apart), and after the records every cost line
// whose record is missing (an orphan), each counted as one error. A bad
// header or a read failure is yielded once, wrapping ErrRead, and ends the
// stream.
//
// Memory: the cost lines are held, grouped by record, while the records
// stream (about the size of the cost-lines file); one record at a time.
func ReadCSV(records, costLines io.Reader) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		rt, err := newCSVTable("records", records, []string{"fiscal_year", "project_id", "unit_id", "amount"})
		if err != nil {
			yield(nil, err)
			return
		}
		var lines *costLineIndex
		if costLines != nil {
			lt, err := newCSVTable("cost_lines", costLines, []string{"fiscal_year", "project_id", "amount"})
			if err != nil {
				yield(nil, err)
				return
			}
			var ok bool
			if lines, ok = readCostLines(lt, yield); !ok {
				return
			}
		}
		for {
			r, err := rt.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if !yield(nil, err) || errors.Is(err, ErrRead) {
					return
				}
				continue
			}
			rec := recordFromRow(r)
			if lines != nil {
				lines.take(rec, r)
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
		if lines != nil {
			for _, o := range lines.orphans() {
				err := &CSVError{Prefix: "history", File: "cost_lines", Line: o.line,
					Err: fmt.Errorf("%w: cost line of %s %d matches no record", ErrRecord, o.key.ProjectID, o.key.FiscalYear)}
				if !yield(nil, err) {
					return
				}
			}
		}
	}
}

// costLineIndex holds the cost lines of a history by record key.
type costLineIndex struct {
	groups map[Key]*costGroup
}

// costGroup is one record's cost lines; taken is the line of the record
// that took them (0: none yet).
type costGroup struct {
	lines []costLine
	taken int
}

type costLine struct {
	line int
	key  Key
	cl   performance.CostLine
	err  error
}

// readCostLines reads every cost line, yielding the rows that cannot be
// split or keyed; ok is false when the caller stopped or reading failed.
func readCostLines(lt *csvTable, yield func(*Record, error) bool) (*costLineIndex, bool) {
	idx := &costLineIndex{groups: map[Key]*costGroup{}}
	for {
		l, err := lt.next()
		if errors.Is(err, io.EOF) {
			return idx, true
		}
		if err != nil {
			if !yield(nil, err) || errors.Is(err, ErrRead) {
				return nil, false
			}
			continue
		}
		k := l.key()
		if l.err != nil && (k.ProjectID == "" || k.FiscalYear == 0) {
			// No record to blame: the line alone is rejected.
			if !yield(nil, l.err) {
				return nil, false
			}
			continue
		}
		cl := performance.CostLine{
			Item: l.str("item"), Specification: l.str("specification"), Quantity: l.dec("quantity"),
			Unit: l.str("unit"), UnitPrice: l.dec("unit_price"), Amount: l.dec("amount"),
			StandardID: l.code("standard_id"),
		}
		g := idx.groups[k]
		if g == nil {
			g = &costGroup{}
			idx.groups[k] = g
		}
		g.lines = append(g.lines, costLine{line: l.line, key: k, cl: cl, err: l.err})
	}
}

// take gives rec (read from row r) its cost lines, in file order. A bad
// cost line fails the record; so does a second record of a key whose lines
// an earlier one took.
func (idx *costLineIndex) take(rec *Record, r *row) {
	g := idx.groups[rec.Key()]
	if g == nil {
		return
	}
	if g.taken != 0 {
		if r.err == nil {
			r.err = &CSVError{Prefix: "history", File: "records", Line: r.line, Field: "project_id",
				Err: fmt.Errorf("%w: %s %d is also on line %d, and cost lines name no record but by project and year",
					ErrRecord, rec.Project.ID, rec.Project.FiscalYear, g.taken)}
		}
		return
	}
	g.taken = r.line
	for _, l := range g.lines {
		rec.Project.CostLines = append(rec.Project.CostLines, l.cl)
		if l.err != nil && r.err == nil {
			r.err = l.err
		}
	}
	g.lines = nil
}

// orphans returns the cost lines no record took, in file order.
func (idx *costLineIndex) orphans() []costLine {
	var out []costLine
	for _, g := range idx.groups {
		if g.taken == 0 {
			out = append(out, g.lines...)
		}
	}
	slices.SortFunc(out, func(a, b costLine) int { return a.line - b.line })
	return out
}

func recordFromRow(r *row) *Record {
	rec := &Record{Round: r.int("round")}
	p := &rec.Project
	p.FiscalYear, p.ID = r.int("fiscal_year"), r.code("project_id")
	p.Name, p.UnitID = r.str("name"), r.code("unit_id")
	if k, err := performance.ParseKind(r.str("kind")); err != nil {
		r.fail("kind", err)
	} else {
		p.Kind = k
	}
	p.New, p.Category, p.Basis, p.Content = r.bool("new"), r.str("category"), r.str("basis"), r.str("content")
	p.Period = performance.Period{Start: r.month("period_start"), End: r.month("period_end")}
	p.TotalInvestment, p.InvestedToDate, p.Amount = r.dec("total_investment"), r.dec("invested_to_date"), r.dec("amount")
	p.FundSource = r.str("fund_source")
	rec.Execution.InitialBudget, rec.Execution.AdjustedBudget = r.dec("initial_budget"), r.dec("adjusted_budget")
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
	if r.str("host") != "" { // the host's own fields, a JSON object of scalars
		r.json("host", &p.Host)
	}
	r.json("forms", &rec.Forms)
	r.json("rectifications", &rec.Rectifications)
	if r.str("goal_versions") != "" {
		rec.GoalVersions = new(goals.Versions)
		r.json("goal_versions", rec.GoalVersions)
	}
	r.json("goal_experts", &rec.GoalExperts)
	r.json("prior_actuals", &rec.PriorActuals)
	if r.str("department") != "" {
		rec.Department = new(DepartmentRecord)
		r.json("department", rec.Department)
	}
	if r.str("decisions") != "" {
		rec.Decisions = new(Decisions)
		r.json("decisions", rec.Decisions)
	}
	if r.str("policy_evaluation") != "" {
		rec.PolicyEvaluation = new(evaluation.PolicyEvaluation)
		r.json("policy_evaluation", rec.PolicyEvaluation)
	}
	return rec
}

// CSVWriter writes records in the CSV layout ReadCSV reads: a records file
// and a cost-lines file, every member of a record included.
type CSVWriter struct {
	records, lines *csv.Writer
	started        bool
}

// NewCSVWriter returns a writer of the two files. Call Flush when done.
func NewCSVWriter(records, costLines io.Writer) *CSVWriter {
	return &CSVWriter{records: csv.NewWriter(records), lines: csv.NewWriter(costLines)}
}

// ErrNoCSVForm was returned by [CSVWriter.Write] for a record with members
// the CSV layout had no columns for.
//
// Deprecated: the layout now holds every member of a record (goal
// versions, goal experts, prior actuals, forms, rectifications, the
// department and the decisions); Write no longer returns it.
var ErrNoCSVForm = errors.New("history: the record has members the CSV layout cannot hold")

// Write writes one record and its cost lines. The error is the writer's,
// or a member that cannot be encoded as JSON.
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
		strconv.Itoa(r.Round), str(r.Execution.InitialBudget), str(r.Execution.AdjustedBudget)}
	for m := range 12 {
		if m < len(r.Execution.Monthly) {
			row = append(row, str(r.Execution.Monthly[m]))
		} else {
			row = append(row, "")
		}
	}
	row = append(row, strconv.FormatBool(r.Execution.Continuing), r.Evaluation.Source, str(r.Evaluation.Score), str(r.Evaluation.Attainment),
		str(r.CarryOver), str(r.Requested), jsonText(r.Goals), jsonText(r.Experts), hostText(p.Host))
	for _, m := range []struct {
		v     any
		empty bool
	}{
		{r.Forms, r.Forms == nil}, {r.Rectifications, r.Rectifications == nil}, {r.GoalVersions, r.GoalVersions == nil},
		{r.GoalExperts, r.GoalExperts == nil}, {r.PriorActuals, r.PriorActuals == nil},
		{r.Department, r.Department == nil}, {r.Decisions, r.Decisions == nil},
		{r.PolicyEvaluation, r.PolicyEvaluation == nil},
	} {
		cell, err := memberText(m.v, m.empty)
		if err != nil {
			return fmt.Errorf("history: %s %d: %w", p.ID, p.FiscalYear, err)
		}
		row = append(row, cell)
	}
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
	case []exante.Expert:
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

// memberText writes a member as JSON, "" when it was not recorded (nil):
// an empty list recorded as such is written "[]", so that it reads back
// as recorded.
func memberText(v any, empty bool) (string, error) {
	if empty {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// hostText writes host values as a JSON object, "" when there are none.
func hostText(h performance.HostValues) string {
	if len(h) == 0 {
		return ""
	}
	return jsonText(h)
}
