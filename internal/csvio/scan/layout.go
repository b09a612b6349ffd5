package scan

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"time"
)

// A Column is one column of a flat CSV layout: its name, the headings
// (Chinese, as the printed forms give them) that also name it, and
// whether the header must have it.
type Column struct {
	Name    string
	Aliases []string
	Need    bool
}

// A Layout is the columns of one flat CSV layout (a header, then one row
// per record), as the readers of evaluation and goals use it.
type Layout []Column

// Names returns the columns' names in order, in a fresh slice.
func (l Layout) Names() []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = c.Name
	}
	return out
}

// Header reads the header record of sr and maps its cells to the
// layout's columns (0-based field numbers; a column matches by name in
// any case or by one of its headings). Every problem of the header (an
// unknown column, one given twice, a required one missing) is reported
// at once, in an error wrapping errHeader; name names the file.
func (l Layout) Header(name string, sr *Reader, errHeader error) (map[string]int, error) {
	head, _, err := sr.Read()
	if err != nil {
		var re *RowError
		switch {
		case err == io.EOF:
			return nil, fmt.Errorf("%s:1: %w: empty file", name, errHeader)
		case errors.As(err, &re):
			re.File = name
			return nil, fmt.Errorf("%w: %w", errHeader, re)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	var errs []string
	for i, h := range head {
		h = strings.TrimSpace(h)
		c, ok := l.columnOf(h)
		switch {
		case !ok:
			errs = append(errs, fmt.Sprintf("column %d: unknown column %q (want %s)", i+1, h, strings.Join(l.Names(), ", ")))
		case col[c] != 0:
			errs = append(errs, fmt.Sprintf("column %d: column %s given twice", i+1, c))
		default:
			col[c] = i + 1
		}
	}
	for _, c := range l {
		if c.Need && col[c.Name] == 0 {
			errs = append(errs, "missing column "+c.Name)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s:1: %w: %s", name, errHeader, strings.Join(errs, "; "))
	}
	for c := range col {
		col[c]--
	}
	return col, nil
}

func (l Layout) columnOf(h string) (string, bool) {
	for _, c := range l {
		if strings.EqualFold(h, c.Name) || slices.Contains(c.Aliases, h) {
			return c.Name, true
		}
	}
	return "", false
}

// A Row is one record of a flat layout being read: the file's name, the
// columns (from [Layout.Header]), the cells, the line, the layout's row
// sentinel, which every cell error wraps, and the errors found.
type Row struct {
	File string
	Col  map[string]int
	Rec  []string
	Line int
	Kind error
	Errs []*RowError
}

// Cell returns the trimmed cell of column c ("" when the file has no such
// column or the record is short).
func (r *Row) Cell(c string) string {
	i, ok := r.Col[c]
	if !ok || i >= len(r.Rec) {
		return ""
	}
	return strings.TrimSpace(r.Rec[i])
}

// Code returns the trimmed cell of column c, an identifier or code, and
// whether it is one: an empty cell fails with the message none, a cell
// with an invisible character as [CheckCode] says.
func (r *Row) Code(c, none string) (string, bool) {
	s := r.Cell(c)
	if s == "" {
		r.Fail(c, errors.New(none))
		return s, false
	}
	if err := CheckCode(s); err != nil {
		r.Fail(c, err)
		return s, false
	}
	return s, true
}

// Fail records a problem of the cell of column c.
func (r *Row) Fail(c string, err error) {
	r.Errs = append(r.Errs, r.RowErr(c, fmt.Errorf("%w: %w", r.Kind, err)))
}

// RowErr returns the error err of the cell of column c.
func (r *Row) RowErr(c string, err error) *RowError {
	f := 0
	if i, ok := r.Col[c]; ok {
		f = i + 1
	}
	return &RowError{File: r.File, StartLine: r.Line, Line: r.Line, Column: f, Index: f, Field: c, Err: err}
}

// SplitList splits a list cell at ";", "；" or a line break, dropping
// empty items; more than max items is an error before they are kept.
func SplitList(s string, max int) ([]string, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) > max {
		return nil, fmt.Errorf("%d items, at most %d", len(out), max)
	}
	return slices.Clip(out), nil
}

// ParseYesNo reads a yes/no cell: empty, false, no, 0, 否 are false;
// true, yes, 1, 是 are true.
func ParseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "false", "no", "0", "否":
		return false, nil
	case "true", "yes", "1", "是":
		return true, nil
	}
	return false, fmt.Errorf("%q is not yes or no (true/false, 是/否)", s)
}

// ParseDate reads a date cell: YYYY-MM-DD (midnight UTC) or RFC 3339,
// year 1900–9999. An empty cell is an error.
func ParseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("no date")
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if d, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
		}
	}
	if y := d.Year(); y < 1900 || y > 9999 {
		return time.Time{}, fmt.Errorf("%q is not a date of 1900–9999", s)
	}
	return d, nil
}
