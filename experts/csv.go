package experts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// ErrHeader is wrapped by the error of a CSV file whose header lacks a
// required column, names one twice or names an unknown one.
var ErrHeader = errors.New("experts: bad header")

// expertColumns are the columns of an expert list in CSV, in the order
// WriteExpertsCSV writes them. The panels served (history) are kept in
// JSON only.
var expertColumns = []string{"id", "name", "fields", "title", "level", "employer", "region", "status", "status_reason", "status_date", "conflicts"}

// agencyColumns are the columns of an agency list in CSV; qualifications
// are separated by ";". Engagements are kept in JSON only.
var agencyColumns = []string{"id", "name", "qualifications", "staff", "region", "status", "status_reason", "status_date"}

// ExpertColumns returns the columns of an expert list in CSV: id, name,
// fields (codes separated by ";"), title, level, employer, region, status,
// status_reason, status_date, conflicts ("unit_id:relation" pairs
// separated by ";"). id, name, fields and status are required.
func ExpertColumns() []string { return append([]string(nil), expertColumns...) }

// AgencyColumns returns the columns of an agency list in CSV: id, name,
// qualifications (separated by ";"), staff, region, status, status_reason,
// status_date. id, name, qualifications and status are required.
func AgencyColumns() []string { return append([]string(nil), agencyColumns...) }

// A RowError is a CSV row that cannot be read or used: the library's one
// CSV row error (internal/csvio/scan.RowError, shaped like encoding/csv's
// ParseError; history.CSVError and monitoring.RowError are the same
// type). File names the file, Line is the 1-based line of the row, Column
// and Index the 1-based field number of the cell at fault (0 for the whole
// row), Field the column's name, and Err the cause. Its text is
// "file:line:column: field: cause".
type RowError = scan.RowError

// csvTable reads a CSV file with a header into rows of named cells; bad
// records are *RowError with their lines, and reading goes on.
type csvTable struct {
	name string
	cols map[string]int
	rows []csvRow
	errs []error
}

type csvRow struct {
	line  int
	cells map[string]string
}

func readTable(name string, r io.Reader, known []string, required ...string) (*csvTable, error) {
	sr := scan.NewReader(r)
	head, _, err := sr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: %w: empty file", name, ErrHeader)
		}
		return nil, fmt.Errorf("%s: %w: %w", name, ErrHeader, err)
	}
	t := &csvTable{name: name, cols: map[string]int{}}
	var errs []string
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		switch _, dup := t.cols[h]; {
		case dup:
			errs = append(errs, "column "+strconv.Quote(h)+" named twice")
		case !slices.Contains(known, h):
			errs = append(errs, "unknown column "+strconv.Quote(h))
		}
		t.cols[h] = i
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			errs = append(errs, "missing column "+strconv.Quote(c))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s:1: %w: %s", name, ErrHeader, strings.Join(errs, "; "))
	}
	for {
		rec, line, err := sr.Read()
		if err == io.EOF {
			return t, nil
		}
		var re *scan.RowError
		if errors.As(err, &re) {
			re.File = name
			t.errs = append(t.errs, re)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		row := csvRow{line: line, cells: map[string]string{}}
		for c, i := range t.cols {
			if i < len(rec) {
				row.cells[c] = strings.TrimSpace(rec[i])
			}
		}
		t.rows = append(t.rows, row)
	}
}

// rowErr is the row error of column col of row.
func (t *csvTable) rowErr(row csvRow, col string, err error) *scan.RowError {
	i := t.cols[col] + 1
	if _, ok := t.cols[col]; !ok {
		i = 0
	}
	return &scan.RowError{File: t.name, StartLine: row.line, Line: row.line, Column: i, Index: i, Field: col, Err: err}
}

// problemErrs turns the problems of one record validated alone (paths
// such as "experts[0].fields[1]" or "[0].status") into row errors on the
// column the path names.
func (t *csvTable) problemErrs(row csvRow, ps performance.Problems) []error {
	var out []error
	for _, p := range ps {
		path := p.Path
		if i := strings.Index(path, "]."); i >= 0 {
			path = path[i+2:]
		}
		if i := strings.IndexAny(path, ".["); i >= 0 {
			path = path[:i]
		}
		col := path
		switch col {
		case "history", "engagements":
			col = ""
		}
		out = append(out, t.rowErr(row, col, errors.New(p.Message.In(performance.LangEN)+" ("+p.Code+")")))
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ReadExpertsCSV reads an expert list from CSV (UTF-8; see
// [ExpertColumns]) against the bureau's field list (nil means
// [DefaultFields]). Every row is checked on its own, as [Library.Validate]
// checks an expert, and against the rows before it for a repeated ID: a
// bad row is left out and reported as a *RowError (file, line, the
// column's field number and name), every one joined in the error, and the
// others are kept. A bad header is fatal and wraps [ErrHeader].
func ReadExpertsCSV(name string, r io.Reader, fields []Field) (*Library, error) {
	t, err := readTable(name, r, expertColumns, "id", "name", "fields", "status")
	if err != nil {
		return nil, err
	}
	lib := &Library{Fields: fields}
	errs := t.errs
	seen := map[string]int{}
	for _, row := range t.rows {
		c := row.cells
		e := Expert{ID: c["id"], Name: c["name"], Fields: splitList(c["fields"]), Title: c["title"], Level: c["level"],
			Employer: c["employer"], Region: c["region"], Status: Status(c["status"]),
			StatusReason: c["status_reason"], StatusDate: c["status_date"]}
		var rowErrs []error
		for _, pair := range splitList(c["conflicts"]) {
			unit, rel, _ := strings.Cut(pair, ":")
			e.Conflicts = append(e.Conflicts, Conflict{UnitID: strings.TrimSpace(unit), Relation: strings.TrimSpace(rel)})
		}
		one := Library{Fields: fields, Experts: []Expert{e}}
		var ps performance.Problems
		if errors.As(one.Validate(), &ps) {
			rowErrs = append(rowErrs, t.problemErrs(row, ps)...)
		}
		if at, dup := seen[e.ID]; dup && e.ID != "" {
			rowErrs = append(rowErrs, t.rowErr(row, "id", fmt.Errorf("expert %q repeats line %d", e.ID, at)))
		}
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		seen[e.ID] = row.line
		lib.Experts = append(lib.Experts, e)
	}
	return lib, joinByLine(errs)
}

// joinByLine joins row errors in line order (records that could not be
// split come from the reader before the rows' own problems).
func joinByLine(errs []error) error {
	line := func(e error) int {
		var re *scan.RowError
		if errors.As(e, &re) {
			return re.StartLine
		}
		return 0
	}
	slices.SortStableFunc(errs, func(a, b error) int { return line(a) - line(b) })
	return errors.Join(errs...)
}

// WriteExpertsCSV writes the library's experts as CSV with the columns of
// [ExpertColumns], in library order; [ReadExpertsCSV] reads it back (the
// history aside).
func WriteExpertsCSV(w io.Writer, l *Library) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(expertColumns); err != nil {
		return err
	}
	for _, e := range l.Experts {
		var cs []string
		for _, c := range e.Conflicts {
			cs = append(cs, c.UnitID+":"+c.Relation)
		}
		if err := cw.Write([]string{e.ID, e.Name, strings.Join(e.Fields, ";"), e.Title, e.Level, e.Employer, e.Region,
			string(e.Status), e.StatusReason, e.StatusDate, strings.Join(cs, ";")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadAgenciesCSV reads an agency list from CSV (UTF-8; see
// [AgencyColumns]), rows checked as [ValidateAgencies] checks an agency,
// with the errors of [ReadExpertsCSV].
func ReadAgenciesCSV(name string, r io.Reader) ([]Agency, error) {
	t, err := readTable(name, r, agencyColumns, "id", "name", "qualifications", "status")
	if err != nil {
		return nil, err
	}
	var out []Agency
	errs := t.errs
	seen := map[string]int{}
	for _, row := range t.rows {
		c := row.cells
		a := Agency{ID: c["id"], Name: c["name"], Qualifications: splitList(c["qualifications"]), Region: c["region"],
			Status: Status(c["status"]), StatusReason: c["status_reason"], StatusDate: c["status_date"]}
		var rowErrs []error
		if s := c["staff"]; s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				rowErrs = append(rowErrs, t.rowErr(row, "staff", fmt.Errorf("not a whole number: %q", s)))
			}
			a.Staff = n
		}
		var ps performance.Problems
		if errors.As(ValidateAgencies([]Agency{a}), &ps) {
			rowErrs = append(rowErrs, t.problemErrs(row, ps)...)
		}
		if at, dup := seen[a.ID]; dup && a.ID != "" {
			rowErrs = append(rowErrs, t.rowErr(row, "id", fmt.Errorf("agency %q repeats line %d", a.ID, at)))
		}
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		seen[a.ID] = row.line
		out = append(out, a)
	}
	return out, joinByLine(errs)
}

// WriteAgenciesCSV writes agencies as CSV with the columns of
// [AgencyColumns]; [ReadAgenciesCSV] reads it back (engagements aside).
func WriteAgenciesCSV(w io.Writer, as []Agency) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(agencyColumns); err != nil {
		return err
	}
	for _, a := range as {
		if err := cw.Write([]string{a.ID, a.Name, strings.Join(a.Qualifications, ";"), strconv.Itoa(a.Staff), a.Region,
			string(a.Status), a.StatusReason, a.StatusDate}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
